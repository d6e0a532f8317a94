import { cycleIdSchema } from '../calendar/calendar-date.ts';
import * as z from '../validation/zod.ts';

/**
 * A request for a second operator's approval of a run or rerun, and its decision: what the gate
 * writes when a run passes the thresholds, and what `dafaa approvals` lists and decides.
 */
export const approvalSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    requestId: z.string().check(z.minLength(1)),
    cycle: cycleIdSchema,
    kind: z.enum(['run', 'rerun']),
    requestedBy: z.string().check(z.minLength(1)),
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
