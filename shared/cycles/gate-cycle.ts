import { addMonths, type CycleId, cycleIdSchema } from '../calendar/calendar-date.ts';
import type { Halalas } from '../money/halalas.ts';
import * as z from '../validation/zod.ts';
import type { Approval } from './approval-record.ts';
import { type ApprovalDeps, beginUnderApproval, clearRun } from './approvals.ts';
import { beginCycleRun } from './begin-cycle-run.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { assertCycleCanRun, CycleRunningError } from './cycle-guards.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleError, CycleNotFoundError } from './errors.ts';
import { type SegmentProjection, segmentProjectionSchema } from './project-segment.ts';
import { type RunRequest, runOperatorSchema, runRequestSchema } from './run-request.ts';

/**
 * The approval gate, after the projection map: the projected total held against the thresholds.
 * Below them (or with an approval granted for this total) the run is recorded, under the
 * execution's name, and its segments go on to the payment map; above them a request is made for a
 * second operator and the execution ends without writing a payment. An operator who approves it
 * then starts the run again (`dafaa cycle run --target aws`), and this gate lets that one through.
 */

/** The gate's input: the plan's output, every segment's projection, and the execution's name. */
export const gateCycleInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    restart: z.boolean(),
    segments: z.array(z.int().check(z.minimum(0))),
    request: runRequestSchema,
    rerun: z.nullable(runOperatorSchema),
    projections: z.array(segmentProjectionSchema),
    /** The execution's name: recorded as the run's runner. */
    execution: z.string().check(z.minLength(1)),
  }),
);

export type GateCycleInput = z.infer<typeof gateCycleInputSchema>;

/** The gate's output, which the Cleared? choice reads: go on to the payment map, or wait. */
export type GateCycleOutput = {
  readonly cycle: CycleId;
  readonly projectedTotalHalalas: number;
} & (
  | {
      readonly proceed: true;
      /** What the payment map iterates over, and whether it redoes done segments. */
      readonly segments: number[];
      readonly restart: boolean;
    }
  | {
      readonly proceed: false;
      readonly approval: { readonly requestId: string; readonly why: string };
    }
);

/**
 * What the gate calls: the cycles table (cycles and approvals) and the audit table; where a run's
 * runner can be asked whether it is alive (a local process), that question too.
 */
export type GateDeps = Pick<CycleDeps, 'cycles' | 'clock'> & {
  readonly approvals: ApprovalDeps;
  readonly isRunnerAlive?: (runner: string) => boolean | undefined;
};

/**
 * May this run go ahead? (the Gate step)
 * In: the plan, every segment's projection, and the execution asking. Out: proceed, with the run
 * recorded and the segments to pay; or wait, naming the approval request. Refused when the cycle
 * is on hold, running elsewhere, completed (for a month's run), or the projection is not whole.
 */
export async function gateCycle(deps: GateDeps, input: GateCycleInput): Promise<GateCycleOutput> {
  const { cycle } = input;
  const planned = await deps.cycles.get(cycle);
  if (!planned) throw new CycleNotFoundError(`cycle ${cycle} has not been planned`);
  const cleared = {
    cycle,
    proceed: true as const,
    segments: input.segments,
    restart: input.restart,
  };
  // A retry of this gate after it recorded the run: the decision was made, the run is this one.
  const last = planned.runs.at(-1);
  if (last?.runner === input.execution && last.finishedAt === null) {
    return { ...cleared, projectedTotalHalalas: projectedTotal(input.projections) };
  }
  // A hold may have come since the plan; a run may be under way, or (for a month's run) done.
  assertCycleCanRun(planned, deps.clock.now(), deps.isRunnerAlive);
  // A month's run goes on from where an earlier one stopped (a failed or crashed execution, which
  // the next tick starts again); once the month is completed, only a rerun passes over it again.
  if (input.request.kind === 'run' && planned.status === 'completed') {
    throw new CycleRunningError(
      `cycle ${cycle} is completed: to pass over it again, rerun it (dafaa cycle rerun ${cycle} --reason "...")`,
    );
  }
  const clearance = await judgeRun(deps, planned, input.request, input.projections);
  const { projectedTotalHalalas } = clearance;
  if (!clearance.proceed) {
    const { requestId, why } = clearance.request;
    return { cycle, projectedTotalHalalas, proceed: false, approval: { requestId, why } };
  }
  // Recorded only onto the record as read above: a hold or another run since then refuses it.
  await beginUnderApproval(deps.approvals, clearance.approval, () =>
    beginCycleRun(deps, planned, input.restart, input.rerun, input.execution),
  );
  return { ...cleared, projectedTotalHalalas };
}

/** The gate's answer: go ahead, or wait for the request named. Either way, the total it judged. */
type Clearance = {
  readonly projectedTotalHalalas: Halalas;
} /** `approval`: the approved request that clears it (null when none is needed), used once it begins. */ & (
  | { readonly proceed: true; readonly approval: Approval | null }
  | { readonly proceed: false; readonly request: Approval }
);

/**
 * The summed projection held against the approval thresholds and last month's total. Refused when
 * a segment is missing or counted twice: a total short of a segment would slip under the threshold.
 */
async function judgeRun(
  deps: Pick<GateDeps, 'cycles' | 'approvals'>,
  plan: CycleRecord,
  request: RunRequest,
  projections: readonly SegmentProjection[],
): Promise<Clearance> {
  const seen = new Set(projections.map((projection) => projection.segment));
  const inPlan = [...seen].every((segment) => segment < plan.totalSegments);
  if (!inPlan || seen.size !== projections.length || seen.size !== plan.totalSegments) {
    throw new CycleError(
      `the projection of ${request.cycle} covers ${seen.size} distinct of its ${plan.totalSegments} segments in ${projections.length} parts: every segment must be projected once`,
    );
  }
  const projectedTotalHalalas = projectedTotal(projections);
  const lastTotals = (await deps.cycles.get(addMonths(request.cycle, -1)))?.totals ?? null;
  const clearance = await clearRun(deps.approvals, {
    cycle: request.cycle,
    kind: request.kind,
    requestedBy: request.requestedBy,
    requestedByName: request.requestedByName,
    reason: request.reason,
    projectedTotalHalalas,
    lastMonthTotalHalalas: lastTotals ? lastTotals.amountHalalas + lastTotals.arrearsHalalas : null,
  });
  return { ...clearance, projectedTotalHalalas };
}

/** The month's projected total: the segments' totals summed. */
function projectedTotal(projections: readonly SegmentProjection[]): Halalas {
  return projections.reduce((sum, projection) => sum + projection.totalHalalas, 0);
}
