import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CycleId, parseCycleId } from '../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../shared/config/ops-settings.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import type { CycleRecord } from '../../shared/cycles/cycle-record.ts';
import {
  type CappedList,
  type DryRunChange,
  type DryRunResult,
  dryRunCycle,
} from '../../shared/cycles/dry-run-cycle.ts';
import { CycleNotFoundError } from '../../shared/cycles/errors.ts';
import {
  type ExportedCycle,
  exportCycle,
  PaymentFileError,
  renderPaymentFile,
} from '../../shared/cycles/export-cycle.ts';
import { INELIGIBILITY_REASONS } from '../../shared/eligibility/ineligibility-reasons.ts';
import { formatRiyals } from '../../shared/money/halalas.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { type BarRow, renderBars } from '../render/bar-chart.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';

/**
 * The cycle commands for the payment run itself: `dafaa cycle export <month>` writes the bank's
 * payment file, `dafaa cycle plan <month> --dry-run` shows what a run would pay, against the budget
 * and last month, writing nothing. Also the report's breakdown chart, `renderCycleBreakdown`.
 */

export const CYCLE_OPS_USAGE =
  'usage: dafaa cycle export YYYY-MM [--out FILE] | dafaa cycle plan YYYY-MM --dry-run';

/** How many households of each list (added, dropped, changed) the dry run prints. */
const EXAMPLES = 10;

const count = (value: number) => value.toLocaleString('en-US');
const sar = (halalas: number) => `${formatRiyals(halalas)} SAR`;

/** `dafaa cycle export|plan <month> ...`: `args` start at the action (`export`, `plan`). */
export async function cycleOpsCommand(
  deps: () => CycleDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    { out: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    CYCLE_OPS_USAGE,
    2,
  );
  const [action, month] = positionals;
  if (!action || !month) throw new UsageError(CYCLE_OPS_USAGE);
  const cycle = parseCycleId(month);
  switch (action) {
    case 'export': {
      if (values['dry-run'])
        throw new UsageError(`--dry-run is for "cycle plan"; ${CYCLE_OPS_USAGE}`);
      const file = values.out ?? join('reports', `${cycle}-payments.csv`);
      io.out(await exportPaymentFile(deps(), cycle, file));
      return 0;
    }
    case 'plan': {
      if (values.out !== undefined)
        throw new UsageError(`--out is for "cycle export"; ${CYCLE_OPS_USAGE}`);
      if (!values['dry-run']) {
        throw new UsageError(
          `"cycle plan" only runs as a dry run: add --dry-run ("dafaa cycle run ${cycle}" plans and runs)`,
        );
      }
      io.out(renderDryRun(await dryRunWithProgress(deps(), cycle)));
      return 0;
    }
    default:
      throw new UsageError(`unknown cycle action "${action}"; ${CYCLE_OPS_USAGE}`);
  }
}

/**
 * Writes a completed cycle's payment file and returns the control totals to print. The file appears
 * whole or not at all (written beside, then renamed), and only if its totals agree with the cycle's.
 */
async function exportPaymentFile(deps: CycleDeps, cycle: CycleId, file: string): Promise<string> {
  const record = await deps.cycles.get(cycle);
  if (!record) {
    throw new CycleNotFoundError(
      `cycle ${cycle} has not been run: run it with "dafaa cycle run ${cycle}"`,
    );
  }
  if (record.status !== 'completed' || record.totals === null) {
    throw new UsageError(
      `cycle ${cycle} is ${record.status}, not completed: finish it with "dafaa cycle run ${cycle}" before exporting its payment file`,
    );
  }
  const exported = await exportCycle(deps, cycle);
  const { control } = exported;
  const totals = record.totals;
  const cycleTotal = totals.amountHalalas + totals.arrearsHalalas;
  if (control.records !== totals.paid || control.grandTotalHalalas !== cycleTotal) {
    throw new PaymentFileError(
      `the payment records of ${cycle} (${count(control.records)} paid, ${sar(control.grandTotalHalalas)}) disagree with the cycle's totals (${count(totals.paid)} paid, ${sar(cycleTotal)}): no file written; rerun with "dafaa cycle run ${cycle} --full-pass"`,
    );
  }
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, renderPaymentFile(exported));
  renameSync(partial, file);
  return renderExportSummary(record, exported, file);
}

function renderExportSummary(record: CycleRecord, exported: ExportedCycle, file: string): string {
  const { control } = exported;
  const table = renderTable(
    [{ header: 'Control' }, { header: 'Value', align: 'right' }],
    [
      ['records', count(control.records)],
      ['amount (this month)', `${sar(control.totalAmountHalalas)}`],
      ['arrears', `${sar(control.totalArrearsHalalas)}`],
      ['grand total', `${sar(control.grandTotalHalalas)}`],
      ['grand total (halalas)', String(control.grandTotalHalalas)],
      ['first payment id', control.firstPaymentId ?? '—'],
      ['last payment id', control.lastPaymentId ?? '—'],
      ['sha256', control.sha256],
    ],
  );
  return [
    `Payment file for cycle ${record.cycle} (payment ${record.paymentNumber ?? '—'}, paid ${record.paymentDate}) written to ${file}`,
    '',
    table,
  ].join('\n');
}

