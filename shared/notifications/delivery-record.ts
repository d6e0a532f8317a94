import { z } from 'zod';
import { CHANNELS } from './notification.ts';

/**
 * What happened to one notification on one channel. A delivery is claimed before anything is sent,
 * so a redelivered or retried notification is sent at most once per channel; it ends `sent`,
 * `skipped` (opted out, no usable contact), `failed` (a permanent refusal) or `dead-lettered`
 * (transient failures past the retry limit). `claimed` with no outcome is a send in flight, or stuck
 * if it stays so; `retrying` waits for its next attempt.
 */

export const DELIVERY_STATUSES = [
  'claimed',
  'retrying',
  'sent',
  'skipped',
  'failed',
  'dead-lettered',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryRecordSchema = z.object({
  deliveryId: z.string().min(1),
  notificationId: z.string().min(1),
  channel: z.enum(CHANNELS),
  event: z.string(),
  householdId: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  /** Attempts that count toward the retry limit: a throttled one does not. */
  attempts: z.int().min(0),
  /**
   * How many times the provider throttled it. A throttled send waits and is tried again without
   * spending an attempt: throttling is the provider's pace, not the message's fault, and never
   * dead-letters it. The wait grows with this count.
   */
  throttles: z.int().min(0).default(0),
  /** Why it was skipped, failed, is retrying or was dead-lettered. */
  reason: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  /** SMS only: segments of the text sent. */
  segments: z.int().min(0).nullable(),
  updatedAt: z.string(),
});

export type DeliveryRecord = z.infer<typeof deliveryRecordSchema>;

/** Statuses a delivery never leaves. */
export const TERMINAL_DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'sent',
  'skipped',
  'failed',
  'dead-lettered',
];
