import {
  LONGEST_QUEUE_DELAY_MS,
  type ReleaseQueue,
  type RetryQueue,
} from '../../shared/notifications/deferral.ts';
import { MinHeap } from './min-heap.ts';

/**
 * A standard SQS queue in virtual time, with the limits that matter at national scale: at most
 * `inFlightCap` messages in flight (received, not yet deleted; about 120,000 for a standard queue),
 * past which a receive comes back empty; a received message not deleted comes back after the
 * visibility timeout, and one received `maxReceiveCount` times goes to the dead-letter queue;
 * a message is delayed 15 minutes at most. Order is first in, first out among visible messages
 * (SQS promises no order; the simulation needs one to be repeatable).
 */

export interface SqsLimits {
  readonly inFlightCap: number;
  readonly visibilityTimeoutMs: number;
  readonly maxReceiveCount: number;
}

export interface SimulatedMessage {
  readonly body: string;
  receives: number;
}

interface Waiting {
  readonly at: number;
  readonly message: SimulatedMessage;
  /** Received and not deleted (counted in flight), rather than delayed. */
  readonly inFlight: boolean;
  /** Deleted at `at`: it leaves the queue then, instead of becoming visible. */
  readonly deleted: boolean;
  readonly order: number;
}

export class SimulatedSqs implements RetryQueue, ReleaseQueue {
  private readonly limits: SqsLimits;
  private readonly clock: { now(): number };
  private visible: SimulatedMessage[] = [];
  private head = 0;
  private readonly waiting = new MinHeap<Waiting>(
    (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order),
  );
  private order = 0;
  inFlight = 0;
  peakInFlight = 0;
  deadLettered = 0;
  /** Receives that came back empty only because the in-flight cap was reached. */
  receivesRefusedAtCap = 0;

  constructor(limits: SqsLimits, clock: { now(): number }) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Messages on the queue: visible, delayed, or in flight. */
  get size(): number {
    return this.visible.length - this.head + this.waiting.size;
  }

  /** When the next delayed or in-flight message becomes visible; undefined when none waits. */
  nextChangeAt(): number | undefined {
    return this.waiting.peek()?.at;
  }

  send(body: string, delayMs = 0): void {
    const message = { body, receives: 0 };
    const delay = Math.min(Math.max(0, delayMs), LONGEST_QUEUE_DELAY_MS);
    if (delay === 0) this.visible.push(message);
    else this.wait(this.clock.now() + delay, message, false);
  }

  async sendAgainAfter(body: string, notBefore: Date, now: Date): Promise<void> {
    this.send(body, notBefore.getTime() - now.getTime());
  }

  async sendDelayed(
    messages: readonly { readonly body: string; readonly delaySeconds: number }[],
  ): Promise<void> {
    for (const message of messages) this.send(message.body, message.delaySeconds * 1000);
  }

  receive(max: number): SimulatedMessage[] {
    this.advance();
    if (this.inFlight >= this.limits.inFlightCap) {
      if (this.head < this.visible.length) this.receivesRefusedAtCap += 1;
      return [];
    }
    const taken: SimulatedMessage[] = [];
    while (
      taken.length < max &&
      this.inFlight < this.limits.inFlightCap &&
      this.head < this.visible.length
    ) {
      const message = this.visible[this.head] as SimulatedMessage;
      this.head += 1;
      if (message.receives >= this.limits.maxReceiveCount) {
        this.deadLettered += 1;
        continue;
      }
      message.receives += 1;
      this.inFlight += 1;
      taken.push(message);
    }
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    if (this.head > 65_536 && this.head * 2 > this.visible.length) {
      this.visible = this.visible.slice(this.head);
      this.head = 0;
    }
    return taken;
  }

  /**
   * The handler is done with it: deleted at `at`, when its batch ended (in flight until then,
   * while other containers' batches overlap it).
   */
  deleteAt(message: SimulatedMessage, at: number): void {
    this.wait(at, message, true, true);
  }

  /** Not deleted: it comes back after the visibility timeout, or at `until` when one was set. */
  keep(message: SimulatedMessage, until?: number): void {
    this.wait(until ?? this.clock.now() + this.limits.visibilityTimeoutMs, message, true);
  }

  private wait(at: number, message: SimulatedMessage, inFlight: boolean, deleted = false): void {
    this.order += 1;
    this.waiting.push({ at, message, inFlight, deleted, order: this.order });
  }

  private advance(): void {
    const now = this.clock.now();
    for (let next = this.waiting.peek(); next && next.at <= now; next = this.waiting.peek()) {
      this.waiting.pop();
      if (next.inFlight) this.inFlight -= 1;
      if (!next.deleted) this.visible.push(next.message);
    }
  }
}
