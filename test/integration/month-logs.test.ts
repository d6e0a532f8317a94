import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
} from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createNotifyQueues } from '../../cli/local-stack/local-sqs.ts';
import { feedLikeEventSource } from '../../cli/local-stack/sqs-event-source.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createNotifyHandler } from '../../functions/notify.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import { SqsNotificationQueue } from '../../shared/adapters/sqs/sqs-notification-queue.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { type CapturedOutput, captureOutput } from '../support/captured-output.ts';
import { runMonth } from '../support/cycle-flow.ts';
import { leaksIn, personalValues } from '../support/personal-data.ts';

/**
 * A month on the local servers, as the functions log it: the seeded register in DynamoDB Local,
 * paid through the synthesized state machine's states, its notifications queued on the local SQS
 * and fed to the notify handler as Lambda's event source feeds it, email through the local SES
 * server. Every line the handlers write is JSON; none holds a national id, mobile number, email
 * address or IBAN of the register.
 */

const CYCLE = '2026-12' as CycleId;
const HOUSEHOLDS = 60;
const tuning = { pageSize: 20, writeConcurrency: 4, minSegments: 3, householdsPerSegment: 1_000 };

describe("a month's logs on the local servers", () => {
  let output: CapturedOutput | undefined;
  afterAll(() => output?.restore());

  it('are JSON keyed by the ids, and hold no personal data of the register', async () => {
    const prefix = `it-month-logs-${randomUUID().slice(0, 8)}-`;
    const tables = tableNamesWithPrefix(prefix);
    const endpoints = { dynamodb: inject('dynamodbEndpoint'), ses: inject('sesEndpoint') };
    const admin = new DynamoDBClient(localAwsClientConfig(endpoints.dynamodb));
    await createTables(admin, tables);
    admin.destroy();
    const queues = await createNotifyQueues(inject('sqsEndpoint'), prefix);
    const client = new SQSClient(localAwsClientConfig(inject('sqsEndpoint')));
    const queue = new SqsNotificationQueue(client, queues.queueUrl);
    const register = [
      ...generateRegister({
        households: HOUSEHOLDS,
        seed: 21,
        arrearsDueBy: CYCLE,
        asOf: '2026-10-01' as IsoDate,
      }),
    ];
    const cycle = { ...localCycleDeps(endpoints.dynamodb, tuning, tables), notifications: queue };
    await cycle.households.putMany(register);
    const settings = {
      ...localNotificationSettings,
      sms: { ...localNotificationSettings.sms, quietHours: null },
    };
    const local = localNotifierDeps(endpoints, settings, tables);
    const notify = createNotifyHandler(() => ({
      ...local.deps,
      deferral: { queue, deferred: local.deferred },
    }));

    output = captureOutput();
    const { cycle: paid } = await runMonth(cycle, { cycle: CYCLE });
    const fed = await feedLikeEventSource(
      client,
      queues.queueUrl,
      (event) => notify(event, {} as Context),
      { region: 'me-central-1', idleWaitSeconds: 1 },
    );
    output.restore();
    client.destroy();

    expect(paid.status).toBe('completed');
    expect(fed.handled).toBeGreaterThan(0);
    const lines = output.lines();
    // The local interpreter runs the map's segments at once in one process, sharing one Metrics:
    // one segment's flush publishes the other's metrics, whose own flush then finds none and says
    // so in plain text. In Lambda a container runs one invocation at a time.
    const localOnly = /^No application metrics to publish/;
    expect(lines.filter((line) => !line.startsWith('{') && !localOnly.test(line))).toEqual([]);
    const logs = output.logs();
    const notifications = logs.filter((line) => line.message === 'notification');
    expect(notifications.length).toBeGreaterThan(HOUSEHOLDS / 2);
    expect(notifications.every((line) => typeof line.notificationId === 'string')).toBe(true);
    expect(logs.filter((line) => line.message === 'segment done').length).toBeGreaterThan(0);
    expect(
      logs.filter((line) => line.message === 'segment done').every((line) => line.cycle === CYCLE),
    ).toBe(true);
    expect(leaksIn(lines, personalValues(register))).toEqual([]);
  }, 120_000);
});
