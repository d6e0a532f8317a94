import { describeIssues } from '../validation/describe-issues.ts';
import {
  type DeliveryResult,
  deliverNotification,
  type NotifierDeps,
} from './deliver-notification.ts';
import { NotificationError } from './errors.ts';
import { notificationSchema } from './notification.ts';
import type { MessageVisibility } from './ports.ts';

/**
 * A batch of queue messages for the notifier.
 * In: SQS records (body, receipt handle). Out: one settled result per record, in order: fulfilled
 * when the message is done with, rejected when SQS should keep it: held back until its retry or the
 * end of quiet hours, or unreadable (it then ends in the dead-letter queue, reason and all).
 */

export interface QueueRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
}

/** SQS keeps this message: it is not done yet, or it cannot be read. */
export class MessageNotDoneError extends NotificationError {
  override readonly name: string = 'MessageNotDoneError';
}

/** Whether every channel still to do waits for a retry (not for the end of quiet hours). */
function onlyRetries(result: DeliveryResult): boolean {
  return Object.values(result.outcomes).every((outcome) => outcome.kind !== 'deferred');
}

export function handleNotifyBatch(
  deps: NotifierDeps & { readonly visibility: MessageVisibility },
  records: readonly QueueRecord[],
): Promise<PromiseSettledResult<unknown>[]> {
  return Promise.allSettled(
    records.map(async (record) => {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        throw new MessageNotDoneError(`message ${record.messageId} is not JSON`);
      }
      const parsed = notificationSchema.safeParse(body);
      if (!parsed.success) {
        throw new MessageNotDoneError(
          `message ${record.messageId} is not a notification: ${describeIssues(parsed.error)}`,
        );
      }
      const result = await deliverNotification(deps, parsed.data);
      if (result.notBefore !== null && onlyRetries(result)) {
        // The retry rides on a fresh copy, and this message is done: another copy of it, delivered
        // at the same time, may report it done and delete it, which must not lose the retry; and
        // SQS counts receives, which the delivery's own attempts already bound.
        await deps.visibility.sendAgainAfter(record.body, result.notBefore, deps.clock.now());
        return result;
      }
      if (result.notBefore !== null) {
        await deps.visibility.holdUntil(record.receiptHandle, result.notBefore, deps.clock.now());
        throw new MessageNotDoneError(
          `message ${record.messageId} waits until ${result.notBefore.toISOString()}`,
        );
      }
      return result;
    }),
  );
}
