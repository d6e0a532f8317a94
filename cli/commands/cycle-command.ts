import { parseCycleId } from '../../shared/calendar/calendar-date.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import { parseStored } from '../../shared/cycles/cycle-deps.ts';
import { segmentRecordSchema } from '../../shared/cycles/cycle-record.ts';
import { CycleNotFoundError } from '../../shared/cycles/errors.ts';
import { getCycle, runCycle } from '../../shared/cycles/run-cycle.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderCycleCsv, renderCycleSummary } from '../render/cycle-summary.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';

export const CYCLE_USAGE =
  'usage: dafaa cycle run|status|report YYYY-MM [--full-pass] [--segments N] [--csv]';

/** `dafaa cycle run|status|report <month>` against the local stack. */
export async function cycleCommand(
  deps: () => CycleDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      'full-pass': { type: 'boolean', default: false },
      segments: { type: 'string', default: '4' },
      csv: { type: 'boolean', default: false },
    },
    CYCLE_USAGE,
  );
  const [action, month, ...extra] = positionals;
  if (!action || !month || extra.length > 0) throw new UsageError(CYCLE_USAGE);
  const cycle = parseCycleId(month);
  switch (action) {
    case 'run': {
      const segmentConcurrency = Number(values.segments);
      if (
        !Number.isInteger(segmentConcurrency) ||
        segmentConcurrency < 1 ||
        segmentConcurrency > 64
      ) {
        throw new UsageError(
          `--segments takes a whole number from 1 to 64, not "${values.segments}"`,
        );
      }
      const summary = await runCycleWithProgress(deps(), cycle, {
        fullPass: values['full-pass'],
        segmentConcurrency,
      });
      io.out(summary);
      return 0;
    }
    case 'status':
      io.out(await cycleStatus(deps(), cycle));
      return 0;
    case 'report': {
      const record = await getCycle(deps(), cycle);
      if (!record)
        throw new CycleNotFoundError(
          `cycle ${cycle} has not been run: run it with "dafaa cycle run ${cycle}"`,
        );
      io.out(values.csv ? renderCycleCsv(record) : renderCycleSummary(record));
      return 0;
    }
    default:
      throw new UsageError(`unknown cycle action "${action}"; ${CYCLE_USAGE}`);
  }
}

/** Runs a cycle with a progress bar on stderr; returns the summary table. */
export async function runCycleWithProgress(
  deps: CycleDeps,
  cycle: ReturnType<typeof parseCycleId>,
  options: { fullPass: boolean; segmentConcurrency: number },
): Promise<string> {
  const started = performance.now();
  let bar: ReturnType<typeof createProgressBar> | undefined;
  const { cycle: record, failedSegments } = await runCycle(deps, {
    cycle,
    fullPass: options.fullPass,
    segmentConcurrency: options.segmentConcurrency,
    onPlanned: (planned) => {
      bar = createProgressBar(`Cycle ${cycle}`, planned.householdEstimate);
    },
    onProgress: ({ households }) => bar?.advance(households),
  });
  bar?.finish();
  const seconds = (performance.now() - started) / 1000;
  const failures = failedSegments.map(
    ({ segment, error }) => `segment ${segment} failed: ${error}`,
  );
  return [...failures, renderCycleSummary(record, seconds)].join('\n');
}

async function cycleStatus(
  deps: CycleDeps,
  cycle: ReturnType<typeof parseCycleId>,
): Promise<string> {
  const record = await getCycle(deps, cycle);
  if (!record) return `Cycle ${cycle} has not been planned.`;
  const segments = (await deps.cycles.listSegments(cycle)).map((item) =>
    parseStored(segmentRecordSchema, item, `a segment of cycle ${cycle}`),
  );
  const done = segments.filter((segment) => segment.status === 'done').length;
  const header = [
    `Cycle ${record.cycle}: ${record.status}`,
    `payment ${record.paymentNumber ?? '—'} on ${record.paymentDate} (${record.paymentDateReason})`,
    `policy ${record.policyVersion}, calendar data ${record.calendarVersion}, ${record.runs.length} run(s)`,
    `segments: ${done} of ${record.totalSegments} done`,
  ].join('\n');
  const table = renderTable(
    [
      { header: 'Segment', align: 'right' },
      { header: 'Status' },
      { header: 'Households', align: 'right' },
      { header: 'Attempts', align: 'right' },
      { header: 'Last error' },
    ],
    segments.map((segment) => [
      String(segment.segment),
      segment.status,
      segment.tally.householdsSeen.toLocaleString('en-US'),
      String(segment.attempts),
      segment.lastError ?? '',
    ]),
  );
  return `${header}\n\n${table}`;
}
