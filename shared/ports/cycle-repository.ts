import type { CycleRecord, SegmentRecord } from '../cycles/cycle-record.ts';

/** Cycles and their segments. Reads return unvalidated data; the use cases validate. */
export interface CycleRepository {
  /** Creates the cycle and its pending segments unless the cycle exists; returns what is stored. */
  createIfAbsent(
    cycle: CycleRecord,
    segments: readonly SegmentRecord[],
  ): Promise<{ created: boolean; stored: unknown }>;
  get(cycle: string): Promise<unknown | undefined>;
  put(cycle: CycleRecord): Promise<void>;
  /** Sets or clears the hold alone (a targeted update: it cannot undo a write made meanwhile). */
  setHold(cycle: string, hold: CycleRecord['hold']): Promise<void>;
  getSegment(cycle: string, segment: number): Promise<unknown | undefined>;
  putSegment(segment: SegmentRecord): Promise<void>;
  listSegments(cycle: string): Promise<unknown[]>;
  listCycles(): Promise<unknown[]>;
}
