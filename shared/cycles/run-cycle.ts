import type { CycleId } from '../calendar/calendar-date.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { type CycleDeps, parseStored } from './cycle-deps.ts';
import { assertCycleCanRun } from './cycle-guards.ts';
import { type CycleRecord, cycleRecordSchema } from './cycle-record.ts';
import { finalizeCycle } from './finalize-cycle.ts';
import { beginCycleRun, planCycle } from './plan-cycle.ts';
import { processSegment, type SegmentProgress } from './process-segment.ts';

/**
 * Runs a cycle end to end, as the state machine does in AWS: plan, the segments with bounded
 * concurrency, finalize.
 * In: a month and how to run it. Out: the finalized cycle record. Segments already done are kept
 * unless `fullPass` asks for every segment again (a rerun, which writes nothing new for households
 * already recorded). A failed segment does not stop the others; the cycle is then incomplete.
 */
export async function runCycle(
  deps: CycleDeps,
  input: {
    readonly cycle: CycleId;
    readonly fullPass?: boolean;
    /** A rerun's reason and operator, recorded on the run. */
    readonly rerun?: { readonly reason: string; readonly requestedBy: string };
    /** Who runs it (`host:pid`), so that a crashed run can be told from a live one. */
    readonly runner?: string;
    /** Whether an earlier runner is still alive (`host:pid` locally); without it, an hour tells. */
    readonly isRunnerAlive?: (runner: string) => boolean | undefined;
    readonly segmentConcurrency: number;
    readonly onPlanned?: (cycle: CycleRecord) => void;
    /** Wraps the recording of the run: the approval that cleared it is used around it. */
    readonly admit?: (begin: () => Promise<CycleRecord>) => Promise<CycleRecord>;
    readonly onProgress?: (progress: SegmentProgress) => void;
  },
): Promise<{ cycle: CycleRecord; failedSegments: { segment: number; error: string }[] }> {
  const fullPass = input.fullPass ?? false;
  const { cycle: planned } = await planCycle(deps, input.cycle);
  // Checked on the record the run begins onto, whoever called: a hold, or a run under way.
  assertCycleCanRun(planned, deps.clock.now(), input.isRunnerAlive);
  const begin = () => beginCycleRun(deps, planned, fullPass, input.rerun ?? null, input.runner);
  await (input.admit ? input.admit(begin) : begin());
  input.onPlanned?.(planned);

  const failedSegments: { segment: number; error: string }[] = [];
  const segmentNumbers = Array.from({ length: planned.totalSegments }, (_, segment) => segment);
  await mapWithConcurrency(segmentNumbers, input.segmentConcurrency, async (segment) => {
    try {
      await processSegment(deps, {
        cycle: input.cycle,
        segment,
        restart: fullPass,
        ...(input.onProgress ? { onProgress: input.onProgress } : {}),
      });
    } catch (error) {
      failedSegments.push({
        segment,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
  const cycle = await finalizeCycle(deps, input.cycle);
  return { cycle, failedSegments };
}

/** Reads a cycle record, validated. */
export async function getCycle(
  deps: Pick<CycleDeps, 'cycles'>,
  cycle: CycleId,
): Promise<CycleRecord | undefined> {
  const stored = await deps.cycles.get(cycle);
  return stored === undefined
    ? undefined
    : parseStored(cycleRecordSchema, stored, `cycle ${cycle}`);
}
