import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Notification } from '../../notifications/notification.ts';
import type { MessageVisibility, NotificationQueue } from '../../notifications/ports.ts';

const BATCH_SIZE = 10;
const MAX_ATTEMPTS = 5;
/** SQS's ceiling on a message's visibility timeout: 12 hours. */
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;
/** SQS's ceiling on a message's delay: 15 minutes. */
const MAX_DELAY_SECONDS = 15 * 60;

const secondsUntil = (notBefore: Date, now: Date, ceiling: number) =>
  Math.min(ceiling, Math.max(0, Math.ceil((notBefore.getTime() - now.getTime()) / 1000)));

/**
 * The notify queue in AWS: notifications as JSON message bodies, ten to a `SendMessageBatch`, with
 * the entries SQS did not take sent again. Entry ids are the notification ids' positions, since SQS
 * limits their characters.
 */
export class SqsNotificationQueue implements NotificationQueue, MessageVisibility {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async enqueue(notifications: readonly Notification[]): Promise<void> {
    for (let start = 0; start < notifications.length; start += BATCH_SIZE) {
      let entries = notifications.slice(start, start + BATCH_SIZE).map((notification, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(notification),
      }));
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        if (attempt > MAX_ATTEMPTS) {
          throw new Error(
            `SQS did not take ${entries.length} notifications after ${MAX_ATTEMPTS} attempts`,
          );
        }
        const { Failed } = await this.client.send(
          new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }),
        );
        const failed = new Set((Failed ?? []).map((failure) => failure.Id));
        entries = entries.filter((entry) => failed.has(entry.Id));
        if (entries.length > 0)
          await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      }
    }
  }

  /** Holds a received message back until `notBefore` (at most 12 hours; it comes back then and waits again). */
  async holdUntil(receiptHandle: string, notBefore: Date, now: Date): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: secondsUntil(notBefore, now, MAX_VISIBILITY_SECONDS),
      }),
    );
  }

  async sendAgainAfter(body: string, notBefore: Date, now: Date): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        DelaySeconds: secondsUntil(notBefore, now, MAX_DELAY_SECONDS),
      }),
    );
  }
}
