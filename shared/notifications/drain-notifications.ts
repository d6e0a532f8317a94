import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import {
  type ChannelOutcome,
  deliverNotification,
  type NotifierDeps,
} from './deliver-notification.ts';
import { type Channel, notificationSchema } from './notification.ts';
import type { DrainableNotificationQueue, QueuedNotification } from './ports.ts';

/**
 * Drains the local notification queue, as SQS and the notifier Lambda do in AWS.
 * In: the queue and how hard to push. Out: a tally per channel of what happened. Each pass takes
 * every message that is due, delivers it, and removes it when nothing is left to do or holds it back
 * until its retry or the end of quiet hours. Retries due within `waitUpToMs` are waited for; quiet
 * hours never are (the messages stay queued). A message that cannot be read is set aside with the
 * reason and counted.
 */

export interface DrainSummary {
  readonly messages: number;
  readonly byChannel: Record<Channel, Record<string, number>>;
  readonly setAside: number;
  /** Messages still queued: waiting for quiet hours to end, or for a retry later than the wait. */
  readonly stillQueued: number;
  readonly nextDue: Date | null;
}

export async function drainNotifications(
  deps: NotifierDeps & {
    readonly queue: DrainableNotificationQueue;
    readonly sleep: (milliseconds: number) => Promise<void>;
  },
  options: {
    readonly concurrency: number;
    readonly waitUpToMs: number;
    readonly onProgress?: (done: number) => void;
  },
): Promise<DrainSummary> {
  const byChannel: Record<Channel, Record<string, number>> = { sms: {}, email: {} };
  /** Counts a channel's outcome when it is final (a retry or a deferral is counted when it ends). */
  const count = (channel: Channel, outcome: ChannelOutcome) => {
    if (outcome.kind === 'already' || outcome.kind === 'retry' || outcome.kind === 'deferred')
      return;
    const key = outcome.kind === 'sent' ? 'sent' : `${outcome.kind}:${outcome.reason}`;
    byChannel[channel][key] = (byChannel[channel][key] ?? 0) + 1;
  };
  let messages = 0;
  let setAside = 0;

  for (;;) {
    const queued: QueuedNotification[] = [];
    for await (const item of deps.queue.list()) if (item.setAside === null) queued.push(item);
    const now = deps.clock.now().getTime();
    const due = queued.filter(
      (item) => item.notBefore === null || Date.parse(item.notBefore) <= now,
    );
    const later = queued
      .filter((item) => !due.includes(item))
      .map((item) => Date.parse(item.notBefore ?? ''));

    await mapWithConcurrency(due, options.concurrency, async (item) => {
      const parsed = notificationSchema.safeParse(item.raw);
      if (!parsed.success) {
        await deps.queue.setAside(item.notificationId, describeIssues(parsed.error));
        setAside += 1;
        return;
      }
      const result = await deliverNotification(deps, parsed.data);
      count('sms', result.outcomes.sms);
      count('email', result.outcomes.email);
      if (result.notBefore === null) {
        messages += 1;
        await deps.queue.remove(item.notificationId);
      } else {
        await deps.queue.reschedule(item.notificationId, result.notBefore);
        later.push(result.notBefore.getTime());
      }
      options.onProgress?.(1);
    });

    const nextDue = later.length > 0 ? Math.min(...later) : null;
    const wait = nextDue === null ? null : nextDue - deps.clock.now().getTime();
    if (wait === null || wait > options.waitUpToMs) {
      return {
        messages,
        byChannel,
        setAside,
        stillQueued: later.length,
        nextDue: nextDue === null ? null : new Date(nextDue),
      };
    }
    if (wait > 0) await deps.sleep(wait);
  }
}
