/**
 * Messages that must wait leave the queue. A queue message waiting in flight is not free: SQS holds
 * at most about 120,000 in flight per standard queue, past which receives come back empty (emails
 * included), and each wait spends one of its receives before the dead-letter queue. So a wait SQS
 * can carry as a delay (15 minutes at most) rides on a fresh copy of the message; a longer one,
 * the night's SMS waiting for the end of quiet hours, is stored in the deferred table keyed by its
 * release time, and a scheduled release puts it back on the queue at the account's SMS pace.
 *
 * Sent once per channel still holds: whatever the queue or the release delivers twice, the
 * notifier's claim on `<notificationId>#<channel>` sends once (deliver-notification.ts).
 */

/** The longest SQS delays a message (`DelaySeconds` 900): a longer wait goes to the deferred store. */
export const LONGEST_QUEUE_DELAY_MS = 15 * 60 * 1000;

/** A queue message put aside until `releaseAt`, kept as it was received. */
export interface DeferredMessage {
  readonly notificationId: string;
  readonly body: string;
  readonly releaseAt: Date;
}

/** Where deferred messages wait (a DynamoDB table in AWS). */
export interface DeferredStore {
  /** Keeps a message until its release; deferring the same message for the same time twice keeps one. */
  defer(message: DeferredMessage): Promise<void>;
  /** Up to `limit` messages due at `now`, the longest due first. */
  due(now: Date, limit: number): Promise<DeferredMessage[]>;
  remove(messages: readonly DeferredMessage[]): Promise<void>;
}

/** Puts released messages back on the queue, each delayed by its own few seconds. */
export interface ReleaseQueue {
  sendDelayed(
    messages: readonly { readonly body: string; readonly delaySeconds: number }[],
  ): Promise<void>;
}

/** The queue, for a fresh delayed copy of a message received. */
export interface RetryQueue {
  /**
   * Queues a fresh copy of a received message, delivered at `notBefore` (or sooner: SQS delays
   * a message 15 minutes at most). The wait must not depend on the received message, which
   * another copy of it may delete, nor count as a receive (SQS dead-letters a message received
   * too often, and the delivery's attempts already bound its retries).
   */
  sendAgainAfter(body: string, notBefore: Date, now: Date): Promise<void>;
}

/** Where a message that must wait goes: a delayed copy on the queue, or the deferred store. */
export interface Deferral {
  readonly queue: RetryQueue;
  readonly deferred: DeferredStore;
}

/** Sends a waiting message on its way: a delayed fresh copy within SQS's reach, else the store. */
export async function deferMessage(
  deferral: Deferral,
  message: DeferredMessage,
  now: Date,
): Promise<'requeued' | 'deferred'> {
  if (message.releaseAt.getTime() - now.getTime() <= LONGEST_QUEUE_DELAY_MS) {
    await deferral.queue.sendAgainAfter(message.body, message.releaseAt, now);
    return 'requeued';
  }
  await deferral.deferred.defer(message);
  return 'deferred';
}

export interface ReleaseSummary {
  readonly released: number;
  /** Whether due messages were left for the next run: the pace, not a fault. */
  readonly moreDue: boolean;
}

/**
 * One run of the scheduled release: the messages due now, at most one window's worth at the
 * account's SMS rate, each delayed to its own second within the window so the notifier receives
 * them at the pace it can send. A message is removed only after the queue took it: a failure between
 * the two releases it again next run, and the claim sends it once.
 */
export async function releaseDueMessages(
  deps: {
    readonly deferred: DeferredStore;
    readonly queue: ReleaseQueue;
    readonly clock: { now(): Date };
  },
  pace: { readonly ratePerSecond: number; readonly windowSeconds: number },
): Promise<ReleaseSummary> {
  const budget = Math.floor(pace.ratePerSecond * pace.windowSeconds);
  const due = await deps.deferred.due(deps.clock.now(), budget + 1);
  const released = due.slice(0, budget);
  await deps.queue.sendDelayed(
    released.map((message, index) => ({
      body: message.body,
      delaySeconds: Math.floor(index / pace.ratePerSecond),
    })),
  );
  await deps.deferred.remove(released);
  return { released: released.length, moreDue: due.length > budget };
}
