import type { CycleRecord } from './cycle-record.ts';
import { CycleError } from './errors.ts';

/** What stops a run from starting: a hold ops put on the cycle, or a run of it under way. */

/** A run of this cycle is under way (started within the hour, not finished). */
export class CycleRunningError extends CycleError {
  override readonly name: string = 'CycleRunningError';
}

/** The cycle is on hold: release it first. */
export class CycleOnHoldError extends CycleError {
  override readonly name: string = 'CycleOnHoldError';
}

/** A run left unfinished for longer than this is taken as dead (a crashed process), not running. */
const RUN_PRESUMED_DEAD_AFTER_MS = 60 * 60 * 1000;

/**
 * Refuses to start a cycle that is on hold or running now. A run is running while it is unfinished
 * and its runner is alive (when `isRunnerAlive` can tell), or, when it cannot, for an hour.
 */
export function assertCycleCanRun(
  record: CycleRecord,
  now: Date,
  isRunnerAlive: (runner: string) => boolean | undefined = () => undefined,
): void {
  assertNotOnHold(record);
  const last = record.runs.at(-1);
  const alive = last?.runner === undefined ? undefined : isRunnerAlive(last.runner);
  if (
    record.status === 'running' &&
    last?.finishedAt === null &&
    (alive ?? now.getTime() - Date.parse(last.startedAt) < RUN_PRESUMED_DEAD_AFTER_MS)
  ) {
    throw new CycleRunningError(
      `cycle ${record.cycle} is running since ${last.startedAt}: wait for it to finish`,
    );
  }
}

/** Refuses a cycle on hold: checked by every runner at the last moment before a run is recorded. */
export function assertNotOnHold(record: CycleRecord): void {
  if (record.hold) {
    throw new CycleOnHoldError(
      `cycle ${record.cycle} is on hold since ${record.hold.at} by ${record.hold.by} (${record.hold.reason}): release it first`,
    );
  }
}
