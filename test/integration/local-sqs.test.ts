import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
} from '../../cli/local-context.ts';
import { countQueued, drainNotifyQueue } from '../../cli/local-stack/drain-notify-queue.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createNotifyQueues } from '../../cli/local-stack/local-sqs.ts';
import { feedLikeEventSource } from '../../cli/local-stack/sqs-event-source.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createNotifyHandler } from '../../functions/notify.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../../shared/adapters/dynamodb/table-specs.ts';
import { SqsNotificationQueue } from '../../shared/adapters/sqs/sqs-notification-queue.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { runMonth } from '../support/cycle-flow.ts';
import { aDepositedNotification } from '../support/notifications.ts';

/**
 * The notify queue on the local stack's SQS API (fauxqs, in its own process) as the stack makes it
 * (dead-letter queue, visibility, receive count), fed to the real notify handler as Lambda's event
 * source feeds it: a message no notifier can read comes back after each visibility timeout and,
 * after the redrive policy's receive count, waits in the dead-letter queue; the good message beside
 * it is sent once and deleted. The cycle queues on it, one SQS message per notification.
 */

const settings = {
  ...localNotificationSettings,
  sms: { ...localNotificationSettings.sms, quietHours: null },
};

async function freshTables(name: string): Promise<{ prefix: string; tables: DafaaTableNames }> {
  const prefix = `it-${name}-${randomUUID().slice(0, 8)}-`;
  const tables = tableNamesWithPrefix(prefix);
  const admin = new DynamoDBClient(localAwsClientConfig(inject('dynamodbEndpoint')));
  await createTables(admin, tables);
  admin.destroy();
  return { prefix, tables };
}

describe('the notify queue on the local SQS', () => {
  it('moves a poison message to the dead-letter queue after maxReceiveCount receives, and sends the rest once', async () => {
    const { prefix, tables } = await freshTables('local-sqs');
    const maxReceiveCount = 3;
    const queues = await createNotifyQueues(inject('sqsEndpoint'), prefix, {
      visibilityTimeoutSeconds: 1,
      maxReceiveCount,
    });
    const client = new SQSClient(localAwsClientConfig(inject('sqsEndpoint')));
    const local = localNotifierDeps(
      { dynamodb: inject('dynamodbEndpoint'), ses: inject('sesEndpoint') },
      settings,
      tables,
    );
    const handler = createNotifyHandler(() => ({
      ...local.deps,
      deferral: {
        queue: new SqsNotificationQueue(client, queues.queueUrl),
        deferred: local.deferred,
      },
    }));
    const good = aDepositedNotification('H00000042', { email: null });
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.queueUrl,
        Entries: [
          { Id: 'poison', MessageBody: 'not json' },
          { Id: 'good', MessageBody: JSON.stringify(good) },
        ],
      }),
    );

    const summary = await feedLikeEventSource(
      client,
      queues.queueUrl,
      (event) => handler(event, {} as Context),
      { region: 'me-central-1', idleWaitSeconds: 2 },
    );

    // Received once each, then the poison message again after each timeout, up to the count.
    expect(summary).toMatchObject({ handled: 1 + maxReceiveCount, kept: maxReceiveCount });
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queues.deadLetterQueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages.map((message) => message.Body)).toEqual(['not json']);
    expect(await local.smsOutbox.count()).toBe(1);
    client.destroy();
  }, 60_000);

  it("carries a cycle's messages, one SQS message each, and the drain sends them and leaves the poison one with SQS", async () => {
    const cycle = '2026-12' as CycleId;
    const { prefix, tables } = await freshTables('local-sqs-cycle');
    const deps = localCycleDeps(
      inject('dynamodbEndpoint'),
      { minSegments: 2, pageSize: 20 },
      tables,
      inject('sqsEndpoint'),
    );
    await deps.households.putMany([
      ...generateRegister({
        households: 40,
        seed: 5,
        arrearsDueBy: cycle,
        asOf: '2026-10-01' as IsoDate,
      }),
    ]);
    const { cycle: record } = await runMonth(deps, { cycle });
    const local = localNotifierDeps(
      {
        dynamodb: inject('dynamodbEndpoint'),
        ses: inject('sesEndpoint'),
        sqs: inject('sqsEndpoint'),
      },
      settings,
      tables,
    );
    const { urls, client } = await local.queue.connect();
    const { QueueUrls = [] } = await client.send(
      new ListQueuesCommand({ QueueNamePrefix: prefix }),
    );
    expect(QueueUrls.map((url) => url.split('/').at(-1)).sort()).toEqual([
      `${prefix}notify`,
      `${prefix}notify-dlq`,
    ]);
    // One message per household assessed (a set-aside record has no message).
    const queued = await countQueued(local.queue);
    expect(queued.visible).toBe(
      (record.totals?.householdsSeen ?? 0) - (record.totals?.setAside ?? 0),
    );
    expect(queued.visible).toBeGreaterThan(30);
    await client.send(
      new SendMessageBatchCommand({
        QueueUrl: urls.queueUrl,
        Entries: [{ Id: 'poison', MessageBody: '{"event":"payment-deposited"}' }],
      }),
    );

    const summary = await drainNotifyQueue(local, { concurrency: 20, waitUpToMs: 5_000 });

    expect(summary.messages).toBe(queued.visible);
    expect(summary.unreadable).toBe(1);
    expect(await local.smsOutbox.count()).toBe(summary.byChannel.sms.sent);
    // The poison message is SQS's now: in flight until its visibility ends, then received again.
    expect(await countQueued(local.queue)).toMatchObject({ visible: 0, delayed: 0, inFlight: 1 });
  }, 60_000);
});
