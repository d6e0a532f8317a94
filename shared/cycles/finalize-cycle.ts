import { cycleIdSchema } from '../calendar/calendar-date.ts';
import * as z from '../validation/zod.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { CycleRunningError } from './cycle-guards.ts';
import type { CycleRecord } from './cycle-record.ts';
import { addTallies, emptyTally } from './cycle-tally.ts';
import { CycleNotFoundError } from './errors.ts';

/** The Finalize step's input: the plan's output passed through; other members are ignored. */
export const finalizeCycleInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({ cycle: cycleIdSchema }),
);

export type FinalizeCycleInput = z.infer<typeof finalizeCycleInputSchema>;

/** What finalizing calls: the cycles table only. */
export type FinalizeDeps = Pick<CycleDeps, 'cycles' | 'clock'>;

/**
 * Finalizes a cycle (the Finalize step, also after a failed payment map).
 * In: a month. Out: the cycle record with its totals (the sum of the segments' tallies) and its
 * status: completed when every segment is done, incomplete (naming the segments) otherwise.
 */
export async function finalizeCycle(
  deps: FinalizeDeps,
  input: FinalizeCycleInput,
): Promise<CycleRecord> {
  const { cycle } = input;
  const record = await deps.cycles.get(cycle);
  if (record === undefined) throw new CycleNotFoundError(`cycle ${cycle} has not been planned`);
  const segments = await deps.cycles.listSegments(cycle);
  const incompleteSegments = segments
    .filter((segment) => segment.status !== 'done')
    .map((segment) => segment.segment)
    .sort((a, b) => a - b);
  const now = deps.clock.now().toISOString();
  const last = record.runs.length - 1;
  const finishedRun = last >= 0 && record.runs[last]?.finishedAt === null ? last : null;
  const outcome = {
    status:
      incompleteSegments.length === 0 && segments.length === record.totalSegments
        ? ('completed' as const)
        : ('incomplete' as const),
    totals: segments.reduce((sum, segment) => addTallies(sum, segment.tally), emptyTally()),
    finalizedAt: now,
    incompleteSegments,
  };
  // A targeted update: a hold set while the run went on stays.
  const finished = await deps.cycles.finish(cycle, {
    ...outcome,
    finishedRun,
    runCount: record.runs.length,
  });
  if (finished === 'changed-meanwhile') {
    throw new CycleRunningError(
      `another run of cycle ${cycle} began while this one was finalized: that run finalizes the cycle`,
    );
  }
  return {
    ...record,
    ...outcome,
    runs: record.runs.map((run, index) =>
      index === finishedRun ? { ...run, finishedAt: now } : run,
    ),
  };
}
