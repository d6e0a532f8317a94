import { cycleIdSchema, isoDateSchema } from '../calendar/calendar-date.ts';
import * as z from '../validation/zod.ts';
import { cycleTallySchema, emptyTally } from './cycle-tally.ts';

/**
 * A cycle (one month's run) and its segments: the cycle record holds what was planned (payment
 * number, date, policy version, how the household table was split) and, once finalized, the totals;
 * each segment record holds its progress (the scan cursor and the tally so far), so a crashed
 * segment resumes where it last checkpointed.
 */

export const CYCLE_STATUSES = ['planned', 'running', 'completed', 'incomplete'] as const;
export const SEGMENT_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

export const cycleRecordSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    paymentNumber: z.nullable(z.int().check(z.positive())),
    paymentDate: isoDateSchema,
    paymentDateReason: z.string(),
    policyVersion: z.string(),
    calendarVersion: z.string(),
    status: z.enum(CYCLE_STATUSES),
    totalSegments: z.int().check(z.minimum(1)),
    householdEstimate: z.int().check(z.minimum(0)),
    plannedAt: z.string(),
    /** Every pass over the cycle (first run, resumes, reruns), oldest first. */
    runs: z.array(
      z.object({
        startedAt: z.string(),
        finishedAt: z.nullable(z.string()),
        fullPass: z.boolean(),
        /** A rerun's reason and operator; absent for the scheduled run. */
        reason: z.optional(z.string()),
        requestedBy: z.optional(z.string()),
        /** Where the run runs (`host:pid` locally, the execution name in AWS), to tell running from dead. */
        runner: z.optional(z.string()),
      }),
    ),
    /** Put on hold by ops: no run starts until it is released. */
    hold: z._default(
      z.nullable(z.object({ by: z.string(), reason: z.string(), at: z.string() })),
      null,
    ),
    totals: z.nullable(cycleTallySchema),
    finalizedAt: z.nullable(z.string()),
    /** Segments that were not done when the cycle was finalized. */
    incompleteSegments: z.array(z.int().check(z.minimum(0))),
  }),
);

export const segmentRecordSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    segment: z.int().check(z.minimum(0)),
    status: z.enum(SEGMENT_STATUSES),
    /** Where the scan stopped (opaque to the use cases); null at the start and when done. */
    cursor: z.nullable(z.string()),
    tally: cycleTallySchema,
    attempts: z.int().check(z.minimum(0)),
    updatedAt: z.string(),
    lastError: z.nullable(z.string()),
  }),
);

export type CycleRecord = z.infer<typeof cycleRecordSchema>;
export type CycleStatus = CycleRecord['status'];
export type SegmentRecord = z.infer<typeof segmentRecordSchema>;

/** A segment not started yet. */
export function pendingSegment(
  cycle: CycleRecord['cycle'],
  segment: number,
  now: string,
): SegmentRecord {
  return {
    cycle,
    segment,
    status: 'pending',
    cursor: null,
    tally: emptyTally(),
    attempts: 0,
    updatedAt: now,
    lastError: null,
  };
}
