import type { CycleRecord, SegmentRecord } from '../cycles/cycle-record.ts';

export type CycleRun = CycleRecord['runs'][number];
export type BeginRunOutcome = 'begun' | 'on-hold' | 'changed-meanwhile';

/** What finalizing sets, and which run it marks finished (null: none was open). */
export type CycleOutcome = Pick<
  CycleRecord,
  'status' | 'totals' | 'finalizedAt' | 'incompleteSegments'
> & {
  /** The run this ends (null: none was open), and how many runs the cycle had when read. */
  readonly finishedRun: number | null;
  readonly runCount: number;
};

/** Cycles and their segments. Reads return unvalidated data; the use cases validate. */
export interface CycleRepository {
  /** Creates the cycle and its pending segments unless the cycle exists; returns what is stored. */
  createIfAbsent(
    cycle: CycleRecord,
    segments: readonly SegmentRecord[],
  ): Promise<{ created: boolean; stored: unknown }>;
  get(cycle: string): Promise<unknown | undefined>;
  /**
   * Appends a run and sets the cycle running, only if the cycle is not on hold and still has
   * `runsBefore` runs: two runners that read the same record cannot both begin, and a hold set since
   * the record was read is never overwritten.
   */
  beginRun(cycle: string, run: CycleRun, runsBefore: number): Promise<BeginRunOutcome>;
  /**
   * Records how the cycle ended (a targeted update: a hold set meanwhile stays), only if the cycle
   * still has `outcome.runCount` runs: a run begun since is that run's to finish.
   */
  finish(cycle: string, outcome: CycleOutcome): Promise<'finished' | 'changed-meanwhile'>;
  /** Sets or clears the hold alone (a targeted update: it cannot undo a write made meanwhile). */
  setHold(cycle: string, hold: CycleRecord['hold']): Promise<void>;
  getSegment(cycle: string, segment: number): Promise<unknown | undefined>;
  putSegment(segment: SegmentRecord): Promise<void>;
  listSegments(cycle: string): Promise<unknown[]>;
  listCycles(): Promise<unknown[]>;
}
