import { z } from 'zod';
import { cycleIdSchema } from '../calendar/calendar-date.ts';

/**
 * A request for a second operator's approval of a run or rerun, and its decision: what the gate
 * writes when a run passes the thresholds, and what `dafaa approvals` lists and decides.
 */
export const approvalSchema = z.object({
  requestId: z.string().min(1),
  cycle: cycleIdSchema,
  kind: z.enum(['run', 'rerun']),
  requestedBy: z.string().min(1),
  reason: z.string(),
  /** Why it needs approval, in words. */
  why: z.string(),
  projectedTotalHalalas: z.int().min(0),
  lastMonthTotalHalalas: z.int().min(0).nullable(),
  status: z.enum(['pending', 'approved', 'rejected', 'used']),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});

export type Approval = z.infer<typeof approvalSchema>;
