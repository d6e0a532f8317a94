import type { CycleId } from '../calendar/calendar-date.ts';

/**
 * Starts a cycle's run (the state machine in AWS) under a name that identifies it, so that a second
 * request for the same cycle starts nothing.
 */
export interface CycleStarter {
  /** `started` is false when a run of that name already exists (running or finished). */
  start(input: {
    readonly cycle: CycleId;
    readonly executionName: string;
  }): Promise<{ readonly started: boolean }>;
}
