import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localNotificationSettings, localNotifierDeps } from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import {
  createNotifyQueues,
  type LocalSqs,
  startLocalSqs,
} from '../../cli/local-stack/local-sqs.ts';
import { feedLikeEventSource } from '../../cli/local-stack/sqs-event-source.ts';
import { createNotifyHandler } from '../../functions/notify.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import { SqsNotificationQueue } from '../../shared/adapters/sqs/sqs-notification-queue.ts';
import { aDepositedNotification } from '../support/notifications.ts';

/**
 * The notify queue on a local SQS API as the stack makes it (dead-letter queue, visibility, receive
 * count), fed to the real notify handler as Lambda's event source feeds it: a message no notifier
 * can read comes back after each visibility timeout and, after the redrive policy's receive count,
 * waits in the dead-letter queue; the good message beside it is sent once and deleted.
 */

let sqs: LocalSqs;

beforeAll(async () => {
  sqs = await startLocalSqs();
});

afterAll(async () => {
  await sqs.stop();
});

describe('the notify queue on the local SQS', () => {
  it('moves a poison message to the dead-letter queue after maxReceiveCount receives, and sends the rest once', async () => {
    const prefix = `it-local-sqs-${randomUUID().slice(0, 8)}-`;
    const tables = tableNamesWithPrefix(prefix);
    const admin = new DynamoDBClient(localAwsClientConfig(inject('dynamodbEndpoint')));
    await createTables(admin, tables);
    admin.destroy();
    const maxReceiveCount = 3;
    const queues = await createNotifyQueues(sqs.endpoint, prefix, {
      visibilityTimeoutSeconds: 1,
      maxReceiveCount,
    });
    const client = new SQSClient(localAwsClientConfig(sqs.endpoint));
    const settings = {
      ...localNotificationSettings,
      sms: { ...localNotificationSettings.sms, quietHours: null },
    };
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
});
