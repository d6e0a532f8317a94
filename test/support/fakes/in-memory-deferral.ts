import { MinHeap } from '../../../cli/bench/min-heap.ts';
import type {
  DeferredMessage,
  DeferredStore,
  ReleaseQueue,
  RetryQueue,
} from '../../../shared/notifications/deferral.ts';

/**
 * The deferred table in memory: one message per notification id and release instant, kept in
 * release order, so that a simulated night of millions of messages stays fast.
 */
export class InMemoryDeferredStore implements DeferredStore {
  private readonly messages = new Map<string, DeferredMessage>();
  private readonly byRelease = new MinHeap<{ at: number; key: string }>(
    (a, b) => a.at < b.at || (a.at === b.at && a.key < b.key),
  );

  get size(): number {
    return this.messages.size;
  }

  async defer(message: DeferredMessage): Promise<void> {
    const key = keyOf(message);
    if (!this.messages.has(key)) this.byRelease.push({ at: message.releaseAt.getTime(), key });
    this.messages.set(key, message);
  }

  async due(now: Date, limit: number): Promise<DeferredMessage[]> {
    const taken: { at: number; key: string }[] = [];
    const seen = new Set<string>();
    const due: DeferredMessage[] = [];
    while (due.length < limit && (this.byRelease.peek()?.at ?? Infinity) <= now.getTime()) {
      const entry = this.byRelease.pop() as { at: number; key: string };
      const message = this.messages.get(entry.key);
      // An entry whose message was removed (or a second entry for one) is dropped here, for good.
      if (message === undefined || seen.has(entry.key)) continue;
      seen.add(entry.key);
      taken.push(entry);
      due.push(message);
    }
    for (const entry of taken) this.byRelease.push(entry);
    return due;
  }

  async remove(messages: readonly DeferredMessage[]): Promise<void> {
    for (const message of messages) this.messages.delete(keyOf(message));
  }
}

const keyOf = (message: DeferredMessage) =>
  `${message.releaseAt.toISOString()}#${message.notificationId}`;

/** A queue that notes the copies and released messages it is given, in order. */
export function recordingQueue() {
  const copies: { body: string; notBefore: string }[] = [];
  const released: { body: string; delaySeconds: number }[] = [];
  const queue: RetryQueue & ReleaseQueue = {
    sendAgainAfter: async (body, notBefore) => {
      copies.push({ body, notBefore: notBefore.toISOString() });
    },
    sendDelayed: async (messages) => {
      released.push(...messages);
    },
  };
  return { queue, copies, released };
}
