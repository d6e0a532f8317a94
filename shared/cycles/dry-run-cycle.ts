import { addMonths, type CycleId, type IsoDate } from '../calendar/calendar-date.ts';
import { computeDisbursementDate } from '../calendar/compute-disbursement-date.ts';
import { withStoredOverrides } from '../calendar/manage-overrides.ts';
import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import type { Halalas } from '../money/halalas.ts';
import * as z from '../validation/zod.ts';
import { assessedPages } from './assess-segment.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { type CycleTally, countRecord, emptyTally } from './cycle-tally.ts';
import type { PaymentRecord, PaymentStatus } from './payment-record.ts';
import { segmentCountFor } from './plan-cycle.ts';

/**
 * A cycle computed without writing anything: what a run would pay, held against the budget and
 * compared with last month.
 * In: a month and the budget. Out: the totals a run would record (counting records already written
 * for the month as they stand, as a run does), the amount over budget, the households added,
 * dropped and changed since last month (at most 50 of each listed, all counted), the arrears, and
 * how many records exist and how many a run would write. It only reads: the register by scan
 * segment as planning splits it, and each month's payment records once, in bulk.
 */

/** How many entries each list of the result keeps (all are counted). */
export const DRY_RUN_LIST_CAP = 50;

/** Reason codes the dry run adds to the cycle's own. */
export const DRY_RUN_REASONS = {
  /** Added: the household had no record last month (new in the register, or not reached). */
  noRecordLastMonth: 'no-record-last-month',
  /** Dropped: paid last month, and no longer in the register. */
  notInRegister: 'not-in-register',
  /** Changed: the entitlement policy version differs. */
  policyChanged: 'policy-changed',
  /** Changed: the household's monthly income differs. */
  incomeChanged: 'income-changed',
  /** Changed: the eligible dependents (adults or minors) differ. */
  dependentsChanged: 'dependents-changed',
  /** Changed: paid with an entitlement one month, on arrears alone the other. */
  eligibilityChanged: 'eligibility-changed',
  /** Changed, and none of the above explains it. */
  amountChanged: 'amount-changed',
} as const;

/** One household whose month differs from the last. Amounts are the month's entitlement, arrears apart. */
export interface DryRunChange {
  readonly householdId: string;
  /** Last month's amount (0 when not paid or no record). */
  readonly before: Halalas;
  /** This month's amount. */
  readonly after: Halalas;
  /** The arrears paid with it this month (an added household may be paid on arrears alone). */
  readonly arrearsHalalas: Halalas;
  /**
   * Added: why it was not paid last month (last month's reasons). Dropped: why it is not paid now.
   * Changed: what moved (income, dependents, policy).
   */
  readonly reasons: readonly string[];
}

export interface CappedList<T> {
  /** How many there are in all. */
  readonly count: number;
  /** The first `DRY_RUN_LIST_CAP` by household id. */
  readonly entries: readonly T[];
}

export interface DryRunResult {
  readonly cycle: CycleId;
  /** Whether the cycle was planned already (its stored plan was used) or planned here in memory. */
  readonly planned: boolean;
  readonly paymentNumber: number | null;
  readonly paymentDate: IsoDate;
  readonly policyVersion: string;
  readonly totalSegments: number;
  /** What a run would record now; `newlyWritten` counts the records it would write. */
  readonly totals: CycleTally;
  /** This month's amount plus arrears. */
  readonly totalHalalas: Halalas;
  readonly budgetHalalas: Halalas;
  /** 0 when within budget. */
  readonly overBudgetHalalas: Halalas;
  readonly previousCycle: CycleId;
  /** How many records last month has (0: everything paid now counts as added). */
  readonly previousRecords: number;
  /** Paid now, not paid last month. */
  readonly added: CappedList<DryRunChange>;
  /** Paid last month, not paid now (or no longer in the register). */
  readonly dropped: CappedList<DryRunChange>;
  /** Paid both months, a different amount. */
  readonly changed: CappedList<DryRunChange>;
  readonly arrearsLines: { readonly count: number; readonly totalHalalas: Halalas };
  /** Records already written for this month. */
  readonly alreadyWritten: number;
  /** Records a run would write now (households without one, and set-aside ones it would replace). */
  readonly wouldWriteNew: number;
}

