import type { Notification } from '../notifications/notification.ts';

/** Where the cycle leaves messages for the notifier (SQS in AWS, a table locally). */
export interface NotificationQueue {
  enqueue(notifications: readonly Notification[]): Promise<void>;
}
