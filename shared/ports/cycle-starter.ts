import type { CycleId } from '../calendar/calendar-date.ts';
import type { CycleRecord } from '../cycles/cycle-record.ts';
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

/**
 * Runs the cycle's whole flow (the state machine) to its end and says how it ended: here, the
 * synthesized definition executed with the handlers wired to the local stack.
 */
export interface CycleFlow {
  run(request: CycleStartRequest): Promise<CycleFlowOutcome>;
}

export type CycleFlowOutcome =
  /** Paid and finalized: completed, or incomplete naming its unfinished segments. */
  | { readonly ended: 'finalized'; readonly status: CycleRecord['status'] }
  /** Above the approval thresholds: nothing written, a request waits for a second operator. */
  | {
      readonly ended: 'awaiting-approval';
      readonly requestId: string;
      readonly why: string;
      readonly projectedTotalHalalas: number;
    }
  /** The execution failed: the error and cause its Fail state reports (a failed map is finalized first). */
  | { readonly ended: 'failed'; readonly error: string; readonly cause: string };
