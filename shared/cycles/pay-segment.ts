import { cycleIdSchema } from '../calendar/calendar-date.ts';
import { createWorkPool } from '../concurrency/work-pool.ts';
import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import type { Notification } from '../notifications/notification.ts';
import * as z from '../validation/zod.ts';
import {
  type Assessment,
  assessHousehold,
  type CycleContext,
  notificationFor,
  refusedRecord,
} from './assess-household.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { pendingSegment, type SegmentRecord } from './cycle-record.ts';
import { type CycleTally, countRecord, emptyTally } from './cycle-tally.ts';
import { CycleError, CycleNotFoundError, RecordRefusedError } from './errors.ts';
import type { PaymentRecord } from './payment-record.ts';
import type { WriteOnceOutcome } from './ports.ts';

/** One item of the payment map; `restart` comes from the plan, true on a full rerun. */
export const paySegmentInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    segment: z.int().check(z.minimum(0)),
    /** Start from the beginning even if the segment is done (a full rerun). */
    restart: z._default(z.boolean(), false),
  }),
);

/** What paying a segment calls: no calendar (the cycle's payment date is in its record). */
export type PayDeps = Pick<
  CycleDeps,
  'households' | 'payments' | 'cycles' | 'notifications' | 'policies' | 'rules' | 'clock' | 'tuning'
>;

/** What a segment reports after each page it pays. */
export interface SegmentProgress {
  readonly segment: number;
  /** Households finished in this call since the last report. */
  readonly households: number;
}

export type PaySegmentInput = Omit<z.infer<typeof paySegmentInputSchema>, 'restart'> & {
  readonly restart?: boolean;
  /** Told after every page (a local progress bar); no one listens in AWS. */
  readonly onProgress?: ((progress: SegmentProgress) => void) | undefined;
};

/**
 * Pays one scan segment of a cycle (one item of the PaySegments map).
 * In: the cycle and segment number. Out: the segment record, done, with its tally. Page by
 * page it assesses each household, writes its payment record with a conditional write, queues the
 * message, and checkpoints the scan cursor with the tally so far. A segment that crashed resumes
 * from its last checkpoint; a page done twice finds its records already written and counts them as
 * they stand, so nothing is paid twice and nothing is counted twice.
 */
