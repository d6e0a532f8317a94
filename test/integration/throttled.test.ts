import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
} from '../../cli/local-context.ts';
import { drainNotifyQueue } from '../../cli/local-stack/drain-notify-queue.ts';
import { type FaultProxy, startFaultProxy } from '../../cli/local-stack/fault-proxy.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { type LocalSms, startLocalSms } from '../../cli/local-stack/local-sms.ts';
import { readSesInbox, type SesLocal, startSesLocal } from '../../cli/local-stack/ses-local.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../../shared/adapters/dynamodb/table-specs.ts';
import { SEND_RETRY } from '../../shared/adapters/retry-policy.ts';
import { SesEmailSender } from '../../shared/adapters/ses/ses-email-sender.ts';
import { SnsSmsSender } from '../../shared/adapters/sns/sns-sms-sender.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import type { DeliveryRecord } from '../../shared/notifications/delivery-record.ts';
import { runMonth } from '../support/cycle-flow.ts';

/**
 * Progress under throttling (issue 11, item 3), on the local servers behind the fault proxy: 30% of
 * DynamoDB calls answered ThrottlingException, then 30% of SES and SNS sends answered with their
 * throttling errors. One run pays the whole register; one drain sends every message once.
 */

const CYCLE = '2026-12' as CycleId;
const proxies: FaultProxy[] = [];
let sms: LocalSms;
// Its own SES server, so that its inbox holds exactly the emails this drain sent.
let sesServer: SesLocal;

async function freshTables(prefix: string): Promise<DafaaTableNames> {
  const tables = tableNamesWithPrefix(`it-${prefix}-${randomUUID().slice(0, 8)}-`);
  const client = new DynamoDBClient(localAwsClientConfig(inject('dynamodbEndpoint')));
  await createTables(client, tables);
  client.destroy();
  return tables;
}

async function seeded(prefix: string, households: number) {
  const tables = await freshTables(prefix);
  const direct = localCycleDeps(inject('dynamodbEndpoint'), {}, tables, inject('sqsEndpoint'));
  const register = [
    ...generateRegister({
      households,
      seed: 8,
      arrearsDueBy: CYCLE,
      asOf: '2026-10-01' as IsoDate,
    }),
  ];
  expect(await direct.households.putMany(register)).toEqual([]);
  return { tables, direct };
}

async function proxy(upstream: string, seed: number, throttleFirst = 0) {
  const started = await startFaultProxy({ upstream, throttleRate: 0.3, seed, throttleFirst });
  proxies.push(started);
  return started;
}

beforeAll(async () => {
  sms = await startLocalSms();
  sesServer = await startSesLocal();
});

afterAll(async () => {
  await Promise.all(proxies.map((started) => started.stop()));
  await sms.stop();
  await sesServer.stop();
});

describe('under throttling', () => {
  it('one run pays 3,000 households with 30% of DynamoDB calls throttled', async () => {
    const { tables, direct } = await seeded('throttled-cycle', 3_000);
    const dynamodb = await proxy(inject('dynamodbEndpoint'), 3);

    const { outcome, cycle } = await runMonth(
      localCycleDeps(dynamodb.endpoint, { minSegments: 4 }, tables, inject('sqsEndpoint')),
      { cycle: CYCLE },
    );

    expect(outcome).toEqual({ ended: 'finalized', status: 'completed' });
    expect(cycle.totals?.householdsSeen).toBe(3_000);
    const paymentIds = new Set<string>();
    for await (const item of direct.payments.listCycle(CYCLE))
      paymentIds.add(String(item.paymentId));
    expect(paymentIds.size).toBe(3_000);
    const counts = dynamodb.counts();
    expect(counts.throttled / counts.requests).toBeGreaterThan(0.25);
  }, 600_000);

  it('one drain sends every message exactly once, none dead-lettered, with 30% of sends throttled', async () => {
    const { tables, direct } = await seeded('throttled-notify', 300);
    expect((await runMonth(direct, { cycle: CYCLE })).outcome.ended).toBe('finalized');
    // The first wave's sends are throttled past the SDK's own retries, whatever order the 16
    // concurrent handlers arrive in: those deliveries settle throttled and go round again.
    const firstWave = 16 * SEND_RETRY.maxAttempts;
    const ses = await proxy(sesServer.endpoint, 5, firstWave);
    const sns = await proxy(sms.endpoint, 7, firstWave);
    const sentBefore = sms.sent.length;
    const notifier = localNotifierDeps(
      {
        dynamodb: inject('dynamodbEndpoint'),
        ses: inject('sesEndpoint'),
        sqs: inject('sqsEndpoint'),
      },
      localNotificationSettings,
      tables,
    );
    const deps = {
      ...notifier.deps,
      email: new SesEmailSender(
        new SESClient({ ...localAwsClientConfig(ses.endpoint), ...SEND_RETRY }),
        localNotificationSettings.email,
      ),
      sms: new SnsSmsSender(
        new SNSClient({ ...localAwsClientConfig(sns.endpoint), ...SEND_RETRY }),
        localNotificationSettings.sms,
      ),
      // No quiet hours: they would hold the SMS whenever this runs at night in Riyadh.
      settings: {
        ...localNotificationSettings,
        sms: { ...localNotificationSettings.sms, quietHours: null },
      },
    };

    const summary = await drainNotifyQueue(
      { ...notifier, deps },
      { concurrency: 16, waitUpToMs: 120_000 },
    );

    expect(summary.stillQueued).toBe(0);
    const deliveries: DeliveryRecord[] = [];
    for await (const delivery of notifier.deps.deliveries.list()) deliveries.push(delivery);
    expect(deliveries.filter((delivery) => delivery.status === 'dead-lettered')).toEqual([]);
    expect(deliveries.filter((delivery) => delivery.status === 'retrying')).toEqual([]);
    const sent = (channel: string) =>
      deliveries.filter((d) => d.channel === channel && d.status === 'sent').length;
    // What the providers took, one per delivery sent. (Not what the proxies passed on: a send that
    // fails on its way, on a kept-alive connection the server closes, is passed on twice.)
    const inbox = await readSesInbox(sesServer.endpoint);
    expect(inbox).toHaveLength(sent('email'));
    expect(new Set(inbox.map((email) => email.messageId))).toEqual(
      new Set(
        deliveries
          .filter((d) => d.channel === 'email' && d.status === 'sent')
          .map((d) => d.providerMessageId),
      ),
    );
    expect(sms.sent.length - sentBefore).toBe(sent('sms'));
    expect(sent('email')).toBeGreaterThan(100);
    expect(sent('sms')).toBeGreaterThan(100);
    expect(ses.counts().throttled).toBeGreaterThan(30);
    expect(sns.counts().throttled).toBeGreaterThan(30);
    expect(deliveries.some((delivery) => delivery.throttles > 0)).toBe(true);
  }, 600_000);
});
