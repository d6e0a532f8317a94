import type { CycleRecord } from '../../shared/cycles/cycle-record.ts';
import type { CycleTally } from '../../shared/cycles/cycle-tally.ts';
import { NOTHING_DUE_REASONS } from '../../shared/cycles/payment-record.ts';
import { INELIGIBILITY_REASONS } from '../../shared/eligibility/ineligibility-reasons.ts';
import { formatRiyals } from '../../shared/money/halalas.ts';
import { renderTable } from './table.ts';

/**
 * A cycle's result as ops read it: a table of counts and amounts with every reason broken out (by
 * its code: `abroad-over-limit`, `invalid:bankAccount.iban`, `invalid-email`; the sentences are for
 * beneficiaries), and the same figures as CSV for a spreadsheet.
 */

const isIneligibility = (reason: string) =>
  (INELIGIBILITY_REASONS as readonly string[]).includes(reason);

const count = (value: number) => value.toLocaleString('en-US');
const sar = (halalas: number) => `${formatRiyals(halalas)} SAR`;

/** The summary table's rows: [section, measure, value]. */
export function summaryRows(
  cycle: CycleRecord,
  tally: CycleTally,
  seconds: number | null,
): string[][] {
  const byReason = (predicate: (reason: string) => boolean) =>
    Object.entries(tally.byReason)
      .filter(([reason]) => predicate(reason))
      .sort(([, a], [, b]) => b - a)
      .map(([reason, value]) => ['', `  ${reason}`, count(value)]);
  const rows: string[][] = [
    [
      'Cycle',
      `${cycle.cycle}, payment ${cycle.paymentNumber ?? '—'}, paid ${cycle.paymentDate}`,
      cycle.status,
    ],
    ['Households', 'seen', count(tally.householdsSeen)],
    ['Paid', 'households paid', count(tally.paid)],
    ['', 'amount (this month)', sar(tally.amountHalalas)],
    [
      '',
      'arrears',
      `${sar(tally.arrearsHalalas)} to ${count(tally.householdsWithArrears)} households`,
    ],
    ['', 'total', sar(tally.amountHalalas + tally.arrearsHalalas)],
    ['Not eligible', 'households (one may have several reasons)', count(tally.notEligible)],
    ...byReason(isIneligibility),
    ['Nothing due', 'households', count(tally.nothingDue)],
    ...byReason((reason) => (NOTHING_DUE_REASONS as readonly string[]).includes(reason)),
    ['Set aside', 'malformed records (one may have several problems)', count(tally.setAside)],
    ...byReason((reason) => reason.startsWith('invalid:')),
    ...contactProblemRows(tally),
    ['Writes', 'records written by this run', count(tally.newlyWritten)],
  ];
  if (seconds !== null) {
    const rate = seconds > 0 ? Math.round(tally.householdsSeen / seconds) : 0;
    rows.push(['Time', 'taken', `${seconds.toFixed(1)} s (${count(rate)} households/s)`]);
  }
  return rows;
}

/**
 * Households whose contact details ruled out a channel, by reason: they were assessed (and paid,
 * when eligible) as usual and only that channel is skipped. No rows when there are none.
 */
function contactProblemRows(tally: CycleTally): string[][] {
  const problems = contactProblemCounts(tally);
  if (problems.length === 0) return [];
  const skipped = problems.reduce((sum, [, households]) => sum + households, 0);
  return [
    ['Contact problems', 'channels skipped (households assessed as usual)', count(skipped)],
    ...problems.map(([reason, households]) => ['', `  ${reason}`, count(households)]),
  ];
}

const contactProblemCounts = (tally: CycleTally) =>
  Object.entries(tally.contactProblems)
    .filter(([, households]) => households > 0)
    .sort(([a], [b]) => a.localeCompare(b));

export function renderCycleSummary(cycle: CycleRecord, seconds: number | null = null): string {
  const tally = cycle.totals;
  if (!tally) return `Cycle ${cycle.cycle} is ${cycle.status}: no totals yet.`;
  return renderTable(
    [{ header: 'Section' }, { header: 'Measure' }, { header: 'Value', align: 'right' }],
    summaryRows(cycle, tally, seconds),
  );
}

/**
 * The summary as CSV for a spreadsheet: one row per category and reason, with plain integers
 * (households, and amounts in halalas) so that nothing needs parsing.
 */
export function renderCycleCsv(cycle: CycleRecord): string {
  const header =
    'cycle,payment_number,payment_date,status,category,reason,households,amount_halalas';
  const tally = cycle.totals;
  if (!tally) return header;
  const row = (category: string, reason: string, households: number, amount: number | '') =>
    [
      cycle.cycle,
      cycle.paymentNumber ?? '',
      cycle.paymentDate,
      cycle.status,
      category,
      reason,
      households,
      amount,
    ].join(',');
  const reasons = (category: string, predicate: (reason: string) => boolean) =>
    Object.entries(tally.byReason)
      .filter(([reason]) => predicate(reason))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([reason, households]) => row(category, reason, households, ''));
  return [
    header,
    row('seen', '', tally.householdsSeen, ''),
    row('paid', '', tally.paid, tally.amountHalalas + tally.arrearsHalalas),
    row('paid', 'this-month', tally.paid, tally.amountHalalas),
    row('paid', 'arrears', tally.householdsWithArrears, tally.arrearsHalalas),
    row('not-eligible', '', tally.notEligible, ''),
    ...reasons('not-eligible', (reason) =>
      (INELIGIBILITY_REASONS as readonly string[]).includes(reason),
    ),
    row('nothing-due', '', tally.nothingDue, ''),
    ...reasons('nothing-due', (reason) =>
      (NOTHING_DUE_REASONS as readonly string[]).includes(reason),
    ),
    row('set-aside', '', tally.setAside, ''),
    ...reasons('set-aside', (reason) => reason.startsWith('invalid:')),
    ...contactProblemCounts(tally).map(([reason, households]) =>
      row('contact-problem', reason, households, ''),
    ),
  ].join('\n');
}
