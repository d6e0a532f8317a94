import type { Notification } from '../notifications/notification.ts';

/** Where the cycle and objection changes leave messages for the notifier (SQS in AWS, a table locally). */
export interface NotificationQueue {
  enqueue(notifications: readonly Notification[]): Promise<void>;
}

/** A queued message as it stands: unvalidated, with when it may next be tried. */
export interface QueuedNotification {
  readonly notificationId: string;
  readonly raw: unknown;
  /** ISO instant; null when it may be tried now. */
  readonly notBefore: string | null;
  /** Set when the message could not be read: it is kept, with the reason, and not tried again. */
  readonly setAside: string | null;
}

/** The local queue, which the notifier drains itself (in AWS, SQS delivers to the Lambda). */
export interface DrainableNotificationQueue extends NotificationQueue {
  list(): AsyncIterable<QueuedNotification>;
  reschedule(notificationId: string, notBefore: Date): Promise<void>;
  setAside(notificationId: string, reason: string): Promise<void>;
  remove(notificationId: string): Promise<void>;
}
