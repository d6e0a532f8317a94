import { cycleIdSchema } from '../calendar/calendar-date.ts';
import * as z from '../validation/zod.ts';

/**
 * Who asks for a pass over a month, and why: the plan writes it into the state machine's payload,
 * the approval gate judges it, and the run records it.
 */

/** Who asks when nobody does: the daily tick (and `npm start`, which runs as it does). */
export const SCHEDULER = 'scheduler';

/** Who asked for a run by hand, and why. */
export const runOperatorSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    reason: z.string().check(z.minLength(1)),
    requestedBy: z.string().check(z.minLength(1)),
    /** Who that is, for people to read (the signed-in user's username); absent for the scheduler. */
    requestedByName: z.optional(z.string().check(z.minLength(1))),
  }),
);

/** What a run asks the gate: which run, who asked and why. */
export const runRequestSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.extend(runOperatorSchema, {
    cycle: cycleIdSchema,
    kind: z.enum(['run', 'rerun']),
  }),
);

export type RunOperator = z.infer<typeof runOperatorSchema>;
export type RunRequest = z.infer<typeof runRequestSchema>;
