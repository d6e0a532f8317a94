import {
  defaultNotificationSettings,
  type NotificationSettings,
} from '../../../shared/config/notification-settings.ts';
import {
  LONGEST_QUEUE_DELAY_MS,
  type ReleaseQueue,
  type RetryQueue,
  releaseDueMessages,
} from '../../../shared/notifications/deferral.ts';
import type {
  DeliveryResult,
  NotifierDeps,
} from '../../../shared/notifications/deliver-notification.ts';
import {
  type CycleMessageCounts,
  type DeliveryRecord,
  emptyMessageCounts,
  messageEndingOf,
} from '../../../shared/notifications/delivery-record.ts';
import { DeliveryError } from '../../../shared/notifications/errors.ts';
import { handleNotifyBatch } from '../../../shared/notifications/handle-notify-batch.ts';
import type { Channel, Notification } from '../../../shared/notifications/notification.ts';
import type {
  DeliveryRepository,
  EmailSender,
  NotificationQueue,
  SmsSender,
} from '../../../shared/notifications/ports.ts';
import { createRateLimiter } from '../../../shared/notifications/rate-limiter.ts';
import type { ReceiptOutcome } from '../../../shared/notifications/receipt.ts';
import type {
  CycleMessages,
  DeliveryReceipts,
} from '../../../shared/notifications/receipt-ports.ts';
import { InMemoryDeferredStore } from './in-memory-deferral.ts';
import { InMemorySuppressionList } from './in-memory-suppression-list.ts';

/** A clock that only moves when told to, or when the code under test sleeps. */
export class ManualClock {
  private instant: Date;

  constructor(instant: Date) {
    this.instant = instant;
  }
  now = (): Date => new Date(this.instant);
  sleep = async (milliseconds: number): Promise<void> => {
    this.instant = new Date(this.instant.getTime() + milliseconds);
  };
  set(instant: Date): void {
    this.instant = instant;
  }
}

/** The delivery store in memory, with the DynamoDB adapter's claim and receipt semantics. */
export class InMemoryDeliveryRepository
  implements DeliveryRepository, DeliveryReceipts, CycleMessages
{
  readonly records = new Map<string, DeliveryRecord>();

  async claim(claim: Parameters<DeliveryRepository['claim']>[0]) {
    const standing = this.records.get(claim.deliveryId);
    if (standing && standing.status !== 'retrying')
      return { claimed: false as const, standing: structuredClone(standing) };
    const attempts = (standing?.attempts ?? 0) + 1;
    const throttles = standing?.throttles ?? 0;
    this.records.set(claim.deliveryId, {
      ...claim,
      status: 'claimed',
      attempts,
      throttles,
      reason: standing?.reason ?? null,
      providerMessageId: null,
      segments: null,
      sentAt: null,
      receiptAt: null,
    });
    return { claimed: true as const, attempts, throttles };
  }

  async skip(skip: Parameters<DeliveryRepository['skip']>[0]) {
    const { reason, ...claim } = skip;
    const claimed = await this.claim(claim);
    if (!claimed.claimed) return { recorded: false as const, standing: claimed.standing };
    const record = this.records.get(claim.deliveryId);
    if (record) this.records.set(claim.deliveryId, { ...record, status: 'skipped', reason });
    return { recorded: true as const };
  }

  async settle(deliveryId: string, outcome: Parameters<DeliveryRepository['settle']>[1]) {
    const standing = this.records.get(deliveryId);
    if (standing?.status !== 'claimed') throw new Error(`${deliveryId} is not claimed`);
    const { throttled, ...fields } = outcome;
    this.records.set(deliveryId, {
      ...standing,
      ...fields,
      ...(fields.status === 'sent' ? { sentAt: fields.updatedAt } : {}),
      ...(throttled ? { attempts: standing.attempts - 1, throttles: standing.throttles + 1 } : {}),
    });
  }

  async get(deliveryId: string) {
    return structuredClone(this.records.get(deliveryId));
  }

  async reopen(deliveryId: string, at: string) {
    const standing = this.records.get(deliveryId);
    if (standing?.status !== 'failed' && standing?.status !== 'dead-lettered') return false;
    this.records.set(deliveryId, { ...standing, status: 'retrying', attempts: 0, updatedAt: at });
    return true;
  }

  async *list() {
    yield* [...this.records.values()].map((record) => structuredClone(record));
  }

  async listByHousehold(householdId: string) {
    return [...this.records.values()]
      .filter((record) => record.householdId === householdId)
      .map((record) => structuredClone(record));
  }

  async findByProviderMessage(channel: 'sms' | 'email', providerMessageId: string) {
    // As the index: only sent deliveries carry the provider's id as a key.
    return [...this.records.values()].find(
      (record) =>
        record.channel === channel &&
        record.sentAt !== null &&
        record.providerMessageId === providerMessageId,
    )?.deliveryId;
  }

  async recordOutcome(
    deliveryId: string,
    expected: Pick<DeliveryRecord, 'status' | 'updatedAt'>,
    next: ReceiptOutcome,
  ) {
    const standing = this.records.get(deliveryId);
    if (standing?.status !== expected.status || standing.updatedAt !== expected.updatedAt) {
      return false;
    }
    const { awaitingReceipt: _, ...fields } = next;
    this.records.set(deliveryId, { ...standing, ...fields });
    return true;
  }

  async *listAwaitingReceipt(sentBefore: string) {
    // As the sparse index: sent and not yet settled by a receipt or the sweeper.
    for (const record of [...this.records.values()]) {
      if (record.status === 'sent' && record.sentAt !== null && record.sentAt <= sentBefore) {
        yield { deliveryId: record.deliveryId };
      }
    }
  }

  async countByCycle(cycle: string): Promise<CycleMessageCounts> {
    const counts = emptyMessageCounts();
    for (const record of this.records.values()) {
      if (record.cycle === cycle) counts[record.channel][messageEndingOf(record)] += 1;
    }
    return counts;
  }
}

