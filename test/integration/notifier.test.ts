import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
} from '../../cli/local-context.ts';
import { drainNotifyQueue } from '../../cli/local-stack/drain-notify-queue.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeliveryRepository } from '../../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../../shared/adapters/dynamodb/table-specs.ts';
import { SesEmailSender } from '../../shared/adapters/ses/ses-email-sender.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { type Notification, notificationIdOf } from '../../shared/notifications/notification.ts';
import { renderEmail } from '../../shared/notifications/templates.ts';
import { runMonth } from '../support/cycle-flow.ts';

/** The notifier on the local servers: Arabic email through the SES server, claims on DynamoDB Local. */

interface StoredEmail {
  messageId: string;
  subject: string;
  destination: { to: string[] };
  body: { text?: string; html?: string };
}

async function inbox(sesEndpoint: string): Promise<StoredEmail[]> {
  return ((await (await fetch(`${sesEndpoint}/store`)).json()) as { emails: StoredEmail[] }).emails;
}

const accepted: Notification = {
  notificationId: notificationIdOf('objection-accepted', 'O-H00000042-2026-09-1', 'H00000042'),
  householdId: 'H00000042',
  language: 'ar',
  contact: {
    mobile: '+966 55 123 4567',
    email: `arabic-${randomUUID().slice(0, 8)}@example.sa`,
    smsOptOut: false,
    emailOptOut: false,
  },
  event: 'objection-accepted',
  payload: {
    objectionId: 'O-H00000042-2026-09-1',
    resultCycle: '2026-09',
    arrearsMonths: ['2026-09', '2026-10', '2026-11'],
    arrearsHalalas: 388_800,
    arrearsPaymentDate: '2027-01-10',
  },
} as Notification;

describe('the notifier on the local servers', () => {
  let tableNames: DafaaTableNames;
  let dynamodbEndpoint: string;
  let sesEndpoint: string;

  beforeAll(async () => {
    dynamodbEndpoint = inject('dynamodbEndpoint');
    sesEndpoint = inject('sesEndpoint');
    tableNames = tableNamesWithPrefix(`it-notify-${randomUUID().slice(0, 8)}-`);
    const client = new DynamoDBClient(localAwsClientConfig(dynamodbEndpoint));
    await createTables(client, tableNames);
    client.destroy();
  });

  it('sends an Arabic email through the SES server, and it comes back intact', async () => {
    const sender = new SesEmailSender(
      new SESClient(localAwsClientConfig(sesEndpoint)),
      localNotificationSettings.email,
    );
    const rendered = renderEmail(accepted);
    const to = accepted.contact.email ?? '';

    await sender.send({ to, ...rendered, deliveryId: 'it-arabic' });

    const email = (await inbox(sesEndpoint)).find((candidate) =>
      candidate.destination.to.includes(to),
    );
    expect(email?.subject).toBe(rendered.subject);
    expect(email?.subject).toMatch(/[\u0600-\u06FF]/);
    expect(email?.body.text?.trim()).toBe(rendered.text.trim());
    expect(email?.body.html).toContain('dir="rtl"');
    expect(email?.body.html).toContain('lang="ar"');
    expect(email?.body.html).toContain('<bdi>');
  });

  it('lets exactly one of many simultaneous claims through, and only a retrying delivery be claimed again', async () => {
    const deliveries = new DynamoDbDeliveryRepository(
      createDocumentClient(localAwsClientConfig(dynamodbEndpoint)),
      tableNames.deliveries,
    );
    const claim = {
      deliveryId: 'n1#sms',
      notificationId: 'n1',
      channel: 'sms' as const,
      event: 'payment-deposited',
      householdId: 'H1',
      cycle: null,
      updatedAt: new Date().toISOString(),
    };

    const claims = await Promise.all(Array.from({ length: 8 }, () => deliveries.claim(claim)));
    expect(claims.filter((result) => result.claimed)).toHaveLength(1);

    // A throttled attempt is given back: the next claim is still the first attempt.
    await deliveries.settle('n1#sms', {
      status: 'retrying',
      reason: 'throttled',
      providerMessageId: null,
      segments: null,
      updatedAt: new Date().toISOString(),
      throttled: true,
    });
    expect(await deliveries.claim(claim)).toEqual({ claimed: true, attempts: 1, throttles: 1 });
    await deliveries.settle('n1#sms', {
      status: 'retrying',
      reason: 'provider-unavailable',
      providerMessageId: null,
      segments: null,
      updatedAt: new Date().toISOString(),
    });
    expect(await deliveries.claim(claim)).toEqual({ claimed: true, attempts: 2, throttles: 1 });
    await deliveries.settle('n1#sms', {
      status: 'sent',
      reason: null,
      providerMessageId: 'p-1',
      segments: 2,
      updatedAt: new Date().toISOString(),
    });
    expect(await deliveries.claim(claim)).toMatchObject({
      claimed: false,
      standing: { status: 'sent', attempts: 2, throttles: 1, segments: 2 },
    });
  });

  it('delivers the messages of a cycle once through the local SQS: emails to the inbox, SMS to the outbox, and nothing more on a second drain', async () => {
    const cycle = '2026-12' as CycleId;
    const cycleDeps = localCycleDeps(
      dynamodbEndpoint,
      { minSegments: 2, pageSize: 50 },
      tableNames,
      inject('sqsEndpoint'),
    );
    await cycleDeps.households.putMany([
      ...generateRegister({
        households: 60,
        seed: 11,
        arrearsDueBy: cycle,
        asOf: '2026-10-01' as IsoDate,
      }),
    ]);
    await runMonth(cycleDeps, { cycle });
    const settings = {
      ...localNotificationSettings,
      sms: { ...localNotificationSettings.sms, quietHours: null },
    };
    const notifier = localNotifierDeps(
      { dynamodb: dynamodbEndpoint, ses: sesEndpoint, sqs: inject('sqsEndpoint') },
      settings,
      tableNames,
    );
    const drain = () => drainNotifyQueue(notifier, { concurrency: 8, waitUpToMs: 5_000 });
    const emailsBefore = (await inbox(sesEndpoint)).length;

    const first = await drain();
    await runMonth(cycleDeps, { cycle, fullPass: true }); // queues every message again
    const second = await drain();

    const smsSent = first.byChannel.sms.sent ?? 0;
    const emailSent = first.byChannel.email.sent ?? 0;
    expect(first.messages).toBeGreaterThan(50);
    expect(smsSent).toBeGreaterThan(40);
    expect(emailSent).toBeGreaterThan(25);
    expect(await notifier.smsOutbox.count()).toBe(smsSent);
    expect((await inbox(sesEndpoint)).length - emailsBefore).toBe(emailSent);
    expect(second.messages).toBe(first.messages);
    expect(second.byChannel).toEqual({ sms: {}, email: {} });
    expect(await notifier.smsOutbox.count()).toBe(smsSent);
  });
});