async function dryRunWithProgress(deps: CycleDeps, cycle: CycleId): Promise<DryRunResult> {
  const bar = createProgressBar(`Dry run ${cycle}`, await deps.households.estimateCount());
  const result = await dryRunCycle(deps, {
    cycle,
    budgetHalalas: defaultOpsSettings.budgetHalalas,
    onProgress: (households) => bar.advance(households),
  });
  bar.finish();
  return result;
}

/** A dry run as ops read it: totals against the budget, the change from last month, and examples. */
export function renderDryRun(result: DryRunResult): string {
  const { totals } = result;
  const share = result.budgetHalalas > 0 ? (result.totalHalalas / result.budgetHalalas) * 100 : 0;
  const budgetVerdict =
    result.overBudgetHalalas > 0
      ? `OVER BUDGET by ${sar(result.overBudgetHalalas)}`
      : `within budget, ${sar(result.budgetHalalas - result.totalHalalas)} to spare`;
  const summary = renderTable(
    [{ header: 'Section' }, { header: 'Measure' }, { header: 'Value', align: 'right' }],
    [
      ['Households', 'seen', count(totals.householdsSeen)],
      ['Paid', 'households', count(totals.paid)],
      ['', 'amount (this month)', sar(totals.amountHalalas)],
      [
        '',
        'arrears',
        `${sar(totals.arrearsHalalas)} to ${count(totals.householdsWithArrears)} households (${count(result.arrearsLines.count)} lines)`,
      ],
      ['', 'total', sar(result.totalHalalas)],
      ['Not eligible', 'households', count(totals.notEligible)],
      ['Nothing due', 'households', count(totals.nothingDue)],
      ['Set aside', 'malformed records', count(totals.setAside)],
      ['Budget', 'monthly budget', sar(result.budgetHalalas)],
      ['', 'total against budget', `${share.toFixed(1)}%`],
      ['', 'verdict', budgetVerdict],
      [`vs ${result.previousCycle}`, 'added (paid now, not then)', count(result.added.count)],
      ['', 'dropped (paid then, not now)', count(result.dropped.count)],
      ['', 'changed (another amount)', count(result.changed.count)],
    ],
  );
  const plan = result.planned
    ? `as planned (${result.totalSegments} segments)`
    : `not planned yet (it would get ${result.totalSegments} segments)`;
  const previous =
    result.previousRecords === 0
      ? `${result.previousCycle} has no payment records, so every household paid now counts as added.`
      : `Compared with ${result.previousCycle}'s ${count(result.previousRecords)} payment records.`;
  return [
    `Dry run of cycle ${result.cycle}: NOTHING WAS WRITTEN.`,
    `Payment ${result.paymentNumber ?? '—'} on ${result.paymentDate}, policy ${result.policyVersion}, ${plan}.`,
    '',
    summary,
    '',
    previous,
    ...examples('Added', result.added),
    ...examples('Dropped', result.dropped),
    ...examples('Changed', result.changed),
    '',
    `${count(result.alreadyWritten)} records are already written for ${result.cycle}; a run would write ${count(result.wouldWriteNew)} more.`,
    'Nothing was written: this was a dry run. "dafaa cycle run" pays.',
  ].join('\n');
}

function examples(title: string, list: CappedList<DryRunChange>): string[] {
  if (list.count === 0) return [];
  const shown = list.entries.slice(0, EXAMPLES);
  return [
    '',
    `${title}: ${count(list.count)}${list.count > shown.length ? `, the first ${shown.length}` : ''}`,
    renderTable(
      [
        { header: 'Household' },
        { header: 'Before', align: 'right' },
        { header: 'After', align: 'right' },
        { header: 'Reasons' },
      ],
      shown.map((entry) => [
        entry.householdId,
        sar(entry.before),
        entry.arrearsHalalas > 0
          ? `${sar(entry.after)} + ${sar(entry.arrearsHalalas)} arrears`
          : sar(entry.after),
        entry.reasons.join(', '),
      ]),
    ),
  ];
}

const isIneligibility = (reason: string) =>
  (INELIGIBILITY_REASONS as readonly string[]).includes(reason);

/**
 * A cycle's households as bars: paid, not eligible (then each reason), nothing due, set aside.
 * Shares are of the households seen; a household not eligible for two reasons is under both.
 */
export function renderCycleBreakdown(cycle: CycleRecord): string {
  const tally = cycle.totals;
  if (!tally) return `Cycle ${cycle.cycle} is ${cycle.status}: no totals yet.`;
  const reasons: BarRow[] = Object.entries(tally.byReason)
    .filter(([reason]) => isIneligibility(reason))
    .sort(([a, first], [b, second]) => second - first || a.localeCompare(b))
    .map(([reason, households]) => ({ label: `  ${reason}`, value: households }));
  const rows: BarRow[] = [
    { label: 'paid', value: tally.paid },
    { label: 'not eligible', value: tally.notEligible },
    ...reasons,
    { label: 'nothing due', value: tally.nothingDue },
    { label: 'set aside', value: tally.setAside },
  ];
  return [
    `Households in cycle ${cycle.cycle}: ${count(tally.householdsSeen)} seen`,
    renderBars(rows, 40, { total: tally.householdsSeen }),
  ].join('\n');
}
