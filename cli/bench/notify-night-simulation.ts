import {
  defaultNotificationSettings,
  type NotificationSettings,
  ratePerContainer,
} from '../../shared/config/notification-settings.ts';
import {
  type DeferredMessage,
  type DeferredStore,
  releaseDueMessages,
} from '../../shared/notifications/deferral.ts';
import type { NotifierDeps } from '../../shared/notifications/deliver-notification.ts';
import { handleNotifyBatch } from '../../shared/notifications/handle-notify-batch.ts';
import type { Channel } from '../../shared/notifications/notification.ts';
import { createRateLimiter } from '../../shared/notifications/rate-limiter.ts';
import { InMemoryDeferredStore } from '../../test/support/fakes/in-memory-deferral.ts';
import { InMemoryDeliveryRepository } from '../../test/support/fakes/in-memory-notifier.ts';
import { MinHeap } from './min-heap.ts';
import { type SimulatedMessage, SimulatedSqs, type SqsLimits } from './simulated-sqs.ts';

/**
 * A night of notifications in virtual time: the real notifier (`handleNotifyBatch`, the delivery
 * claims, quiet hours, the per-container rate limiters, the deferral and the scheduled release) on
 * a simulated SQS queue with its in-flight cap, visibility timeout and receive count, and senders
 * that take every message at once. Time passes only by the rate limiters' waits, a fixed cost per
 * batch, and idle polling; millions of messages take minutes, not the night.
 *
 * `mode: 'park'` replays the design this replaced: a message waiting for the end of quiet hours
 * stays in flight until then (ChangeMessageVisibility), for comparison in the same run.
 */

export interface NightOptions {
  readonly notifications: number;
  /** The notification at an index, as its queue message body. */
  readonly bodyOf: (index: number) => string;
  /** When they are all queued: the cycle's 00:05 Riyadh. */
  readonly queuedAt: Date;
  readonly sqs: SqsLimits;
  /** The notifier's containers: the event source's maximum concurrency. */
  readonly containers: number;
  readonly batchSize: number;
  /** Time one batch costs beside the sends (invocation, claims and settles), in milliseconds. */
  readonly batchOverheadMs: number;
  readonly accountRates: Readonly<Record<Channel, number>>;
  readonly mode: 'defer' | 'park';
  /** Stops the simulation this long after `queuedAt`, whatever is left. */
  readonly horizonMs: number;
  readonly onProgress?: (sent: number) => void;
}

export interface NightFigures {
  readonly mode: NightOptions['mode'];
  readonly sent: Readonly<Record<Channel, number>>;
  /** Sends of a delivery already sent: must be 0. */
  readonly sentTwice: number;
  readonly firstSent: Readonly<Record<Channel, Date | null>>;
  readonly lastSent: Readonly<Record<Channel, Date | null>>;
  /** The most sends in any one second, all containers together. */
  readonly peakPerSecond: Readonly<Record<Channel, number>>;
  readonly peakInFlight: number;
  readonly receivesRefusedAtCap: number;
  readonly deadLettered: number;
  /** Messages still on the queue or deferred when the horizon was reached. */
  readonly leftOver: number;
  readonly batches: number;
}

const RELEASE_EVERY_MS = 60_000;
/** An empty receive waits this long (a long poll) unless something becomes visible sooner. */
const LONG_POLL_MS = 20_000;

interface Actor {
  at: number;
  readonly order: number;
  readonly step: () => Promise<void>;
}

