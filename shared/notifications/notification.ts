import { createHash } from 'node:crypto';
import { z } from 'zod';
import { cycleIdSchema, isoDateSchema } from '../calendar/calendar-date.ts';
import { languageSchema } from '../i18n/language.ts';
import { halalasSchema } from '../money/halalas.ts';

/**
 * A message to a beneficiary about an event, queued by the cycle (and later by objection changes)
 * for the notifier. Its id is deterministic (event and recipient), so queueing it twice, after a
 * rerun or a retry, still sends it once: the notifier claims each id before sending.
 */

export const notificationSchema = z.object({
  notificationId: z.string().min(1),
  event: z.enum(['payment-deposited', 'not-eligible']),
  householdId: z.string().min(1),
  cycle: cycleIdSchema,
  language: languageSchema,
  contact: z.object({
    mobile: z.string(),
    email: z.string().nullable(),
    smsOptOut: z.boolean(),
    emailOptOut: z.boolean(),
  }),
  payload: z.object({
    paymentNumber: z.int().nullable(),
    paymentDate: isoDateSchema,
    amountHalalas: halalasSchema,
    arrearsHalalas: halalasSchema,
    reasons: z.array(z.string()),
    /** The last day an objection to this result is accepted. */
    objectionDeadline: isoDateSchema.nullable(),
  }),
});

export type Notification = z.infer<typeof notificationSchema>;

/** A short stable id from the event and the recipient: the same inputs always give the same id. */
export function notificationIdOf(
  event: Notification['event'],
  cycle: string,
  householdId: string,
): string {
  return createHash('sha256')
    .update(`${event}|${cycle}|${householdId}`)
    .digest('base64url')
    .slice(0, 22);
}
