import { type CycleId, cycleIdSchema, type IsoDate } from '../calendar/calendar-date.ts';
import { computeDisbursementDate } from '../calendar/compute-disbursement-date.ts';
import { describeDisbursement } from '../calendar/describe-disbursement.ts';
import { withStoredOverrides } from '../calendar/manage-overrides.ts';
import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import * as z from '../validation/zod.ts';
import type { CycleDeps, CycleTuning } from './cycle-deps.ts';
import { assertNotOnHold } from './cycle-guards.ts';
import { type CycleRecord, pendingSegment, type SegmentRecord } from './cycle-record.ts';
import { type RunOperator, type RunRequest, runOperatorSchema, SCHEDULER } from './run-request.ts';

/** What planning calls: the households table (its size), the cycles table and the calendar. */
export type PlanDeps = Pick<
  CycleDeps,
  'households' | 'cycles' | 'calendar' | 'calendarOverrides' | 'policies' | 'clock' | 'tuning'
>;

/**
 * The plan step's input, the state machine's own: `{ cycle }` from the tick; an operator's run adds
 * who asked and why; a rerun adds `fullPass` (every segment again) and who asked and why.
 */
export const planCycleRunInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    fullPass: z._default(z.boolean(), false),
    operator: z.optional(runOperatorSchema),
    rerun: z.optional(runOperatorSchema),
  }),
);

export type PlanCycleRunInput = z.infer<typeof planCycleRunInputSchema>;

/** The plan step's output: what the projection map, the approval gate and the payment map read. */
export interface PlanCycleOutput {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  readonly paymentDate: IsoDate;
  /** How many households the register holds, about: what a progress bar counts to. */
  readonly householdEstimate: number;
  /** 0 .. totalSegments - 1: what the state machine's maps iterate over. */
  readonly segments: number[];
  /** Passed to every segment: process it again even if it is done (a full rerun). */
  readonly restart: boolean;
  /** What the approval gate judges: which run, who asked and why. */
  readonly request: RunRequest;
  /** A rerun's reason and operator, recorded on the run once the gate lets it through. */
  readonly rerun: RunOperator | null;
}

/**
 * The state machine's first step (Plan): the month planned once, and what the rest of the run is.
 * In: the month, and who asked (the tick, an operator, or a rerun with `fullPass`). Out: the plan's
 * segments, whether they start over, and the request the approval gate judges; refused (nothing
 * planned twice, nothing run) when the month is on hold.
 */
export async function planCycleRun(
  deps: PlanDeps,
  input: PlanCycleRunInput,
): Promise<PlanCycleOutput> {
  const { cycle: planned } = await planCycle(deps, input.cycle);
  assertNotOnHold(planned);
  const { operator, rerun } = input;
  const asker = rerun ?? operator ?? { requestedBy: SCHEDULER, reason: 'monthly run' };
  return {
    cycle: planned.cycle,
    paymentNumber: planned.paymentNumber,
    paymentDate: planned.paymentDate,
    householdEstimate: planned.householdEstimate,
    segments: Array.from({ length: planned.totalSegments }, (_, segment) => segment),
    restart: input.fullPass,
    request: { cycle: input.cycle, kind: rerun ? 'rerun' : 'run', ...asker },
    rerun: rerun ?? null,
  };
}

/**
 * Plans a cycle.
 * In: a month. Out: the cycle record (payment number, date from the calendar, policy version,
 * status) with the household table split into scan segments; an existing cycle is returned as it
 * is, so planning twice is harmless.
 */
export async function planCycle(
  deps: PlanDeps,
  cycle: CycleId,
): Promise<{ cycle: CycleRecord; created: boolean }> {
  const existing = await deps.cycles.get(cycle);
  if (existing !== undefined) return { cycle: existing, created: false };
  const calendar = await withStoredOverrides(deps.calendar, deps.calendarOverrides);
  const disbursement = computeDisbursementDate(calendar, cycle);
  const policy = policyForCycle(deps.policies, cycle);
  const householdEstimate = await deps.households.estimateCount();
  const totalSegments = segmentCountFor(householdEstimate, deps.tuning);
  const now = deps.clock.now().toISOString();
  const record: CycleRecord = {
    cycle,
    paymentNumber: disbursement.paymentNumber,
    paymentDate: disbursement.date,
    paymentDateReason: describeDisbursement(disbursement, 'en'),
    policyVersion: policy.version,
    calendarVersion: calendar.calendar.dataVersion,
    status: 'planned',
    totalSegments,
    householdEstimate,
    plannedAt: now,
    runs: [],
    totals: null,
    finalizedAt: null,
    incompleteSegments: [],
    hold: null,
  };
  const segments: SegmentRecord[] = Array.from({ length: totalSegments }, (_, segment) =>
    pendingSegment(cycle, segment, now),
  );
  const { created, stored } = await deps.cycles.createIfAbsent(record, segments);
  return { cycle: stored, created };
}

/** How many scan segments a register of this size is split into. */
export function segmentCountFor(householdEstimate: number, tuning: CycleTuning): number {
  const { householdsPerSegment, minSegments, maxSegments } = tuning;
  return Math.min(
    maxSegments,
    Math.max(minSegments, Math.ceil(householdEstimate / householdsPerSegment)),
  );
}