export async function dryRunCycle(
  deps: Pick<
    CycleDeps,
    | 'households'
    | 'payments'
    | 'cycles'
    | 'calendar'
    | 'calendarOverrides'
    | 'policies'
    | 'rules'
    | 'clock'
    | 'tuning'
  >,
  input: {
    readonly cycle: CycleId;
    readonly budgetHalalas: Halalas;
    /** Segments scanned at once. */
    readonly segmentConcurrency?: number;
    /** Called after each page with the households it held. */
    readonly onProgress?: (households: number) => void;
  },
): Promise<DryRunResult> {
  const { cycle } = input;
  const plan = await planInMemory(deps, cycle);
  const previousCycle = addMonths(cycle, -1);
  const previous = new Map<string, Outcome>();
  for await (const record of deps.payments.listCycle(previousCycle)) {
    previous.set(record.householdId, outcomeOf(record));
  }
  const previousRecords = previous.size;
  // The records already written for this month: none before its first run, all of them on a rerun.
  const written = new Map<string, PaymentRecord>();
  for await (const record of deps.payments.listCycle(cycle)) {
    written.set(record.householdId, slim(record));
  }
  const alreadyWritten = written.size;

  let totals = emptyTally();
  const arrearsLines = { count: 0, totalHalalas: 0 };
  const lists = {
    added: new CappedCollector(),
    dropped: new CappedCollector(),
    changed: new CappedCollector(),
  };
  const policy = policyForCycle(deps.policies, cycle);

  const consider = (record: PaymentRecord, newlyWritten: boolean) => {
    totals = countRecord(totals, record, newlyWritten);
    arrearsLines.count += record.arrearsLines.length;
    arrearsLines.totalHalalas += record.arrearsLines.reduce(
      (sum, line) => sum + line.amountHalalas,
      0,
    );
    const before = previous.get(record.householdId);
    previous.delete(record.householdId);
    const after = outcomeOf(record);
    const change = compare(record.householdId, before, after);
    if (change) lists[change.kind].push(change.entry);
  };

  const segments = Array.from({ length: plan.totalSegments }, (_, segment) => segment);
  await mapWithConcurrency(segments, input.segmentConcurrency ?? 4, async (segment) => {
    for await (const records of assessedPages(deps, { cycle, ...plan }, segment)) {
      for (const assessed of records) {
        const standing = written.get(assessed.householdId);
        // As the conditional write decides: a record stands, unless a set-aside one would give way.
        const stands =
          standing !== undefined &&
          !(standing.status === 'set-aside' && assessed.status !== 'set-aside');
        consider(stands ? standing : assessed, !stands);
      }
      input.onProgress?.(records.length);
    }
  });

  // Paid last month and not seen in the register now.
  for (const [householdId, before] of previous) {
    if (before.status !== 'paid') continue;
    lists.dropped.push({
      householdId,
      before: before.amountHalalas,
      after: 0,
      arrearsHalalas: 0,
      reasons: [DRY_RUN_REASONS.notInRegister],
    });
  }

  const totalHalalas = totals.amountHalalas + totals.arrearsHalalas;
  return {
    cycle,
    planned: plan.planned,
    paymentNumber: plan.paymentNumber,
    paymentDate: plan.paymentDate,
    policyVersion: policy.version,
    totalSegments: plan.totalSegments,
    totals,
    totalHalalas,
    budgetHalalas: input.budgetHalalas,
    overBudgetHalalas: Math.max(0, totalHalalas - input.budgetHalalas),
    previousCycle,
    previousRecords,
    added: lists.added.result(),
    dropped: lists.dropped.result(),
    changed: lists.changed.result(),
    arrearsLines,
    alreadyWritten,
    wouldWriteNew: totals.newlyWritten,
  };
}

/**
 * The segments a run would scan, its payment number and date: the stored plan if the month is
 * planned, otherwise what `planCycle` would decide, computed and not stored.
 */
async function planInMemory(
  deps: Pick<CycleDeps, 'households' | 'cycles' | 'calendar' | 'calendarOverrides' | 'tuning'>,
  cycle: CycleId,
): Promise<{
  planned: boolean;
  totalSegments: number;
  paymentNumber: number | null;
  paymentDate: IsoDate;
}> {
  const record = await deps.cycles.get(cycle);
  if (record !== undefined) {
    return {
      planned: true,
      totalSegments: record.totalSegments,
      paymentNumber: record.paymentNumber,
      paymentDate: record.paymentDate,
    };
  }
  const calendar = await withStoredOverrides(deps.calendar, deps.calendarOverrides);
  const disbursement = computeDisbursementDate(calendar, cycle);
  return {
    planned: false,
    totalSegments: segmentCountFor(await deps.households.estimateCount(), deps.tuning),
    paymentNumber: disbursement.paymentNumber,
    paymentDate: disbursement.date,
  };
}

