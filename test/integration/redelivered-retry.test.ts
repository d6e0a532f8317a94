import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localNotificationSettings, localNotifierDeps } from '../../cli/local-context.ts';
import { type FaultProxy, startFaultProxy } from '../../cli/local-stack/fault-proxy.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { onLoopback } from '../../cli/local-stack/local-sqs.ts';
import { createNotifyHandler } from '../../functions/notify.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import { SesEmailSender } from '../../shared/adapters/ses/ses-email-sender.ts';
import { SqsNotificationQueue } from '../../shared/adapters/sqs/sqs-notification-queue.ts';
import { deliveryIdOf } from '../../shared/notifications/notification.ts';
import { aDepositedNotification } from '../support/notifications.ts';

/**
 * A retry is never lost to a sibling copy (issue 12): SQS may hand the same message to several
 * notifiers at once. The one that claims the email meets a failing SES and must retry; the others
 * find the delivery claimed and report the message done, and the first "done" deletes it. The retry
 * rides on a fresh copy, so the email is still sent, once. On the local stack's SQS (fauxqs),
 * DynamoDB Local and the SES server, SES behind the fault proxy dropping every connection at first.
 */

let ses: FaultProxy;

beforeAll(async () => {
  ses = await startFaultProxy({ upstream: inject('sesEndpoint'), dropRate: 1 });
});

afterAll(async () => {
  await ses.stop();
});

describe('a message delivered to five notifiers at once', () => {
  it('sends its email once even when every copy of the message was deleted', async () => {
    const tables = tableNamesWithPrefix(`it-redelivered-${randomUUID().slice(0, 8)}-`);
    const admin = new DynamoDBClient(localAwsClientConfig(inject('dynamodbEndpoint')));
    await createTables(admin, tables);
    admin.destroy();
    const sqs = new SQSClient(localAwsClientConfig(inject('sqsEndpoint')));
    const { QueueUrl = '' } = await sqs.send(
      new CreateQueueCommand({ QueueName: `notify-${randomUUID().slice(0, 8)}` }),
    );
    const queueUrl = onLoopback(inject('sqsEndpoint'), QueueUrl);
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
      settings,
      email: new SesEmailSender(
        new SESClient({ ...localAwsClientConfig(ses.endpoint), maxAttempts: 1 }),
        settings.email,
      ),
      deferral: { queue: new SqsNotificationQueue(sqs, queueUrl), deferred: local.deferred },
    }));
    const notification = aDepositedNotification('H00000042', {
      email: `redelivered-${randomUUID().slice(0, 8)}@example.sa`,
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(notification) }),
    );
    /** As the SQS event source does: a batch in, the messages reported done deleted. */
    const receiveAndHandle = async (copies: number) => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }),
      );
      const [message] = Messages;
      if (!message) return 0;
      const event = {
        Records: [
          {
            messageId: message.MessageId,
            receiptHandle: message.ReceiptHandle,
            body: message.Body,
          },
        ],
      } as SQSEvent;
      const responses = await Promise.all(
        Array.from({ length: copies }, () => handler(event, {} as Context)),
      );
      if (responses.some((response) => response.batchItemFailures.length === 0)) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      }
      return 1;
    };

    expect(await receiveAndHandle(5)).toBe(1);
    const emailDelivery = deliveryIdOf(notification.notificationId, 'email');
    expect(await local.deps.deliveries.get(emailDelivery)).toMatchObject({ status: 'retrying' });
    expect(ses.counts().forwarded).toBe(0);

    // SES is back; what is left on the queue is the retry's fresh copy (or copies).
    ses.setFaults({ dropRate: 0 });
    while ((await receiveAndHandle(1)) > 0) {
      // each copy handled once, as the event source would
    }

    expect(await local.deps.deliveries.get(emailDelivery)).toMatchObject({ status: 'sent' });
    expect(ses.counts().forwarded).toBe(1);
  }, 120_000);
});
