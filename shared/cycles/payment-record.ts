import { cycleIdSchema, isoDateSchema } from '../calendar/calendar-date.ts';
import { halalasSchema } from '../money/halalas.ts';
import { CHANNELS, contactProblemSchema } from '../notifications/notification.ts';
import * as z from '../validation/zod.ts';

/**
 * The payment record: one per household per cycle, whatever the outcome. It is the household's
 * eligibility result for the month (تاريخ الاستحقاق) and, when the household is paid, the payment
 * instruction, with everything needed to answer "why this amount?". Its id is deterministic (cycle
 * and household), and it is written with a conditional put, so a household is paid at most once per
 * cycle however often the cycle runs.
 */

export const PAYMENT_STATUSES = ['paid', 'not-eligible', 'nothing-due', 'set-aside'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Why an eligible household is owed nothing this month. */
export const NOTHING_DUE_REASONS = ['income-above-cutoff', 'below-minimum'] as const;

/** How many shards a cycle's payments are spread over in the by-cycle index (see docs/data-model.md). */
export const PAYMENT_SHARDS = 64;

export const paymentRecordSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    paymentId: z.string().check(z.minLength(1)),
    cycle: cycleIdSchema,
    householdId: z.string().check(z.minLength(1)),
    /** `<cycle>#<00..63>`: the by-cycle index key, spread so no index partition runs hot. */
    cycleShard: z.string().check(z.minLength(1)),
    paymentNumber: z.nullable(z.int().check(z.positive())),
    paymentDate: isoDateSchema,
    status: z.enum(PAYMENT_STATUSES),
    /** Reason codes: ineligibility reasons, nothing-due reasons, or the validation failures of a set-aside record. */
    reasons: z.array(z.string()),
    /** For a set-aside record: what was wrong with it, field by field. */
    problems: z.array(z.string()),
    /**
     * The channels the household's contact details ruled out (reason codes, never the values): the
     * household is assessed as usual and its message skips that channel. Empty in a set-aside record
     * and in records written before contact problems were kept.
     */
    contactProblems: z._default(
      z.array(contactProblemSchema).check(z.maxLength(CHANNELS.length)),
      [],
    ),
    amountHalalas: halalasSchema,
    arrearsHalalas: halalasSchema,
    totalHalalas: halalasSchema,
    arrearsLines: z.array(
      z.object({ objectionId: z.string(), cycle: cycleIdSchema, amountHalalas: halalasSchema }),
    ),
    policyVersion: z.nullable(z.string()),
    /** The entitlement breakdown (weight, cap, thresholds, income, full amount, taper, result). */
    entitlement: z.nullable(z.record(z.string(), z.unknown())),
    /** Per person: eligible or not, and why. */
    eligibility: z.nullable(
      z.array(
        z.object({
          personId: z.string(),
          role: z.enum(['head', 'dependent']),
          eligible: z.boolean(),
          reasons: z.array(z.string()),
        }),
      ),
    ),
    /** `SA** **** **** **** **** 1234`: enough for reconciliation, never the full IBAN. */
    ibanMasked: z.nullable(z.string()),
    segment: z.int().check(z.minimum(0)),
    writtenAt: z.string(),
  }),
);

export type PaymentRecord = z.infer<typeof paymentRecordSchema>;

export function paymentIdOf(cycle: string, householdId: string): string {
  return `${cycle}#${householdId}`;
}

/** A stable shard of 0..PAYMENT_SHARDS-1 from the household id (FNV-1a), the same in every cycle. */
export function paymentShardOf(householdId: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < householdId.length; index += 1) {
    hash ^= householdId.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PAYMENT_SHARDS;
}

export function cycleShardOf(cycle: string, householdId: string): string {
  return `${cycle}#${String(paymentShardOf(householdId)).padStart(2, '0')}`;
}