type Script = Array<'ok' | 'throttled' | 'unavailable' | 'invalid-number' | 'rejected'>;

/** A provider that answers as scripted, call by call (then `ok`), and keeps what it sent. */
class ScriptedSender {
  readonly sent: { to: string; body: string; deliveryId: string }[] = [];
  calls = 0;
  private readonly script: Script;

  constructor(script: Script = []) {
    this.script = script;
  }

  protected answer(message: { to: string; body: string; deliveryId: string }) {
    const step = this.script[this.calls] ?? 'ok';
    this.calls += 1;
    if (step === 'throttled') throw new DeliveryError('Rate exceeded', true, 'throttled');
    if (step === 'unavailable')
      throw new DeliveryError('Service unavailable', true, 'provider-unavailable');
    if (step === 'invalid-number')
      throw new DeliveryError('Invalid parameter: PhoneNumber', false, 'invalid-number');
    if (step === 'rejected') throw new DeliveryError('Address suppressed', false, 'rejected');
    this.sent.push(message);
    return { providerMessageId: `provider-${this.calls}` };
  }
}

export class FakeSmsSender extends ScriptedSender implements SmsSender {
  async send(message: Parameters<SmsSender['send']>[0]) {
    return this.answer(message);
  }
}

export class FakeEmailSender extends ScriptedSender implements EmailSender {
  readonly emails: Parameters<EmailSender['send']>[0][] = [];
  async send(message: Parameters<EmailSender['send']>[0]) {
    const result = this.answer({
      to: message.to,
      body: message.text,
      deliveryId: message.deliveryId,
    });
    this.emails.push(message);
    return result;
  }
}

/**
 * The notify queue in memory, in the clock's time: messages as SQS bodies, each visible from its
 * delay on; what the handler reports failed stays (SQS would dead-letter it after its receives).
 */
export class InMemoryNotifyQueue implements NotificationQueue, RetryQueue, ReleaseQueue {
  readonly messages: { body: string; visibleAt: number; failed: boolean }[] = [];
  private readonly clock: { now(): Date };

  constructor(clock: { now(): Date }) {
    this.clock = clock;
  }

  async enqueue(notifications: readonly Notification[]) {
    for (const notification of notifications) this.send(JSON.stringify(notification), 0);
  }

  async sendAgainAfter(body: string, notBefore: Date, now: Date) {
    this.send(body, Math.min(LONGEST_QUEUE_DELAY_MS, notBefore.getTime() - now.getTime()));
  }

  async sendDelayed(messages: readonly { body: string; delaySeconds: number }[]) {
    for (const message of messages) this.send(message.body, message.delaySeconds * 1000);
  }

  /** Every message visible now and not reported failed, taken off the queue. */
  takeVisible(): { body: string; visibleAt: number; failed: boolean }[] {
    const now = this.clock.now().getTime();
    const visible = this.messages.filter((message) => !message.failed && message.visibleAt <= now);
    for (const message of visible) this.messages.splice(this.messages.indexOf(message), 1);
    return visible;
  }

