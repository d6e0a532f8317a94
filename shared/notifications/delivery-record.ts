import * as z from '../validation/zod.ts';
import { CHANNELS, type Channel } from './notification.ts';

/**
 * What happened to one notification on one channel. A delivery is claimed before anything is sent,
 * so a redelivered or retried notification is sent at most once per channel; the send ends `sent`,
 * `skipped` (opted out, no usable contact, a suppressed address), `failed` (a permanent refusal) or
 * `dead-lettered` (transient failures past the retry limit). `claimed` with no outcome is a send in
 * flight, or stuck if it stays so; `retrying` waits for its next attempt.
 *
 * A `sent` delivery then waits for the provider's receipt (GOV.UK Notify's statuses): `delivered`,
 * `permanent-failure` (the address or number is wrong or refuses us), `temporary-failure` (the
 * inbox or phone could not take it now), `technical-failure` (the provider could not send what we
 * gave it), or `unknown`, set by the sweeper when no receipt came within 72 hours. A receipt that
 * comes after `unknown` still records the truth (see receipt.ts for how receipts combine).
 */

export const RECEIPT_STATUSES = [
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'unknown',
] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUSES)[number];

export const DELIVERY_STATUSES = [
  'claimed',
  'retrying',
  'sent',
  'skipped',
  'failed',
  'dead-lettered',
  ...RECEIPT_STATUSES,
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryRecordSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    deliveryId: z.string().check(z.minLength(1)),
    notificationId: z.string().check(z.minLength(1)),
    channel: z.enum(CHANNELS),
    event: z.string(),
    householdId: z.string(),
    /**
     * The cycle a payment message belongs to (`payment-deposited`, `not-eligible`), for the cycle
     * report; null for objection messages, and absent (null) on deliveries claimed before it was kept.
     */
    cycle: z._default(z.nullable(z.string()), null),
    status: z.enum(DELIVERY_STATUSES),
    /** Attempts that count toward the retry limit: a throttled one does not. */
    attempts: z.int().check(z.minimum(0)),
    /**
     * How many times the provider throttled it. A throttled send waits and is tried again without
     * spending an attempt: throttling is the provider's pace, not the message's fault, and never
     * dead-letters it. The wait grows with this count.
     */
    throttles: z._default(z.int().check(z.minimum(0)), 0),
    /**
     * Why it was skipped, failed, is retrying or was dead-lettered; after the send, the receipt's
     * reason code (`bounce-permanent-general`, `carrier-blocked`, `delivery-delay-...`).
     */
    reason: z.nullable(z.string()),
    providerMessageId: z.nullable(z.string()),
    /** SMS only: segments of the text sent. */
    segments: z.nullable(z.int().check(z.minimum(0))),
    /** When the provider accepted it; null until then, and on deliveries sent before it was kept. */
    sentAt: z._default(z.nullable(z.string()), null),
    /** When the provider said what became of it (the receipt's own time); null without a receipt. */
    receiptAt: z._default(z.nullable(z.string()), null),
    updatedAt: z.string(),
  }),
);

export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

/**
 * How a delivery's story ended, in GOV.UK Notify's terms, for counting (`cycle report`): a receipt
 * status as it stands; a send the provider refused outright (`failed`) is a permanent failure when
 * the address or number was at fault and a technical one otherwise; a send that never got through
 * (`dead-lettered`) is a technical failure; `skipped` stays its own ending (nothing was sent);
 * `awaiting-receipt` is a sent message whose receipt has not come yet (at most 72 hours);
 * `in-flight` is claimed or retrying: still being sent, or stuck.
 */
export const MESSAGE_ENDINGS = [
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
  'unknown',
  'skipped',
  'awaiting-receipt',
  'in-flight',
] as const;
export type MessageEnding = (typeof MESSAGE_ENDINGS)[number];

/** Refusals that say the address or number is wrong, not that we or the provider failed. */
const RECIPIENT_REFUSALS = new Set(['invalid-number', 'rejected', 'opted-out']);

export function messageEndingOf(record: Pick<DeliveryRecord, 'status' | 'reason'>): MessageEnding {
  switch (record.status) {
    case 'claimed':
    case 'retrying':
      return 'in-flight';
    case 'sent':
      return 'awaiting-receipt';
    case 'failed':
      return RECIPIENT_REFUSALS.has(record.reason ?? '')
        ? 'permanent-failure'
        : 'technical-failure';
    case 'dead-lettered':
      return 'technical-failure';
    default:
      return record.status;
  }
}

/** A cycle's messages counted by how each ended, per channel. */
export type CycleMessageCounts = Record<Channel, Record<MessageEnding, number>>;

/** Every ending at zero, per channel. */
export function emptyMessageCounts(): CycleMessageCounts {
  const zero = () =>
    Object.fromEntries(MESSAGE_ENDINGS.map((ending) => [ending, 0])) as Record<
      MessageEnding,
      number
    >;
  return { sms: zero(), email: zero() };
}

/** Endings no later event changes, short of an ops retry or a late receipt after `unknown`. */
export const TERMINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'skipped',
  'failed',
  'dead-lettered',
  ...RECEIPT_STATUSES,
];
