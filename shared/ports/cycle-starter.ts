import type { CycleId } from '../calendar/calendar-date.ts';
import type { RunOperator } from '../cycles/project-cycle.ts';

/**
 * Starts a cycle's run (the state machine in AWS) under a name that identifies it, so that a second
 * request for the same cycle starts nothing.
 */
export interface CycleStarter {
  /** `started` is false when a run of that name already exists (running or finished). */
  start(input: CycleStartRequest): Promise<{ readonly started: boolean }>;
}

/** A starter that can also tell whether a run of that name is still going (the ops CLI asks). */
export interface CycleExecutions extends CycleStarter {
  isRunning(executionName: string): Promise<boolean>;
}

export interface CycleStartRequest {
  readonly cycle: CycleId;
  readonly executionName: string;
  /** A full rerun: every segment again (only households not yet paid are paid). */
  readonly fullPass?: boolean;
  /** An operator's run (not the tick's): who asked and why. */
  readonly operator?: RunOperator;
  /** Who asked for a rerun and why, recorded on the run. */
  readonly rerun?: RunOperator;
}
