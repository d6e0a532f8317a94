import type {
  DeferredMessage,
  DeferredStore,
  ReleaseQueue,
  RetryQueue,
} from '../../../shared/notifications/deferral.ts';

/** The deferred table in memory: one message per notification id and release instant. */
export class InMemoryDeferredStore implements DeferredStore {
  private readonly messages = new Map<string, DeferredMessage>();

  get size(): number {
    return this.messages.size;
  }

  async defer(message: DeferredMessage): Promise<void> {
    this.messages.set(keyOf(message), message);
  }

  async due(now: Date, limit: number): Promise<DeferredMessage[]> {
    return [...this.messages.values()]
      .filter((message) => message.releaseAt.getTime() <= now.getTime())
      .sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime())
      .slice(0, limit);
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