  private send(body: string, delayMs: number) {
    const visibleAt = this.clock.now().getTime() + Math.max(0, Math.ceil(delayMs / 1000) * 1000);
    this.messages.push({ body, visibleAt, failed: false });
  }
}

/** What a drain on fakes did: the final outcome per channel, and the messages left waiting. */
export interface FakeDrainSummary {
  readonly messages: number;
  readonly byChannel: Record<Channel, Record<string, number>>;
  readonly unreadable: number;
  readonly stillQueued: number;
  readonly nextDue: Date | null;
}

/**
 * Drains the in-memory queue as the event source and the scheduled release do in AWS, in the
 * clock's time: batches of ten to `handleNotifyBatch`, unreadable messages kept, deferred messages
 * released when due; waits (a retry's delay) up to `waitUpToMs`, never for quiet hours' end.
 */
export async function drainOnFakes(
  notifier: ReturnType<typeof fakeNotifier>,
  options: { readonly waitUpToMs: number } = { waitUpToMs: 60_000 },
): Promise<FakeDrainSummary> {
  const { deps, queue, deferred, clock } = notifier;
  const byChannel: Record<Channel, Record<string, number>> = { sms: {}, email: {} };
  let messages = 0;
  let unreadable = 0;
  for (;;) {
    const visible = queue.takeVisible();
    for (let start = 0; start < visible.length; start += 10) {
      const batch = visible.slice(start, start + 10);
      const outcomes = await handleNotifyBatch(
        { ...deps, deferral: { queue, deferred } },
        batch.map((message, index) => ({
          messageId: `m${start + index}`,
          receiptHandle: `r${start + index}`,
          body: message.body,
        })),
      );
      for (const [index, outcome] of outcomes.entries()) {
        if (outcome.status === 'rejected') {
          unreadable += 1;
          queue.messages.push({ ...(batch[index] as (typeof batch)[number]), failed: true });
          continue;
        }
        const result = outcome.value as DeliveryResult;
        for (const channel of ['sms', 'email'] as const) {
          const ended = result.outcomes[channel];
          if (ended.kind === 'already' || ended.kind === 'retry' || ended.kind === 'deferred')
            continue;
          const key = ended.kind === 'sent' ? 'sent' : `${ended.kind}:${ended.reason}`;
          byChannel[channel][key] = (byChannel[channel][key] ?? 0) + 1;
        }
        if (result.notBefore === null) messages += 1;
      }
    }
    const released = await releaseDueMessages(
      { deferred, queue, clock },
      { ratePerSecond: deps.settings.sms.ratePerSecond, windowSeconds: 60 },
    );
    if (released.released > 0) continue;
    const waiting = queue.messages.filter((message) => !message.failed);
    const [next] = await deferred.due(new Date(8.64e15), 1);
    const nextDue = Math.min(
      ...waiting.map((message) => message.visibleAt),
      next?.releaseAt.getTime() ?? Infinity,
    );
    const wait = nextDue - clock.now().getTime();
    if (nextDue === Infinity || wait > options.waitUpToMs) {
      return {
        messages,
        byChannel,
        unreadable,
        stillQueued: waiting.length + deferred.size,
        nextDue: nextDue === Infinity ? null : new Date(nextDue),
      };
    }
    if (wait > 0) await clock.sleep(wait);
  }
}

/** A notifier on fakes: Sunday 13 Dec 2026, 10:00 in Riyadh, outside quiet hours. */
export function fakeNotifier(
  options: { sms?: Script; email?: Script; settings?: Partial<NotificationSettings> } = {},
) {
  const clock = new ManualClock(new Date('2026-12-13T10:00:00+03:00'));
  const deliveries = new InMemoryDeliveryRepository();
  const sms = new FakeSmsSender(options.sms);
  const email = new FakeEmailSender(options.email);
  const queue = new InMemoryNotifyQueue(clock);
  const deferred = new InMemoryDeferredStore();
  const suppressions = new InMemorySuppressionList();
  const settings = { ...defaultNotificationSettings, ...options.settings };
  const deps: NotifierDeps = {
    deliveries,
    sms,
    email,
    suppressions,
    settings,
    clock,
    limiters: {
      sms: createRateLimiter(settings.sms.ratePerSecond, clock, clock.sleep),
      email: createRateLimiter(settings.email.ratePerSecond, clock, clock.sleep),
    },
  };
  return { deps, clock, deliveries, sms, email, queue, deferred, suppressions };
}
