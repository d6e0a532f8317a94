import { describe, expect, it } from 'vitest';
import {
  type DeferredMessage,
  deferMessage,
  LONGEST_QUEUE_DELAY_MS,
  releaseDueMessages,
} from '../../../shared/notifications/deferral.ts';
import { InMemoryDeferredStore, recordingQueue } from '../../support/fakes/in-memory-deferral.ts';

const EIGHT = new Date('2026-12-14T05:00:00Z');
const message = (index: number, releaseAt = EIGHT): DeferredMessage => ({
  notificationId: `n${index}`,
  body: `{"n":${index}}`,
  releaseAt,
});

describe('deferring a message that must wait', () => {
  it('sends a wait SQS can carry as a delayed copy, and keeps a longer one in the store', async () => {
    const { queue, copies } = recordingQueue();
    const deferred = new InMemoryDeferredStore();
    const now = new Date(EIGHT.getTime() - LONGEST_QUEUE_DELAY_MS);

    const soon = await deferMessage({ queue, deferred }, message(1), now);
    const later = await deferMessage({ queue, deferred }, message(2), new Date(now.getTime() - 1));

    expect([soon, later]).toEqual(['requeued', 'deferred']);
    expect(copies).toEqual([{ body: '{"n":1}', notBefore: EIGHT.toISOString() }]);
    expect(await deferred.due(EIGHT, 10)).toEqual([message(2)]);
  });
});

describe('the scheduled release', () => {
  it("releases one window's worth at the account's SMS rate, each to its own second, oldest first", async () => {
    const { queue, released } = recordingQueue();
    const deferred = new InMemoryDeferredStore();
    for (let index = 0; index < 25; index += 1) await deferred.defer(message(index));
    await deferred.defer(message(99, new Date(EIGHT.getTime() - 60_000)));
    await deferred.defer(message(100, new Date(EIGHT.getTime() + 1)));
    const deps = { deferred, queue, clock: { now: () => EIGHT } };

    const first = await releaseDueMessages(deps, { ratePerSecond: 2, windowSeconds: 10 });

    expect(first).toEqual({ released: 20, moreDue: true });
    expect(released[0]).toEqual({ body: '{"n":99}', delaySeconds: 0 });
    // Two a second: the twentieth message leaves at the tenth second's start.
    expect(released.map((entry) => entry.delaySeconds)).toEqual(
      Array.from({ length: 20 }, (_, index) => Math.floor(index / 2)),
    );
    expect(deferred.size).toBe(7);

    const second = await releaseDueMessages(deps, { ratePerSecond: 2, windowSeconds: 10 });
    expect(second).toEqual({ released: 6, moreDue: false });
    // The one due a millisecond after eight stays.
    expect(await deferred.due(new Date(EIGHT.getTime() + 1), 10)).toEqual([
      message(100, new Date(EIGHT.getTime() + 1)),
    ]);
  });
});