/** What the comparison needs of a record: kept small, as last month's are held for every household. */
interface Outcome {
  readonly status: PaymentStatus;
  readonly amountHalalas: Halalas;
  readonly arrearsHalalas: Halalas;
  readonly reasons: readonly string[];
  readonly basis: EntitlementBasis | null;
}

/** The inputs of the entitlement that explain a change of amount, read from the stored breakdown. */
const entitlementBasisSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    policyVersion: z.string(),
    incomeHalalas: z.number(),
    weightTerms: z.object({ adultDependents: z.number(), minorDependents: z.number() }),
  }),
);
type EntitlementBasis = z.infer<typeof entitlementBasisSchema>;

/**
 * A written record as the dry run holds it, one per household: what the tally and the comparison
 * read, without the per-person results, and the entitlement cut down to its basis.
 */
function slim(record: PaymentRecord): PaymentRecord {
  const basis = entitlementBasisSchema.safeParse(record.entitlement);
  return { ...record, eligibility: null, entitlement: basis.success ? basis.data : null };
}

function outcomeOf(record: PaymentRecord): Outcome {
  const basis = entitlementBasisSchema.safeParse(record.entitlement);
  return {
    status: record.status,
    amountHalalas: record.amountHalalas,
    arrearsHalalas: record.arrearsHalalas,
    reasons: record.reasons,
    basis: basis.success ? basis.data : null,
  };
}

function compare(
  householdId: string,
  before: Outcome | undefined,
  after: Outcome,
): { kind: 'added' | 'dropped' | 'changed'; entry: DryRunChange } | null {
  const beforeAmount = before?.amountHalalas ?? 0;
  const entry = {
    householdId,
    before: beforeAmount,
    after: after.amountHalalas,
    arrearsHalalas: after.arrearsHalalas,
  };
  const paidNow = after.status === 'paid';
  if (paidNow && before?.status !== 'paid') {
    const reasons = before
      ? before.reasons.length > 0
        ? before.reasons
        : [before.status]
      : [DRY_RUN_REASONS.noRecordLastMonth];
    return { kind: 'added', entry: { ...entry, reasons: [...reasons] } };
  }
  if (before?.status !== 'paid') return null;
  if (!paidNow) {
    const reasons = after.reasons.length > 0 ? after.reasons : [after.status];
    return { kind: 'dropped', entry: { ...entry, reasons: [...reasons] } };
  }
  if (beforeAmount !== after.amountHalalas) {
    return { kind: 'changed', entry: { ...entry, reasons: whatMoved(before.basis, after.basis) } };
  }
  return null;
}

function whatMoved(before: EntitlementBasis | null, after: EntitlementBasis | null): string[] {
  if (before === null || after === null) {
    return before === after
      ? [DRY_RUN_REASONS.amountChanged]
      : [DRY_RUN_REASONS.eligibilityChanged];
  }
  const reasons: string[] = [];
  if (before.policyVersion !== after.policyVersion) reasons.push(DRY_RUN_REASONS.policyChanged);
  if (before.incomeHalalas !== after.incomeHalalas) reasons.push(DRY_RUN_REASONS.incomeChanged);
  if (
    before.weightTerms.adultDependents !== after.weightTerms.adultDependents ||
    before.weightTerms.minorDependents !== after.weightTerms.minorDependents
  ) {
    reasons.push(DRY_RUN_REASONS.dependentsChanged);
  }
  return reasons.length > 0 ? reasons : [DRY_RUN_REASONS.amountChanged];
}

/**
 * Counts every entry and keeps the first `DRY_RUN_LIST_CAP` by household id, in bounded memory and
 * whatever order the segments deliver them in.
 */
class CappedCollector {
  private count = 0;
  private entries: DryRunChange[] = [];

  push(entry: DryRunChange): void {
    this.count += 1;
    this.entries.push(entry);
    if (this.entries.length >= DRY_RUN_LIST_CAP * 2) this.trim();
  }

  result(): CappedList<DryRunChange> {
    this.trim();
    return { count: this.count, entries: this.entries };
  }

  private trim(): void {
    this.entries.sort((a, b) =>
      a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0,
    );
    this.entries = this.entries.slice(0, DRY_RUN_LIST_CAP);
  }
}
