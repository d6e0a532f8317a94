import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
  localOpsDeps,
} from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import {
  cloudWatchLogsEventOf,
  type SesTemplate,
  type SmsTemplate,
  sesEventOf,
  smsStatusLogOf,
  snsLambdaEventOf,
} from '../../cli/local-stack/receipt-events.ts';
import { createRecordReceiptsHandler } from '../../functions/record-receipts.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId } from '../../shared/calendar/calendar-date.ts';
import { deliverNotification } from '../../shared/notifications/deliver-notification.ts';
import type { DeliveryRecord } from '../../shared/notifications/delivery-record.ts';
import { sweepDeliveries } from '../../shared/notifications/sweep-deliveries.ts';
import { runDafaa } from '../support/cli.ts';
import { aHouseholdRecord } from '../support/households.ts';
import { aDepositedNotification } from '../support/notifications.ts';

/**
 * Delivery truth on the local servers (issue 12, item 3): messages sent through the local SES
 * server and SMS outbox, receipts in AWS's shapes handed to the recording Lambda's handler as SNS
 * and CloudWatch Logs deliver them, recorded on DynamoDB Local through the real indexes; the
 * sweeper reads the awaiting-receipt index; a hard bounce suppresses the next email until ops lift
 * it with the CLI.
 */

const tag = randomUUID().slice(0, 8);
const prefix = `it-truth-${tag}-`;
const tables = tableNamesWithPrefix(prefix);
const CYCLE = '2026-12' as CycleId;
const HOUR = 60 * 60 * 1000;
const context = {} as Context;

/** One household per SES and SMS shape, each sent one message. */
const SES_CASES: readonly [SesTemplate, DeliveryRecord['status'], string | null][] = [
  ['delivery', 'delivered', null],
  ['bounce-permanent', 'permanent-failure', 'bounce-permanent-general'],
  ['bounce-transient', 'temporary-failure', 'bounce-transient-mailbox-full'],
  ['bounce-undetermined', 'temporary-failure', 'bounce-undetermined-undetermined'],
  ['complaint', 'delivered', 'complaint-abuse'],
  ['reject', 'technical-failure', 'ses-reject-bad-content'],
  ['rendering-failure', 'technical-failure', 'rendering-failure'],
  ['delivery-delay', 'sent', 'delivery-delay-transient-communication-failure'],
  ['send', 'sent', null],
];
const SMS_CASES: readonly [SmsTemplate, DeliveryRecord['status'], string | null][] = [
  ['success', 'delivered', null],
  ['failure-unknown-error', 'temporary-failure', 'unknown-error-reaching-phone'],
  ['failure-carrier-blocked', 'technical-failure', 'carrier-blocked'],
];

const householdOf = (index: number) =>
  `H9${tag.replace(/\D/g, '').padEnd(4, '7').slice(0, 4)}${String(index).padStart(3, '0')}`;
const addressOf = (index: number) => `truth-${index}-${tag}@example.sa`;

let endpoints: { dynamodb: string; ses: string };
let notifier: ReturnType<typeof localNotifierDeps>;
let ops: ReturnType<typeof localOpsDeps>;
const sent: { email: DeliveryRecord; sms: DeliveryRecord; householdId: string }[] = [];

