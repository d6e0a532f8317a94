import type { CycleId } from '../calendar/calendar-date.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import type { Approval } from './approval-record.ts';
import type { CycleRecord, SegmentRecord } from './cycle-record.ts';
import { CycleError } from './errors.ts';
import type { PaymentRecord } from './payment-record.ts';
import type { RunOperator } from './run-request.ts';

/**
 * The ports the payout cycle needs: its own tables (cycles and segments, payments, approvals) and
 * the flow that runs it. Every record read through them comes back parsed against its schema (the
 * adapter parses it at the boundary, with `parseStored`), so the use cases work with typed records.
 * The households and the notification queue are other capabilities' ports
 * (shared/households/ports.ts, shared/notifications/ports.ts).
 */

/** Parses data read back at a port's boundary, turning a mismatch into a named error. */
export function parseStored<T>(schema: z.core.$ZodType<T>, input: unknown, what: string): T {
  if (input === undefined) throw new CycleError(`${what} does not exist`);
  const result = z.safeParse(schema, input);
  if (!result.success) {
    throw new CycleError(`${what} is not readable: ${describeIssues(result.error)}`);
  }
  return result.data;
}

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

/** Cycles and their segments, read back parsed. */
export interface CycleRepository {
  /** Creates the cycle and its pending segments unless the cycle exists; returns what is stored. */
  createIfAbsent(
    cycle: CycleRecord,
    segments: readonly SegmentRecord[],
  ): Promise<{ created: boolean; stored: CycleRecord }>;
  /** The cycle, or undefined when the month has not been planned. */
  get(cycle: string): Promise<CycleRecord | undefined>;
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
  getSegment(cycle: string, segment: number): Promise<SegmentRecord | undefined>;
  putSegment(segment: SegmentRecord): Promise<void>;
  listSegments(cycle: string): Promise<SegmentRecord[]>;
  listCycles(): Promise<CycleRecord[]>;
}

/** Payment records: written at most once per household and cycle. */
export type WriteOnceOutcome =
  /** The record is now stored (first write, or it replaced a set-aside record). */
  | { readonly outcome: 'written' }
  /** A record for this household and cycle already exists (and is not set aside): it stands. */
  | { readonly outcome: 'exists'; readonly existing: PaymentRecord }
  /** The arrears to settle were already settled elsewhere: re-read the household and retry. */
  | { readonly outcome: 'arrears-already-settled' };

export interface ArrearsSettlement {
  readonly householdId: string;
  readonly objectionIds: readonly string[];
}

export interface PaymentRepository {
  /**
   * Writes the record unless one exists for the household and cycle (a set-aside record may be
   * replaced). With arrears, the same atomic write marks them settled on the household.
   */
  /** Throws RecordRefusedError when the store refuses the record itself as data. */
  writeOnce(record: PaymentRecord, settle: ArrearsSettlement | null): Promise<WriteOnceOutcome>;
  get(cycle: string, householdId: string): Promise<PaymentRecord | undefined>;
  /** Every record of a cycle, in no particular order. */
  listCycle(cycle: string): AsyncIterable<PaymentRecord>;
}

/** Requests for a second operator's approval, read back parsed. */
export interface ApprovalRepository {
  create(approval: Approval): Promise<void>;
  get(requestId: string): Promise<Approval | undefined>;
  list(): Promise<Approval[]>;
  /** Writes the approval only if its stored status is still `expected`. */
  update(approval: Approval, expected: Approval['status']): Promise<boolean>;
}

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
