import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  cloudWatchLogsEventOf,
  type SesTemplate,
  type SmsTemplate,
  sesEventOf,
  smsStatusLogOf,
  snsLambdaEventOf,
} from '../../cli/local-stack/receipt-events.ts';
import {
  type DeliveryRecord,
  type DeliveryStatus,
  deliveryRecordSchema,
} from '../../shared/notifications/delivery-record.ts';
import { RECEIPT_DEADLINE_HOURS } from '../../shared/notifications/receipt.ts';

/**
 * The rehearsal's delivery truth, after the notifier has sent the month's messages: receipts reach
 * the recorder as AWS hands them over (an SES event per SNS notification from the configuration
 * set's topic; SNS's SMS delivery-status lines in a CloudWatch Logs subscription batch, in AWS's
 * documented shapes), and the hourly sweep finds a delivery whose send is moved 73 hours back, as
 * if three days had passed without a receipt. Both functions run as their roles, so every call
 * they make is checked like the rest of the month's.
 */

/** Invokes a function of the synthesized app, as its role, in a step of the rehearsal. */
export type Invoke = (entry: string, step: string, event: unknown) => Promise<unknown>;

export interface RehearsedReceipts {
  /** Receipts that changed a delivery, by the status they left it in. */
  readonly recorded: Readonly<Partial<Record<DeliveryStatus, number>>>;
  readonly received: number;
  /** Deliveries the sweep marked unknown. */
  readonly sweptUnknown: number;
  readonly facts: readonly string[];
}

/** The email events sent to the recorder, in turn; one of each kind AWS publishes for an email. */
const EMAIL_RECEIPTS: readonly SesTemplate[] = [
  'delivery',
  'bounce-permanent',
  'complaint',
  'bounce-transient',
  'reject',
  'rendering-failure',
  'delivery-delay',
];
const SMS_RECEIPTS: readonly SmsTemplate[] = [
  'success',
  'failure-unknown-error',
  'failure-carrier-blocked',
];

export async function rehearseReceipts(
  invoke: Invoke,
  deliveriesTable: string,
): Promise<RehearsedReceipts> {
  // Made after the rehearsal points the SDK at the local servers; never recorded (no actor).
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const sent = await sentDeliveries(documents, deliveriesTable);
  const emails = sent.filter((delivery) => delivery.channel === 'email');
  const texts = sent.filter((delivery) => delivery.channel === 'sms');
  // One of each channel keeps no receipt, for the sweep.
  const [unanswered, ...answeredEmails] = emails;
  const [, ...answeredTexts] = texts;
  if (!unanswered || answeredEmails.length === 0 || answeredTexts.length === 0) {
    throw new Error(
      `the notifier sent too few messages to rehearse receipts: ${emails.length} emails, ${texts.length} SMS`,
    );
  }
  const at = new Date().toISOString();
  const tallies: Tally[] = [];

  // SNS invokes the recorder once per message published to the topic: one SES event each.
  for (const [index, template] of EMAIL_RECEIPTS.entries()) {
    const delivery = answeredEmails[index % answeredEmails.length];
    if (!delivery) continue;
    const event = sesEventOf(template, {
      messageId: delivery.providerMessageId ?? '',
      deliveryId: delivery.deliveryId,
      address: `${delivery.householdId.toLowerCase()}@rehearsal.invalid`,
      sentAt: delivery.sentAt ?? at,
      at,
    });
    tallies.push(
      (await invoke(
        'record-receipts',
        'receipts',
        snsLambdaEventOf(event, `rehearsal-${index}`),
      )) as Tally,
    );
  }
  // CloudWatch Logs invokes it with a batch of the log group's new lines.
  const lines = answeredTexts.slice(0, 12).map((delivery, index) => ({
    id: String(index).padStart(56, '0'),
    at,
    message: smsStatusLogOf(SMS_RECEIPTS[index % SMS_RECEIPTS.length] ?? 'success', {
      messageId: delivery.providerMessageId ?? '',
      to: '+966500000000',
      at,
    }),
  }));
  tallies.push(
    (await invoke('record-receipts', 'receipts', cloudWatchLogsEventOf(lines))) as Tally,
  );

  // Three days pass for one email that no receipt came for: the next hourly sweep gives up on it.
  const sentAt = new Date(Date.now() - (RECEIPT_DEADLINE_HOURS + 1) * 60 * 60 * 1000);
  await documents.send(
    new UpdateCommand({
      TableName: deliveriesTable,
      Key: { deliveryId: unanswered.deliveryId },
      UpdateExpression: 'SET #sentAt = :sentAt',
      ExpressionAttributeNames: { '#sentAt': 'sentAt' },
      ExpressionAttributeValues: { ':sentAt': sentAt.toISOString() },
    }),
  );
  const swept = (await invoke('sweep-deliveries', 'sweeper', {})) as {
    examined: number;
    markedUnknown: number;
  };

  const recorded: Partial<Record<DeliveryStatus, number>> = {};
  for (const tally of tallies) {
    for (const [status, count] of Object.entries(tally.recorded)) {
      recorded[status as DeliveryStatus] = (recorded[status as DeliveryStatus] ?? 0) + count;
    }
  }
  const received = tallies.reduce((sum, tally) => sum + tally.received, 0);
  const statuses = Object.entries(recorded)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  return {
    recorded,
    received,
    sweptUnknown: swept.markedUnknown,
    facts: [
      `receipts: ${EMAIL_RECEIPTS.length} SES events through the topic, ${lines.length} SMS status lines in one log batch: ${statuses}; ${tallies.reduce((sum, tally) => sum + tally.suppressed, 0)} addresses suppressed`,
      `sweep: ${swept.examined} deliveries past ${RECEIPT_DEADLINE_HOURS} hours without a receipt, ${swept.markedUnknown} marked unknown`,
    ],
  };
}

/** What the recorder returns for an invocation (functions/record-receipts.ts). */
interface Tally {
  readonly received: number;
  readonly recorded: Readonly<Partial<Record<DeliveryStatus, number>>>;
  readonly suppressed: number;
}

/** The deliveries the notifier sent and recorded a provider message id for, in a stable order. */
async function sentDeliveries(
  documents: DynamoDBDocumentClient,
  table: string,
): Promise<DeliveryRecord[]> {
  const records: DeliveryRecord[] = [];
  for await (const page of paginateScan({ client: documents }, { TableName: table })) {
    for (const item of page.Items ?? []) {
      const record = deliveryRecordSchema.parse(item);
      if (record.status === 'sent' && record.providerMessageId !== null) records.push(record);
    }
  }
  return records.sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
}
