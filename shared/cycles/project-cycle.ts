import { z } from 'zod';
import { addMonths, type CycleId } from '../calendar/calendar-date.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import type { Halalas } from '../money/halalas.ts';
import type { Approval } from './approval-record.ts';
import { type ApprovalDeps, clearRun } from './approvals.ts';
import { assessHousehold, type CycleContext } from './assess-household.ts';
import type { CycleDeps } from './cycle-deps.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleError, CycleNotFoundError } from './errors.ts';
import type { PaymentRecord } from './payment-record.ts';
import { planCycle } from './plan-cycle.ts';
import type { RunRequest } from './run-request.ts';

/**
 * The gate before a run writes anything: what the register would pay this month, projected segment
 * by segment without writing (so the state machine can spread it over a map as it spreads the run),
 * then summed and held against the approval thresholds.
 *
 * The projection is the register as it stands, every household assessed now: on a first run it is
 * exactly what the run will pay; on a rerun, records already written stand at their own amounts,
 * which differ only where the register changed since (the dry run shows those).
 */

export const segmentProjectionSchema = z.object({
  segment: z.int().min(0),
  households: z.int().min(0),
  /** This month's amounts plus arrears. */
  totalHalalas: z.int().min(0),
});

export type SegmentProjection = z.infer<typeof segmentProjectionSchema>;

type AssessDeps = Pick<CycleDeps, 'households' | 'policies' | 'rules' | 'clock' | 'tuning'>;

/**
 * Every household of one scan segment, assessed and not written: page by page, as a run reads them.
 * Shared by the projection and the dry run.
 */
export async function* assessedPages(
  deps: AssessDeps,
  plan: Pick<CycleRecord, 'cycle' | 'paymentNumber' | 'paymentDate' | 'totalSegments'>,
  segment: number,
): AsyncGenerator<PaymentRecord[]> {
  const context: CycleContext = {
    cycle: plan.cycle,
    paymentNumber: plan.paymentNumber,
    paymentDate: plan.paymentDate,
    policy: policyForCycle(deps.policies, plan.cycle),
    rules: deps.rules,
    segment,
    writtenAt: deps.clock.now().toISOString(),
  };
  let cursor: string | null = null;
  do {
    const page = await deps.households.scanSegment({
      segment,
      totalSegments: plan.totalSegments,
      cursor,
      pageSize: deps.tuning.pageSize,
    });
    yield page.records.map(
      ({ householdId, raw }) => assessHousehold(context, householdId, raw).record,
    );
    cursor = page.cursor;
  } while (cursor !== null);
}

/**
 * One segment's projection.
 * In: a planned cycle and one of its segments. Out: how many households the segment holds and what
 * they would be paid. Reads only.
 */
export async function projectSegment(
  deps: AssessDeps & Pick<CycleDeps, 'cycles'>,
  input: { readonly cycle: CycleId; readonly segment: number },
): Promise<SegmentProjection> {
  const plan = await plannedCycle(deps, input.cycle);
  if (
    !Number.isInteger(input.segment) ||
    input.segment < 0 ||
    input.segment >= plan.totalSegments
  ) {
    throw new CycleError(
      `segment ${input.segment} is not part of cycle ${input.cycle}, which has segments 0 to ${plan.totalSegments - 1}`,
    );
  }
  const projection = { segment: input.segment, households: 0, totalHalalas: 0 };
  for await (const records of assessedPages(deps, plan, input.segment)) {
    for (const record of records) {
      projection.households += 1;
      projection.totalHalalas += record.amountHalalas + record.arrearsHalalas;
    }
  }
  return projection;
}

/**
 * Every segment's projection, here and now (what the state machine's projection map does in AWS).
 * In: a month, planned here if it is not yet. Out: one projection per segment, in segment order.
 */
export async function projectAllSegments(
  deps: AssessDeps & Pick<CycleDeps, 'cycles' | 'calendar' | 'calendarOverrides'>,
  input: { readonly cycle: CycleId; readonly segmentConcurrency: number },
): Promise<SegmentProjection[]> {
  const { cycle: planned } = await planCycle(deps, input.cycle);
  const segments = Array.from({ length: planned.totalSegments }, (_, segment) => segment);
  return mapWithConcurrency(segments, input.segmentConcurrency, (segment) =>
    projectSegment(deps, { cycle: input.cycle, segment }),
  );
}

/** The month's projected total: the segments' totals summed. */
export function projectedTotal(projections: readonly SegmentProjection[]): Halalas {
  return projections.reduce((sum, projection) => sum + projection.totalHalalas, 0);
}

/** The gate's answer: go ahead, or wait for the request named. Either way, the total it judged. */
export type Clearance = {
  readonly projectedTotalHalalas: Halalas;
} /** `approval`: the approved request that clears it (null when none is needed), used once it begins. */ & (
  | { readonly proceed: true; readonly approval: Approval | null }
  | { readonly proceed: false; readonly request: Approval }
);

/**
 * May this run go ahead?
 * In: the run and every segment's projection. Out: the summed total and the approval gate's answer
 * against it and last month's total. Refused when a segment is missing or counted twice: a total
 * short of a segment would slip under the threshold.
 */
export async function clearCycleRun(
  deps: Pick<CycleDeps, 'cycles'> & { readonly approvals: ApprovalDeps },
  input: RunRequest & { readonly projections: readonly SegmentProjection[] },
): Promise<Clearance> {
  const plan = await plannedCycle(deps, input.cycle);
  const seen = new Set(input.projections.map((projection) => projection.segment));
  const inPlan = [...seen].every((segment) => segment < plan.totalSegments);
  if (!inPlan || seen.size !== input.projections.length || seen.size !== plan.totalSegments) {
    throw new CycleError(
      `the projection of ${input.cycle} covers ${seen.size} distinct of its ${plan.totalSegments} segments in ${input.projections.length} parts: every segment must be projected once`,
    );
  }
  const projectedTotalHalalas = projectedTotal(input.projections);
  const lastTotals = (await deps.cycles.get(addMonths(input.cycle, -1)))?.totals ?? null;
  const clearance = await clearRun(deps.approvals, {
    cycle: input.cycle,
    kind: input.kind,
    requestedBy: input.requestedBy,
    reason: input.reason,
    projectedTotalHalalas,
    lastMonthTotalHalalas: lastTotals ? lastTotals.amountHalalas + lastTotals.arrearsHalalas : null,
  });
  return { ...clearance, projectedTotalHalalas };
}

async function plannedCycle(deps: Pick<CycleDeps, 'cycles'>, cycle: CycleId) {
  const planned = await deps.cycles.get(cycle);
  if (planned === undefined) throw new CycleNotFoundError(`cycle ${cycle} has not been planned`);
  return planned;
}
