import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { createNotifyHandler } from '../../functions/notify.ts';
import { RELEASE_WINDOW_SECONDS } from '../../functions/release-deferred.ts';
import type { Deferral, DeferredStore } from '../../shared/notifications/deferral.ts';
import { releaseDueMessages } from '../../shared/notifications/deferral.ts';
import type { NotifierDeps } from '../../shared/notifications/deliver-notification.ts';
import type { Channel } from '../../shared/notifications/notification.ts';
import type { DeliveryRepository } from '../../shared/notifications/ports.ts';
import type { LocalNotifyQueue } from '../local-context.ts';
import { localAwsClientConfig } from './local-aws-config.ts';
import { feedLikeEventSource } from './sqs-event-source.ts';

/**
 * Drains the local notify queue as AWS does: the queue fed to the notify handler by the rules of
 * Lambda's SQS event source (batches of ten, partial batch failures, visibility, the redrive policy),
 * and the deferred table released onto the queue when its messages are due, as the scheduled
 * release does each minute.
 *
 * In: the local notifier (its deps, queue and deferred table) and how many messages to handle at
 * once. Out: a tally per channel of how each delivery ended. A retry rides on a delayed copy of its
 * message and is waited for when due within `waitUpToMs`; quiet hours are not waited for (their SMS
 * stay in the deferred table). A message no notifier can read stays with SQS, which moves it to the
 * dead-letter queue after maxReceiveCount receives.
 */

export interface DrainSummary {
  /** Messages done with on every channel (a copy sent again later is counted when it is done). */
  readonly messages: number;
  readonly byChannel: Record<Channel, Record<string, number>>;
  /** Receives the handler reported failed (unreadable messages): SQS keeps them, then dead-letters them. */
  readonly unreadable: number;
  /** Messages in the dead-letter queue when the drain ended. */
  readonly deadLetterQueue: number;
  /** Messages still waiting: in the deferred table (quiet hours), or delayed past the wait. */
  readonly stillQueued: number;
  readonly nextDue: Date | null;
}

export interface LocalNotifier {
  readonly deps: NotifierDeps;
  readonly queue: LocalNotifyQueue;
  readonly deferred: DeferredStore;
  readonly sleep: (milliseconds: number) => Promise<void>;
}

/** Messages on the queue now: visible, delayed, and received but not yet deleted. */
export async function countQueued(
  queue: LocalNotifyQueue,
): Promise<{ visible: number; delayed: number; inFlight: number; deadLetterQueue: number }> {
  const { client, urls } = await queue.connect();
  const attributes = async (queueUrl: string) =>
    (
      await client.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: [
            'ApproximateNumberOfMessages',
            'ApproximateNumberOfMessagesDelayed',
            'ApproximateNumberOfMessagesNotVisible',
          ],
        }),
      )
    ).Attributes ?? {};
  const [queued, dead] = await Promise.all([
    attributes(urls.queueUrl),
    attributes(urls.deadLetterQueueUrl),
  ]);
  return {
    visible: Number(queued.ApproximateNumberOfMessages ?? 0),
    delayed: Number(queued.ApproximateNumberOfMessagesDelayed ?? 0),
    inFlight: Number(queued.ApproximateNumberOfMessagesNotVisible ?? 0),
    deadLetterQueue: Number(dead.ApproximateNumberOfMessages ?? 0),
  };
}

const LOCAL_REGION = localAwsClientConfig('').region;

/** How long a poller's last receive waits on an empty-looking queue: a retry's copy is delayed ≥ 1 s. */
const IDLE_WAIT_SECONDS = 1;

