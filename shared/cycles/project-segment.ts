import { cycleIdSchema } from '../calendar/calendar-date.ts';
import * as z from '../validation/zod.ts';
import { type AssessDeps, assessedPages } from './assess-segment.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { CycleError, CycleNotFoundError } from './errors.ts';

/**
 * The projection before the approval gate: what the register would pay this month, segment by
 * segment and without writing, so the state machine spreads it over a map as it spreads the run.
 * The gate sums the segments (gate-cycle.ts).
 *
 * The projection is the register as it stands, every household assessed now: on a first run it is
 * exactly what the run will pay; on a rerun, records already written stand at their own amounts,
 * which differ only where the register changed since (the dry run shows those).
 */

export const segmentProjectionSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    segment: z.int().check(z.minimum(0)),
    households: z.int().check(z.minimum(0)),
    /** This month's amounts plus arrears. */
    totalHalalas: z.int().check(z.minimum(0)),
  }),
);

export type SegmentProjection = z.infer<typeof segmentProjectionSchema>;

/** One item of the projection map: a planned month and one of its segments. */
export const projectSegmentInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    segment: z.int().check(z.minimum(0)),
  }),
);

export type ProjectSegmentInput = z.infer<typeof projectSegmentInputSchema>;

/** What projecting a segment reads: a scan of the households table, and the cycles table. */
export type ProjectDeps = AssessDeps & Pick<CycleDeps, 'cycles'>;

/**
 * One segment's projection (the ProjectSegments map's step).
 * In: a planned cycle and one of its segments. Out: how many households the segment holds and what
 * they would be paid. Reads only, so the map retries it freely.
 */
export async function projectSegment(
  deps: ProjectDeps,
  input: ProjectSegmentInput,
): Promise<SegmentProjection> {
  const plan = await deps.cycles.get(input.cycle);
  if (plan === undefined) {
    throw new CycleNotFoundError(`cycle ${input.cycle} has not been planned`);
  }
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
