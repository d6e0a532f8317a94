import { calendarOverrideSchema } from '../calendar/bank-calendar-data.ts';
import { cycleIdSchema } from '../calendar/calendar-date.ts';
import * as z from '../validation/zod.ts';

/**
 * A request for a second person's approval, and its decision: a run or rerun the gate stopped
 * because it passes the thresholds, or a change to the calendar an operator asked for through the
 * ops API (`override`: applied when approved). What `dafaa approvals` and the console list and decide.
 */
export const approvalSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    requestId: z.string().check(z.minLength(1)),
    cycle: cycleIdSchema,
    kind: z.enum(['run', 'rerun', 'calendar']),
    /** A calendar request: the override to record once approved. */
    override: z.optional(calendarOverrideSchema),
    requestedBy: z.string().check(z.minLength(1)),
    /** The asker's and the decider's usernames, for people to read (the ids above are subjects). */
    requestedByName: z.optional(z.string()),
    decidedByName: z.optional(z.string()),
    reason: z.string(),
    /** Why it needs approval, in words. */
    why: z.string(),
    projectedTotalHalalas: z.int().check(z.minimum(0)),
    lastMonthTotalHalalas: z.nullable(z.int().check(z.minimum(0))),
    status: z.enum(['pending', 'approved', 'rejected', 'used']),
    decidedBy: z.nullable(z.string()),
    decisionReason: z.nullable(z.string()),
    createdAt: z.string(),
    decidedAt: z.nullable(z.string()),
  }),
);

export type Approval = z.infer<typeof approvalSchema>;
