import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  LONGEST_QUEUE_DELAY_MS,
  type ReleaseQueue,
  type RetryQueue,
} from '../../notifications/deferral.ts';
import type { Notification } from '../../notifications/notification.ts';
import type { NotificationQueue } from '../../notifications/ports.ts';

const BATCH_SIZE = 10;
const MAX_ATTEMPTS = 5;
const MAX_DELAY_SECONDS = LONGEST_QUEUE_DELAY_MS / 1000;

const delaySeconds = (seconds: number) => Math.min(MAX_DELAY_SECONDS, Math.max(0, seconds));

/**
 * The notify queue in AWS: notifications as JSON message bodies, ten to a `SendMessageBatch`, with
 * the entries SQS did not take sent again. Entry ids are the notification ids' positions, since SQS
 * limits their characters.
 */
export class SqsNotificationQueue implements NotificationQueue, ReleaseQueue, RetryQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async enqueue(notifications: readonly Notification[]): Promise<void> {
    await this.sendInBatches(
      notifications.map((notification) => ({ MessageBody: JSON.stringify(notification) })),
    );
  }

  /** Puts released messages back on the queue, each after its own delay (at most 15 minutes). */
  async sendDelayed(
    messages: readonly { readonly body: string; readonly delaySeconds: number }[],
  ): Promise<void> {
    await this.sendInBatches(
      messages.map((message) => ({
        MessageBody: message.body,
        DelaySeconds: delaySeconds(message.delaySeconds),
      })),
    );
  }

  async sendAgainAfter(body: string, notBefore: Date, now: Date): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        DelaySeconds: delaySeconds(Math.ceil((notBefore.getTime() - now.getTime()) / 1000)),
      }),
    );
  }

  private async sendInBatches(messages: readonly Omit<SendMessageBatchRequestEntry, 'Id'>[]) {
    for (let start = 0; start < messages.length; start += BATCH_SIZE) {
      let entries = messages
        .slice(start, start + BATCH_SIZE)
        .map((message, index) => ({ Id: String(index), ...message }));
      for (let attempt = 1; entries.length > 0; attempt += 1) {
        if (attempt > MAX_ATTEMPTS) {
          throw new Error(
            `SQS did not take ${entries.length} messages after ${MAX_ATTEMPTS} attempts`,
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
}
