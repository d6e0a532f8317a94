import {
  defaultNotificationSettings,
  type NotificationSettings,
} from '../../../shared/config/notification-settings.ts';
import type { NotifierDeps } from '../../../shared/notifications/deliver-notification.ts';
import {
  type CycleMessageCounts,
  type DeliveryRecord,
  emptyMessageCounts,
  messageEndingOf,
} from '../../../shared/notifications/delivery-record.ts';
import { DeliveryError } from '../../../shared/notifications/errors.ts';
import type { Notification } from '../../../shared/notifications/notification.ts';
import type {
  DeliveryRepository,
  DrainableNotificationQueue,
  EmailSender,
  QueuedNotification,
  SmsSender,
} from '../../../shared/notifications/ports.ts';
import { createRateLimiter } from '../../../shared/notifications/rate-limiter.ts';
import type { ReceiptOutcome } from '../../../shared/notifications/receipt.ts';
import type {
  CycleMessages,
  DeliveryReceipts,
} from '../../../shared/notifications/receipt-ports.ts';
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

export class InMemoryDrainableQueue implements DrainableNotificationQueue {
  readonly items = new Map<
    string,
    { raw: unknown; notBefore: string | null; setAside: string | null }
  >();

  async enqueue(notifications: readonly Notification[]) {
    for (const notification of notifications) {
      this.items.set(notification.notificationId, {
        raw: structuredClone(notification),
        notBefore: null,
        setAside: null,
      });
    }
  }

  async *list(): AsyncIterable<QueuedNotification> {
    for (const [notificationId, item] of this.items)
      yield { notificationId, ...structuredClone(item) };
  }

  async reschedule(notificationId: string, notBefore: Date) {
    const item = this.items.get(notificationId);
    if (item) item.notBefore = notBefore.toISOString();
  }

  async setAside(notificationId: string, reason: string) {
    const item = this.items.get(notificationId);
    if (item) item.setAside = reason;
  }

  async remove(notificationId: string) {
    this.items.delete(notificationId);
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
  const queue = new InMemoryDrainableQueue();
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
  return { deps, clock, deliveries, sms, email, queue, suppressions };
}