export async function drainNotifyQueue(
  local: LocalNotifier,
  options: {
    /** Messages handled at once: pollers of ten. */
    readonly concurrency: number;
    readonly waitUpToMs: number;
    readonly onProgress?: (done: number) => void;
  },
): Promise<DrainSummary> {
  const byChannel: Record<Channel, Record<string, number>> = { sms: {}, email: {} };
  let waited = 0;
  /** When each message sent on to wait (a delayed copy, the deferred table) is due. */
  const waits: number[] = [];
  let deferredLeft = 0;

  const { deps, queue, deferred } = local;
  const deferral: Deferral = {
    queue: {
      sendAgainAfter: async (body, notBefore, now) => {
        await queue.sendAgainAfter(body, notBefore, now);
        waited += 1;
        waits.push(notBefore.getTime());
      },
    },
    deferred: {
      defer: async (message) => {
        await deferred.defer(message);
        waited += 1;
        deferredLeft += 1;
        waits.push(message.releaseAt.getTime());
      },
      due: (now, limit) => deferred.due(now, limit),
      remove: (messages) => deferred.remove(messages),
    },
  };
  const handler = createNotifyHandler(() => ({
    ...deps,
    deliveries: tallyingSettles(deps.deliveries, (channel, outcome) => {
      byChannel[channel][outcome] = (byChannel[channel][outcome] ?? 0) + 1;
    }),
    deferral,
  }));

  const { client, urls } = await queue.connect();
  let handled = 0;
  let unreadable = 0;
  for (;;) {
    const fed = await feedLikeEventSource(
      client,
      urls.queueUrl,
      (event) => handler(event, {} as Context),
      {
        region: LOCAL_REGION,
        idleWaitSeconds: IDLE_WAIT_SECONDS,
        pollers: Math.max(1, Math.ceil(options.concurrency / 10)),
        onBatch: (done) => options.onProgress?.(done),
      },
    );
    handled += fed.handled - fed.kept;
    unreadable += fed.kept;

    // The scheduled release, as it runs each minute in AWS: what is due goes back on the queue.
    const released = await releaseDueMessages(
      { deferred, queue, clock: deps.clock },
      { ratePerSecond: deps.settings.sms.ratePerSecond, windowSeconds: RELEASE_WINDOW_SECONDS },
    );
    deferredLeft = Math.max(0, deferredLeft - released.released);
    if (released.released > 0) continue;

    // Delayed copies (a retry's backoff) come back on their own; wait for those due soon enough.
    const { delayed } = await countQueued(queue);
    const now = deps.clock.now().getTime();
    const pending = waits.filter((at) => at > now - IDLE_WAIT_SECONDS * 1000);
    const soonest = pending.length > 0 ? Math.min(...pending) : null;
    if (delayed > 0 && (soonest === null || soonest - now <= options.waitUpToMs)) {
      await local.sleep(Math.min(1_000, Math.max(100, (soonest ?? now) - now)));
      continue;
    }
    const { deadLetterQueue } = await countQueued(queue);
    return {
      messages: handled - waited,
      byChannel,
      unreadable,
      deadLetterQueue,
      stillQueued: delayed + deferredLeft,
      nextDue: soonest === null ? null : new Date(soonest),
    };
  }
}

/**
 * The repository, with each final outcome tallied as it is recorded (`sent`, `skipped:opted-out`,
 * `failed:invalid-number`, ...); a retry is counted when it ends.
 */
function tallyingSettles(
  deliveries: DeliveryRepository,
  tally: (channel: Channel, outcome: string) => void,
): DeliveryRepository {
  return {
    claim: (claim) => deliveries.claim(claim),
    skip: async (skip) => {
      const skipped = await deliveries.skip(skip);
      if (skipped.recorded) tally(skip.channel, `skipped:${skip.reason}`);
      return skipped;
    },
    settle: async (deliveryId, outcome) => {
      await deliveries.settle(deliveryId, outcome);
      if (outcome.status === 'retrying') return;
      const channel: Channel = deliveryId.endsWith('#sms') ? 'sms' : 'email';
      tally(
        channel,
        outcome.status === 'sent' ? 'sent' : `${outcome.status}:${outcome.reason ?? 'unknown'}`,
      );
    },
    get: (deliveryId) => deliveries.get(deliveryId),
    reopen: (deliveryId, at) => deliveries.reopen(deliveryId, at),
    list: () => deliveries.list(),
    listByHousehold: (householdId) => deliveries.listByHousehold(householdId),
  };
}
