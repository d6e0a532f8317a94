import { describeIssues } from '../validation/describe-issues.ts';
import { type Deferral, deferMessage } from './deferral.ts';
import {
  type DeliveryResult,
  deliverNotification,
  type NotifierDeps,
} from './deliver-notification.ts';
import { NotificationError } from './errors.ts';
import { notificationSchema } from './notification.ts';

/**
 * A batch of queue messages for the notifier.
 * In: SQS records (body, receipt handle). Out: one settled result per record, in order: fulfilled
 * when the message is done with here (sent, skipped, or gone to wait elsewhere), rejected when it
 * cannot be read (SQS keeps it, and it ends in the dead-letter queue, reason and all).
 *
 * A message that must wait (a retry, the end of quiet hours) is never held in flight: it goes to
 * wait as a delayed fresh copy or in the deferred store (deferral.ts), and this copy is done.
 */

export interface QueueRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
}

/** SQS keeps this message: it cannot be read (and goes, in the end, to the dead-letter queue). */
export class MessageNotDoneError extends NotificationError {
  override readonly name: string = 'MessageNotDoneError';
}

export function handleNotifyBatch(
  deps: NotifierDeps & { readonly deferral: Deferral },
  records: readonly QueueRecord[],
): Promise<PromiseSettledResult<DeliveryResult>[]> {
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
      if (result.notBefore !== null) {
        const message = {
          notificationId: result.notificationId,
          body: record.body,
          releaseAt: result.notBefore,
        };
        await deferMessage(deps.deferral, message, deps.clock.now());
      }
      return result;
    }),
  );
}