export async function paySegment(deps: PayDeps, input: PaySegmentInput): Promise<SegmentRecord> {
  const { cycle, segment } = input;
  const cycleRecord = await deps.cycles.get(cycle);
  if (cycleRecord === undefined)
    throw new CycleNotFoundError(`cycle ${cycle} has not been planned`);
  if (!Number.isInteger(segment) || segment < 0 || segment >= cycleRecord.totalSegments) {
    throw new CycleError(
      `segment ${segment} is not part of cycle ${cycle}, which has segments 0 to ${cycleRecord.totalSegments - 1}`,
    );
  }
  // A segment missing (a crash between planning the cycle and writing its segments) is pending.
  const stored: SegmentRecord =
    (await deps.cycles.getSegment(cycle, segment)) ??
    pendingSegment(cycle, segment, deps.clock.now().toISOString());
  if (stored.status === 'done' && !input.restart) return stored;

  const fresh = input.restart || stored.status === 'done';
  let state: SegmentRecord = {
    ...stored,
    status: 'running',
    cursor: fresh ? null : stored.cursor,
    tally: fresh ? emptyTally() : stored.tally,
    attempts: stored.attempts + 1,
    updatedAt: deps.clock.now().toISOString(),
    lastError: null,
  };
  await deps.cycles.putSegment(state);

  const context: CycleContext = {
    cycle,
    paymentNumber: cycleRecord.paymentNumber,
    paymentDate: cycleRecord.paymentDate,
    policy: policyForCycle(deps.policies, cycle),
    rules: deps.rules,
    segment,
    writtenAt: deps.clock.now().toISOString(),
  };

  const scan = (cursor: string | null) => {
    const page = deps.households.scanSegment({
      segment,
      totalSegments: cycleRecord.totalSegments,
      cursor,
      pageSize: deps.tuning.pageSize,
    });
    page.catch(() => undefined); // awaited below; a prefetch left behind by a failure is not unhandled
    return page;
  };

  // Pages overlap: while one page's messages are queued and its checkpoint written, the next page's
  // households are already being written, through one pool of `writeConcurrency` writes, so the
  // store sees the same number of writes in flight from start to end. Checkpoints stay in page order.
  const writes = createWorkPool(deps.tuning.writeConcurrency);
  const pending = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    pending.add(promise);
    promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  };
  try {
    let nextPage = scan(state.cursor);
    let committed: Promise<void> = Promise.resolve();
    let more = true;
    while (more) {
      const page = await nextPage;
      more = page.cursor !== null;
      // Read the next page while this one is written: the scan's latency hides behind the writes.
      if (page.cursor !== null) nextPage = scan(page.cursor);
      const written = track(
        writes.map(page.records, (item) =>
          settleHousehold(deps, context, item.householdId, item.raw),
        ),
      );
      const previous = committed;
      committed = track(
        (async () => {
          const outcomes = await written;
          await previous;
          let tally: CycleTally = state.tally;
          const notifications: Notification[] = [];
          for (const { record, newlyWritten, notification } of outcomes) {
            tally = countRecord(tally, record, newlyWritten);
            if (notification) notifications.push(notification);
          }
          // Queued before the checkpoint moves past them: a crash in between queues them again, never loses them.
          await deps.notifications.enqueue(notifications);
          state = {
            ...state,
            cursor: page.cursor,
            tally,
            status: page.cursor === null ? 'done' : 'running',
            updatedAt: deps.clock.now().toISOString(),
          };
          await deps.cycles.putSegment(state);
          input.onProgress?.({ segment, households: outcomes.length });
        })(),
      );
      committed.catch(() => undefined); // awaited below, or with the rest after a failure
      // At most two pages at once: this one written while the one before is queued and checkpointed.
      await previous;
    }
    await committed;
  } catch (error) {
    // Nothing is left running behind the failure: the last checkpoint is the one recorded below.
    await Promise.allSettled([...pending]);
    // Named, so that ops (and the CLI) can tell a throttled store from a bug: `ThrottlingException: ...`.
    const message =
      error instanceof Error
        ? error.name === 'Error'
          ? error.message
          : `${error.name}: ${error.message}`
        : String(error);
    await deps.cycles
      .putSegment({
        ...state,
        status: 'failed',
        lastError: message,
        updatedAt: deps.clock.now().toISOString(),
      })
      .catch(() => undefined);
    throw error;
  }
  return state;
}

/**
 * A household whose record the store refused: set aside with the reason, written if the store takes
 * that (it does unless the key itself is too long), and counted either way; the segment goes on.
 */
async function setAsideRefused(
  deps: PayDeps,
  refused: PaymentRecord,
  error: RecordRefusedError,
): Promise<{ record: PaymentRecord; newlyWritten: boolean }> {
  const record = refusedRecord(refused, error.message);
  try {
    const write = await deps.payments.writeOnce(record, null);
    return write.outcome === 'exists'
      ? { record: write.existing, newlyWritten: false }
      : { record, newlyWritten: write.outcome === 'written' };
  } catch (again) {
    if (!(again instanceof RecordRefusedError)) throw again;
    return { record, newlyWritten: false };
  }
}

/** Writes one household's record once, and says what now stands and what to tell the household. */
async function settleHousehold(
  deps: PayDeps,
  context: CycleContext,
  householdId: string,
  raw: unknown,
): Promise<{ record: PaymentRecord; newlyWritten: boolean; notification: Notification | null }> {
  let assessment: Assessment = assessHousehold(context, householdId, raw);
  let write: WriteOnceOutcome;
  try {
    write = await deps.payments.writeOnce(assessment.record, assessment.settle);
    if (write.outcome === 'arrears-already-settled') {
      // The scan saw arrears that another write has since settled: assess again from a fresh read.
      assessment = assessHousehold(context, householdId, await deps.households.get(householdId));
      write = await deps.payments.writeOnce(assessment.record, assessment.settle);
      if (write.outcome === 'arrears-already-settled') {
        throw new CycleError(
          `household ${householdId}: its arrears kept changing while it was paid; the segment will retry`,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof RecordRefusedError)) throw error;
    return { ...(await setAsideRefused(deps, assessment.record, error)), notification: null };
  }
  const record = write.outcome === 'exists' ? write.existing : assessment.record;
  const notification =
    assessment.household && record.status !== 'set-aside'
      ? notificationFor(assessment.household, record, deps.rules)
      : null;
  return { record, newlyWritten: write.outcome === 'written', notification };
}
