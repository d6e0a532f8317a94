import { createHash } from 'node:crypto';
import { cycleIdSchema, isoDateSchema } from '../calendar/calendar-date.ts';
import { languageSchema } from '../i18n/language.ts';
import { halalasSchema } from '../money/halalas.ts';
import * as z from '../validation/zod.ts';

/**
 * A message to a beneficiary about one event: a payment deposited, a cycle not paid and why, or a
 * change in an objection's status. It is queued by the cycle and by objection changes for the
 * notifier, which renders it (Arabic first) and sends it by SMS and email. Its id is deterministic
 * (event, subject, household), so queueing it twice, after a rerun or a redelivery, still sends it
 * once per channel: the notifier claims `<notificationId>#<channel>` before sending.
 */

export const NOTIFICATION_EVENTS = [
  'payment-deposited',
  'not-eligible',
  'objection-received',
  'objection-under-review',
  'objection-accepted',
  'objection-rejected',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const CHANNELS = ['sms', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Why a channel cannot be used for a household: its contact detail there is unusable, or the contact
 * record as a whole (missing, or without its language or opt-outs).
 */
export const CONTACT_PROBLEM_REASONS = [
  'invalid-mobile',
  'invalid-email',
  'invalid-contact',
] as const;
export type ContactProblemReason = (typeof CONTACT_PROBLEM_REASONS)[number];

/**
 * A channel the household's contact details rule out, and why: the reason code only, never the
 * value, so that a problem can be logged, counted and stored without personal data.
 */
export const contactProblemSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    channel: z.enum(CHANNELS),
    reason: z.enum(CONTACT_PROBLEM_REASONS),
  }),
);
export type ContactProblem = z.infer<typeof contactProblemSchema>;

export const contactSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    /**
     * E.164 as the register's schema normalised it, or null when unusable (see `problems`). A message
     * queued before that carries the number as the register held it; the notifier checks it again.
     */
    mobile: z.nullable(z.string()),
    /** The address, or null: none given, or unusable (see `problems`). */
    email: z.nullable(z.string()),
    smsOptOut: z.boolean(),
    emailOptOut: z.boolean(),
    /** The channels the register's contact details rule out; absent from messages queued before. */
    problems: z._default(z.array(contactProblemSchema).check(z.maxLength(CHANNELS.length)), []),
  }),
);

// A function, not an object: built at module load, its schemas were made by every Lambda that
// imports this module, and kept in its bundle, whether or not it ever reads a notification.
const common = () => ({
  notificationId: z.string().check(z.minLength(1)),
  householdId: z.string().check(z.minLength(1)),
  language: languageSchema,
  contact: contactSchema,
});

export const notificationSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.discriminatedUnion('event', [
    z.object({
      ...common(),
      event: z.literal('payment-deposited'),
      payload: z.object({
        cycle: cycleIdSchema,
        paymentNumber: z.nullable(z.int()),
        paymentDate: isoDateSchema,
        amountHalalas: halalasSchema,
        arrearsHalalas: halalasSchema,
      }),
    }),
    z.object({
      ...common(),
      event: z.literal('not-eligible'),
      payload: z.object({
        cycle: cycleIdSchema,
        paymentNumber: z.nullable(z.int()),
        paymentDate: isoDateSchema,
        /** Ineligibility reason codes, or why nothing is due (`income-above-cutoff`, `below-minimum`). */
        reasons: z.array(z.string()).check(z.minLength(1)),
        /** The last day an objection to this result is accepted. */
        objectionDeadline: isoDateSchema,
      }),
    }),
    z.object({
      ...common(),
      event: z.literal('objection-received'),
      payload: z.object({ objectionId: z.string(), resultCycle: cycleIdSchema }),
    }),
    z.object({
      ...common(),
      event: z.literal('objection-under-review'),
      payload: z.object({ objectionId: z.string(), resultCycle: cycleIdSchema }),
    }),
    z.object({
      ...common(),
      event: z.literal('objection-accepted'),
      payload: z.object({
        objectionId: z.string(),
        resultCycle: cycleIdSchema,
        /** The months the arrears cover (none when nothing was owed). */
        arrearsMonths: z.array(cycleIdSchema),
        arrearsHalalas: halalasSchema,
        /** The payment date of the cycle that carries the arrears; null when there are none. */
        arrearsPaymentDate: z.nullable(isoDateSchema),
      }),
    }),
    z.object({
      ...common(),
      event: z.literal('objection-rejected'),
      payload: z.object({
        objectionId: z.string(),
        resultCycle: cycleIdSchema,
        /** The support team's reason, as written. */
        rejectionReason: z.string().check(z.minLength(1)),
      }),
    }),
  ]),
);

export type Notification = z.infer<typeof notificationSchema>;
export type NotificationOf<E extends NotificationEvent> = Extract<Notification, { event: E }>;

/** A short stable id from the event, its subject (a cycle or an objection) and the household. */
export function notificationIdOf(
  event: NotificationEvent,
  subject: string,
  householdId: string,
): string {
  return createHash('sha256')
    .update(`${event}|${subject}|${householdId}`)
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The cycle a message belongs to, for the cycle report: a payment message's cycle; null for an
 * objection's messages, which are about the objection, whenever it is decided.
 */
export function cycleOfNotification(notification: Notification): string | null {
  return notification.event === 'payment-deposited' || notification.event === 'not-eligible'
    ? notification.payload.cycle
    : null;
}

/** The id a delivery is claimed under: one per notification and channel. */
export function deliveryIdOf(notificationId: string, channel: Channel): string {
  return `${notificationId}#${channel}`;
}

/** The fields every notification to a household carries: who it is for and how to reach them. */
export function recipientOf(household: {
  readonly householdId: string;
  readonly contact: {
    readonly mobile: string | null;
    readonly email: string | null;
    readonly language: 'ar' | 'en';
    readonly smsOptOut: boolean;
    readonly emailOptOut: boolean;
    readonly problems: readonly ContactProblem[];
  };
}): Pick<Notification, 'householdId' | 'language' | 'contact'> {
  const { mobile, email, language, smsOptOut, emailOptOut, problems } = household.contact;
  return {
    householdId: household.householdId,
    language,
    contact: {
      mobile,
      email,
      smsOptOut,
      emailOptOut,
      problems: problems.map(({ channel, reason }) => ({ channel, reason })),
    },
  };
}
