import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import { paymentRecordSchema } from '../../shared/cycles/payment-record.ts';
import {
  type Channel,
  deliveryIdOf,
  notificationIdOf,
} from '../../shared/notifications/notification.ts';
import { runMonth } from '../support/cycle-flow.ts';
import { aHouseholdRecord } from '../support/households.ts';

/**
 * Contact details are the channel's business (issue 11), on the local servers: households with an
 * unusable email address or mobile number in a small register on DynamoDB Local are paid, the
 * cycle's totals count the problems by reason, and the notifier sends the other channel (SMS to the
 * outbox, email through the SES server) and records the skip with its reason.
 */

const CYCLE = '2026-12' as CycleId;
const tag = randomUUID().slice(0, 8);
const address = (who: string) => `${who}-${tag}@example.sa`;

/** Eligible households with no income (paid the full amount), each with one unusable detail. */
const BAD_CONTACTS = {
  H80000001: { email: 'x@y..com', problem: 'invalid-email' },
  H80000002: { email: `${'x'.repeat(299_988)}@example.sa`, problem: 'invalid-email' },
  H80000003: { mobile: '+971 50 123 4567', email: address('uae'), problem: 'invalid-mobile' },
  H80000004: { mobile: '5'.repeat(300_000), email: address('long'), problem: 'invalid-mobile' },
} as const;

interface StoredEmail {
  destination: { to: string[] };
}

let deps: CycleDeps;
let endpoints: { dynamodb: string; ses: string; sqs: string };
let tables: ReturnType<typeof tableNamesWithPrefix>;

beforeAll(async () => {
  endpoints = {
    dynamodb: inject('dynamodbEndpoint'),
    ses: inject('sesEndpoint'),
    sqs: inject('sqsEndpoint'),
  };
  tables = tableNamesWithPrefix(`it-contact-${tag}-`);
  const client = new DynamoDBClient(localAwsClientConfig(endpoints.dynamodb));
  await createTables(client, tables);
  client.destroy();
  deps = localCycleDeps(
    endpoints.dynamodb,
    { minSegments: 2, pageSize: 10 },
    tables,
    endpoints.sqs,
  );
  await deps.households.putMany([
    ...generateRegister({
      households: 30,
      seed: 23,
      arrearsDueBy: CYCLE,
      asOf: '2026-10-01' as IsoDate,
    }),
    ...Object.entries(BAD_CONTACTS).map(([householdId, { problem: _problem, ...contact }]) =>
      aHouseholdRecord({ householdId, contact }),
    ),
  ]);
});

describe('households with unusable contact details, on the local servers', () => {
  it('pays them, counts the problems by reason, and sends each the channel it can use', async () => {
    const { outcome, cycle } = await runMonth(deps, { cycle: CYCLE });

    expect(outcome).toEqual({ ended: 'finalized', status: 'completed' });
    expect(cycle.totals?.contactProblems).toEqual({ 'invalid-email': 2, 'invalid-mobile': 2 });
    for (const [householdId, { problem }] of Object.entries(BAD_CONTACTS)) {
      const record = paymentRecordSchema.parse(await deps.payments.get(CYCLE, householdId));
      expect(record, householdId).toMatchObject({
        status: 'paid',
        amountHalalas: 72_000,
        contactProblems: [
          { channel: problem === 'invalid-email' ? 'email' : 'sms', reason: problem },
        ],
      });
      expect(JSON.stringify(record)).not.toMatch(/x@y\.\.com|\+971|5{20}|x{20}/);
    }

    const notifier = localNotifierDeps(
      endpoints,
      { ...localNotificationSettings, sms: { ...localNotificationSettings.sms, quietHours: null } },
      tables,
    );
    const summary = await drainNotifyQueue(notifier, { concurrency: 4, waitUpToMs: 5_000 });

    expect(summary.unreadable).toBe(0);
    expect(summary.byChannel.sms['skipped:invalid-mobile']).toBe(2);
    expect(summary.byChannel.email['skipped:invalid-email']).toBe(2);
    const deliveryOf = (householdId: string, channel: Channel) =>
      notifier.deps.deliveries.get(
        deliveryIdOf(notificationIdOf('payment-deposited', CYCLE, householdId), channel),
      );
    const smsSentTo = new Set((await notifier.smsOutbox.list()).map((sms) => sms.deliveryId));
    const inbox = (
      (await (await fetch(`${endpoints.ses}/store`)).json()) as { emails: StoredEmail[] }
    ).emails.flatMap((email) => email.destination.to);
    for (const [householdId, { problem }] of Object.entries(BAD_CONTACTS)) {
      const [skipped, used]: [Channel, Channel] =
        problem === 'invalid-email' ? ['email', 'sms'] : ['sms', 'email'];
      expect(await deliveryOf(householdId, skipped), householdId).toMatchObject({
        status: 'skipped',
        reason: problem,
      });
      const delivery = await deliveryOf(householdId, used);
      expect(delivery?.status, householdId).toBe('sent');
      if (used === 'sms') expect(smsSentTo.has(delivery?.deliveryId ?? '')).toBe(true);
    }
    expect(inbox).toEqual(expect.arrayContaining([address('uae'), address('long')]));
  });
});
