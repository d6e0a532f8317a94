import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Notification } from '../../notifications/notification.ts';
import type { DrainableNotificationQueue, QueuedNotification } from '../../notifications/ports.ts';
import { batchPut, expectAllStored } from './batch-write.ts';

/**
 * The local stand-in for the SQS notify queue: an outbox table keyed by `notificationId`. Queueing
 * the same notification again overwrites it with identical content; the notifier claims each
 * delivery before sending, so a message is still sent once. `notBefore` holds a message back (a
 * retry's backoff, quiet hours) the way SQS's visibility timeout does.
 */
export class DynamoDbNotificationQueue implements DrainableNotificationQueue {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async enqueue(notifications: readonly Notification[]): Promise<void> {
    expectAllStored(
      this.tableName,
      await batchPut(
        this.client,
        this.tableName,
        notifications.map((notification) => ({ ...notification })),
      ),
    );
  }

  async *list(): AsyncIterable<QueuedNotification> {
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) {
        const { notBefore, setAside, ...raw } = item;
        yield {
          notificationId: String(item.notificationId),
          raw,
          notBefore: typeof notBefore === 'string' ? notBefore : null,
          setAside: typeof setAside === 'string' ? setAside : null,
        };
      }
    }
  }

  async reschedule(notificationId: string, notBefore: Date): Promise<void> {
    await this.update(notificationId, 'SET notBefore = :value', notBefore.toISOString());
  }

  async setAside(notificationId: string, reason: string): Promise<void> {
    await this.update(notificationId, 'SET setAside = :value', reason);
  }

  async remove(notificationId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { notificationId } }),
    );
  }

  private async update(notificationId: string, expression: string, value: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { notificationId },
        UpdateExpression: expression,
        ExpressionAttributeValues: { ':value': value },
      }),
    );
  }
}