beforeAll(async () => {
  endpoints = { dynamodb: inject('dynamodbEndpoint'), ses: inject('sesEndpoint') };
  const client = new DynamoDBClient(localAwsClientConfig(endpoints.dynamodb));
  await createTables(client, tables);
  client.destroy();
  notifier = localNotifierDeps(
    endpoints,
    { ...localNotificationSettings, sms: { ...localNotificationSettings.sms, quietHours: null } },
    tables,
  );
  ops = localOpsDeps(endpoints.dynamodb, tables);
  const count = Math.max(SES_CASES.length, SMS_CASES.length);
  const households = Array.from({ length: count }, (_, index) =>
    aHouseholdRecord({ householdId: householdOf(index), contact: { email: addressOf(index) } }),
  );
  await localCycleDeps(endpoints.dynamodb, {}, tables).households.putMany(households);
  for (let index = 0; index < count; index += 1) {
    const notification = aDepositedNotification(householdOf(index), { email: addressOf(index) });
    await deliverNotification(notifier.deps, notification);
    const email = await notifier.deps.deliveries.get(`${notification.notificationId}#email`);
    const sms = await notifier.deps.deliveries.get(`${notification.notificationId}#sms`);
    if (email?.status !== 'sent' || sms?.status !== 'sent') throw new Error('not sent');
    sent.push({ email, sms, householdId: householdOf(index) });
  }
  process.env.DAFAA_DYNAMODB_ENDPOINT = endpoints.dynamodb;
  process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
  process.env.DAFAA_TABLE_PREFIX = prefix;
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterAll(() => {
  vi.restoreAllMocks();
});

const recorder = () =>
  createRecordReceiptsHandler(() => ({
    deliveries: ops.deliveries,
    suppressions: ops.suppressions.suppressions,
    clock: { now: () => new Date() },
  }));

function sesEvent(index: number, template: SesTemplate, at: string, tagged = true): unknown {
  const { email } = sent[index] ?? {};
  if (!email) throw new Error(`no email ${index}`);
  let body = sesEventOf(template, {
    messageId: email.providerMessageId ?? '',
    deliveryId: email.deliveryId,
    address: addressOf(index),
    sentAt: email.sentAt ?? '',
    at,
  });
  if (!tagged) {
    const json = JSON.parse(body) as { mail: { tags: Record<string, unknown> } };
    delete json.mail.tags['dafaa-delivery'];
    body = JSON.stringify(json);
  }
  return snsLambdaEventOf(body, `sns-${index}-${template}`);
}

describe('receipts on the local servers', () => {
  it('moves each email and SMS to the status its SES event or SNS status log gives', async () => {
    const handler = recorder();
    const at = new Date().toISOString();

    // Odd cases without the tag: found through the provider-message index instead.
    for (const [index, [template]] of SES_CASES.entries()) {
      await handler(sesEvent(index, template, at, index % 2 === 0), context);
    }
    const lines = SMS_CASES.map(([template], index) => ({
      id: String(index),
      at,
      message: smsStatusLogOf(template, {
        messageId: sent[index]?.sms.providerMessageId ?? '',
        to: '+966512345678',
        at,
      }),
    }));
    const tally = await handler(cloudWatchLogsEventOf(lines), context);

    expect(tally).toMatchObject({ received: 3, unmatched: 0, setAside: [] });
    for (const [index, [template, status, reason]] of SES_CASES.entries()) {
      expect(await ops.deliveries.get(sent[index]?.email.deliveryId ?? ''), template).toMatchObject(
        { status, reason },
      );
    }
    for (const [index, [template, status, reason]] of SMS_CASES.entries()) {
      expect(await ops.deliveries.get(sent[index]?.sms.deliveryId ?? ''), template).toMatchObject({
        status,
        reason,
      });
    }
  });

  it('makes every delivery with no receipt 72 hours after sending unknown, reading only what waits', async () => {
    const sentAt = Math.max(...sent.map(({ email }) => Date.parse(email.sentAt ?? '')));

    const tooSoon = await sweepDeliveries({ deliveries: ops.deliveries }, new Date(sentAt));
    const swept = await sweepDeliveries(
      { deliveries: ops.deliveries },
      new Date(sentAt + 73 * HOUR),
    );

    expect(tooSoon).toEqual({ examined: 0, markedUnknown: 0 });
    // Waiting: the delayed and the "Send only" emails, and the SMS beyond the three with a log.
    const waiting = 2 + (sent.length - SMS_CASES.length);
    expect(swept).toEqual({ examined: waiting, markedUnknown: waiting });
    expect(await ops.deliveries.get(sent[7]?.email.deliveryId ?? '')).toMatchObject({
      status: 'unknown',
    });
    expect(await ops.deliveries.get(sent[0]?.email.deliveryId ?? '')).toMatchObject({
      status: 'delivered',
    });

    // A receipt after the sweeper gave up still records the truth.
    await recorder()(sesEvent(8, 'delivery', new Date().toISOString()), context);
    expect(await ops.deliveries.get(sent[8]?.email.deliveryId ?? '')).toMatchObject({
      status: 'delivered',
    });
  });

  it('counts the cycle messages by how each ended, through the cycle index', async () => {
    const counts = await ops.deliveries.countByCycle(CYCLE);
    const { out, exitCode } = await runDafaa([
      'notify',
      'suppression',
      'list',
      '--household',
      sent[1]?.householdId ?? '',
    ]);

    expect(counts.email).toMatchObject({
      delivered: 3,
      'permanent-failure': 1,
      'temporary-failure': 2,
      'technical-failure': 2,
      unknown: 1,
    });
    expect(counts.sms).toMatchObject({
      delivered: 1,
      'temporary-failure': 1,
      'technical-failure': 1,
      unknown: sent.length - 3,
    });
    expect(exitCode).toBe(0);
    expect(out).toMatch(/t\*+\w@example\.sa +hard-bounce/);
    expect(out).not.toContain(addressOf(1));
  });
});

describe('a hard bounce, on the local servers', () => {
  it('suppresses the next email to the address until ops lift it with a reason', async () => {
    const bounced = sent[1];
    if (!bounced) throw new Error('no bounced household');
    const next = (id: string) =>
      deliverNotification(notifier.deps, {
        ...aDepositedNotification(bounced.householdId, { email: addressOf(1).toUpperCase() }),
        notificationId: `${id}-${tag}`,
      });

    const suppressed = await next('january');
    const refused = await runDafaa([
      'notify',
      'suppression',
      'lift',
      '--household',
      bounced.householdId,
      '--by',
      'ops-noura',
    ]);
    const lifted = await runDafaa([
      'notify',
      'suppression',
      'lift',
      '--household',
      bounced.householdId,
      '--by',
      'ops-noura',
      '--reason',
      'beneficiary confirmed the address by phone',
    ]);
    // A late copy of the old bounce does not undo the lifting.
    await recorder()(sesEvent(1, 'bounce-permanent', bounced.email.sentAt ?? ''), context);
    const after = await next('february');
    const timeline = await runDafaa(['household', bounced.householdId]);

    expect(suppressed.outcomes.email).toEqual({ kind: 'skipped', reason: 'suppressed' });
    expect(suppressed.outcomes.sms.kind).toBe('sent');
    expect(refused).toMatchObject({ exitCode: 2, err: expect.stringContaining('--reason') });
    expect(lifted.exitCode).toBe(0);
    expect(lifted.out).toMatch(/^Lifted t\*+\w@example\.sa \(hard-bounce\)/);
    expect(after.outcomes.email.kind).toBe('sent');
    expect(timeline.out).toContain('Suppressed email addresses');
    expect(timeline.out).toMatch(/hard-bounce .*by ops-noura/);
    expect(timeline.out).toMatch(
      /permanent-failure +\S*bounce-permanent-general|bounce-permanent-general/,
    );
    expect(timeline.out).not.toContain(addressOf(1));
    const audit = await runDafaa(['audit', 'list']);
    expect(audit.out).toContain('suppression.lift');
  });
});

describe('dafaa notify events and sweep, on the local servers', () => {
  it('simulates receipts for what is still waiting, sweeps, and refuses what it cannot do', async () => {
    const notSimulated = await runDafaa(['notify', 'events']);
    const badShare = await runDafaa(['notify', 'events', '--simulate', '--bounce', 'lots']);
    const simulated = await runDafaa([
      'notify',
      'events',
      '--simulate',
      '--silent',
      '0',
      '--seed',
      '3',
    ]);
    const swept = await runDafaa(['notify', 'sweep', '--hours-later', '73']);

    expect(notSimulated).toMatchObject({ exitCode: 2, err: expect.stringContaining('--simulate') });
    expect(badShare).toMatchObject({
      exitCode: 2,
      err: expect.stringContaining('--bounce takes a percentage from 0 to 100, not "lots"'),
    });
    expect(simulated.exitCode).toBe(0);
    expect(simulated.out).toMatch(/receipts read/);
    expect(simulated.out).toMatch(/Status set +Deliveries/);
    expect(swept).toMatchObject({ exitCode: 0, out: expect.stringMatching(/are now unknown\.$/) });
  });
});
