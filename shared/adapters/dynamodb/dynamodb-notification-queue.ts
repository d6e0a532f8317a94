import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '../../notifications/notification.ts';
import type { NotificationQueue } from '../../ports/notification-queue.ts';
import { batchPut } from './batch-write.ts';

/**
 * The local stand-in for the SQS notify queue: an outbox table keyed by `notificationId`. Queueing
 * the same notification again overwrites it with identical content; the notifier claims each id
 * before sending, so a message is still sent once.
 */
export class DynamoDbNotificationQueue implements NotificationQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  enqueue(notifications: readonly Notification[]): Promise<void> {
    return batchPut(
      this.client,
      this.tableName,
      notifications.map((notification) => ({ ...notification })),
    );
  }
}