export async function simulateNight(options: NightOptions): Promise<NightFigures> {
  let now = options.queuedAt.getTime();
  const sqs = new SimulatedSqs(options.sqs, { now: () => now });
  for (let index = 0; index < options.notifications; index += 1) sqs.send(options.bodyOf(index));

  const deliveries = new InMemoryDeliveryRepository();
  const store = new InMemoryDeferredStore();
  /** Bodies the notifier put aside in this batch: parked in flight in `park` mode. */
  const parked = new Map<string, number>();
  const deferred: DeferredStore =
    options.mode === 'defer'
      ? store
      : {
          defer: async (message: DeferredMessage) => {
            parked.set(message.body, message.releaseAt.getTime());
          },
          due: async () => [],
          remove: async () => {},
        };

  const sent = { sms: 0, email: 0 };
  const firstSent: Record<Channel, number | null> = { sms: null, email: null };
  const lastSent: Record<Channel, number | null> = { sms: null, email: null };
  const perSecond: Record<Channel, Map<number, number>> = { sms: new Map(), email: new Map() };
  const sentIds = new Set<string>();
  let sentTwice = 0;
  const record = (channel: Channel, deliveryId: string) => {
    sent[channel] += 1;
    firstSent[channel] ??= now;
    lastSent[channel] = now;
    const second = Math.floor(now / 1000);
    perSecond[channel].set(second, (perSecond[channel].get(second) ?? 0) + 1);
    if (sentIds.has(deliveryId)) sentTwice += 1;
    sentIds.add(deliveryId);
    options.onProgress?.(1);
    return { providerMessageId: `simulated-${sent.sms + sent.email}` };
  };
  const settings: NotificationSettings = {
    ...defaultNotificationSettings,
    sms: {
      ...defaultNotificationSettings.sms,
      ratePerSecond: ratePerContainer(options.accountRates.sms, options.containers),
    },
    email: {
      ...defaultNotificationSettings.email,
      ratePerSecond: ratePerContainer(options.accountRates.email, options.containers),
    },
  };

  const actors = new MinHeap<Actor>((a, b) => a.at < b.at || (a.at === b.at && a.order < b.order));
  let batches = 0;
  const firstRelease = Math.ceil(now / RELEASE_EVERY_MS) * RELEASE_EVERY_MS;
  const release: Actor = {
    at: firstRelease,
    order: options.containers,
    step: async () => {
      await releaseDueMessages(
        { deferred: store, queue: sqs, clock: { now: () => new Date(now) } },
        { ratePerSecond: options.accountRates.sms, windowSeconds: RELEASE_EVERY_MS / 1000 },
      );
      release.at += RELEASE_EVERY_MS;
    },
  };
  for (let container = 0; container < options.containers; container += 1) {
    const worker: Actor = { at: now, order: container, step: async () => {} };
    const clock = { now: () => new Date(now) };
    // A wait on the container's own limiter: woken in time order once nothing else can run.
    const timers = new MinHeap<{ at: number; order: number; wake: () => void }>(
      (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order),
    );
    let timerOrder = 0;
    const sleep = (milliseconds: number) =>
      new Promise<void>((wake) => {
        timerOrder += 1;
        timers.push({ at: now + milliseconds, order: timerOrder, wake });
      });
    const deps: NotifierDeps & { deferral: { queue: SimulatedSqs; deferred: DeferredStore } } = {
      deliveries,
      // No address is suppressed in the simulated night.
      suppressions: { find: async () => undefined },
      sms: { send: async (message) => record('sms', message.deliveryId) },
      email: { send: async (message) => record('email', message.deliveryId) },
      settings,
      clock,
      limiters: {
        sms: createRateLimiter(settings.sms.ratePerSecond, clock, sleep),
        email: createRateLimiter(settings.email.ratePerSecond, clock, sleep),
      },
      deferral: { queue: sqs, deferred },
    };
    (worker as { step: () => Promise<void> }).step = async () => {
      const received = sqs.receive(options.batchSize);
      if (received.length === 0) {
        // A long poll returns when a message becomes visible (a delay ends, a release sends).
        const change = Math.min(sqs.nextChangeAt() ?? Number.POSITIVE_INFINITY, release.at);
        worker.at = Math.max(now + 1, Math.min(now + LONG_POLL_MS, change));
        return;
      }
      batches += 1;
      let outcomes: PromiseSettledResult<unknown>[] | undefined;
      void handleNotifyBatch(
        deps,
        received.map((message, index) => ({
          messageId: String(index),
          receiptHandle: String(index),
          body: message.body,
        })),
      ).then((settled) => {
        outcomes = settled;
      });
      // The container's own event loop in virtual time: run what can run, then wake the earliest
      // waiter at its time.
      while (outcomes === undefined) {
        await new Promise(setImmediate);
        const timer = outcomes === undefined ? timers.pop() : undefined;
        if (timer === undefined) continue;
        now = Math.max(now, timer.at);
        timer.wake();
      }
      now += options.batchOverheadMs;
      settleBatch(sqs, received, outcomes, parked, now);
      worker.at = now;
    };
    actors.push(worker);
  }
  actors.push(release);

  const horizon = options.queuedAt.getTime() + options.horizonMs;
  while (sqs.size + store.size > 0) {
    const actor = actors.pop() as Actor;
    if (actor.at > horizon) break;
    now = actor.at;
    await actor.step();
    actors.push(actor);
  }

  const at = (instant: number | null) => (instant === null ? null : new Date(instant));
  const peak = (channel: Channel) => Math.max(0, ...perSecond[channel].values());
  return {
    mode: options.mode,
    sent,
    sentTwice,
    firstSent: { sms: at(firstSent.sms), email: at(firstSent.email) },
    lastSent: { sms: at(lastSent.sms), email: at(lastSent.email) },
    peakPerSecond: { sms: peak('sms'), email: peak('email') },
    peakInFlight: sqs.peakInFlight,
    receivesRefusedAtCap: sqs.receivesRefusedAtCap,
    deadLettered: sqs.deadLettered,
    leftOver: sqs.size + store.size,
    batches,
  };
}

/** As the SQS event source does: a message reported done is deleted, any other kept. */
function settleBatch(
  sqs: SimulatedSqs,
  received: readonly SimulatedMessage[],
  outcomes: readonly PromiseSettledResult<unknown>[],
  parked: Map<string, number>,
  now: number,
): void {
  received.forEach((message, index) => {
    const parkedUntil = parked.get(message.body);
    if (parkedUntil !== undefined) {
      // The replaced design: held in flight by ChangeMessageVisibility until the end of quiet hours.
      parked.delete(message.body);
      sqs.keep(message, parkedUntil);
      return;
    }
    if (outcomes[index]?.status === 'fulfilled') sqs.deleteAt(message, now);
    else sqs.keep(message);
  });
}
