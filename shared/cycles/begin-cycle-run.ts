import type { CycleDeps } from './cycle-deps.ts';
import { CycleOnHoldError, CycleRunningError } from './cycle-guards.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleError } from './errors.ts';

/**
 * Records that a pass over a cycle begins: what the approval gate does once it clears a run.
 * In: the cycle record as the caller read it, whether a full pass, a rerun's reason and operator,
 * and the runner (the execution's name). Out: the record, `running`, with the run appended. It is
 * written only onto the record as read: refused if a hold was set since (a hold is never
 * overwritten), or if another run began since (two runners that read the same record cannot both
 * begin).
 */
export async function beginCycleRun(
  deps: Pick<CycleDeps, 'cycles' | 'clock'>,
  planned: CycleRecord,
  fullPass: boolean,
  rerun: { readonly reason: string; readonly requestedBy: string } | null = null,
  runner?: string,
): Promise<CycleRecord> {
  const running: CycleRecord = {
    ...planned,
    status: 'running',
    runs: [
      ...planned.runs,
      {
        startedAt: deps.clock.now().toISOString(),
        finishedAt: null,
        fullPass,
        ...(rerun ?? {}),
        ...(runner === undefined ? {} : { runner }),
      },
    ],
  };
  const run = running.runs.at(-1);
  if (run === undefined) throw new CycleError('a run was not recorded');
  const outcome = await deps.cycles.beginRun(planned.cycle, run, planned.runs.length);
  if (outcome === 'on-hold') {
    throw new CycleOnHoldError(
      `cycle ${planned.cycle} was put on hold meanwhile: see "dafaa cycle status ${planned.cycle}", release it first`,
    );
  }
  if (outcome === 'changed-meanwhile') {
    throw new CycleRunningError(
      `another run of cycle ${planned.cycle} began meanwhile: see "dafaa cycle status ${planned.cycle}"`,
    );
  }
  return running;
}
