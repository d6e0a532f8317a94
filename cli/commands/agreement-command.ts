import { bundledCalendarData } from '../../shared/calendar/bundled-calendar.ts';
import { formatDayRange } from '../../shared/calendar/format-date.ts';
import {
  type EidComparison,
  measureFallbackAgreement,
} from '../../shared/calendar/measure-fallback-agreement.ts';
import type { PaymentSchedule } from '../../shared/calendar/payment-schedule.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderTable } from '../render/table.ts';

const USAGE = 'usage: dafaa calendar agreement [--json]';

/**
 * `dafaa calendar agreement`: for every year with an announced Eid closure, how often the fallback
 * rule puts the payment on the same day as the announcement, and how far the closures overlap.
 */
export function agreementCommand(
  schedule: PaymentSchedule,
  args: readonly string[],
  io: CliIo,
): number {
  const { values } = parseCommandLine(
    args,
    { json: { type: 'boolean', default: false } },
    USAGE,
    0,
  );
  const { data, overrides } = bundledCalendarData();
  const years = measureFallbackAgreement(data, overrides, schedule);
  if (values.json) {
    io.out(JSON.stringify(years, null, 2));
    return 0;
  }
  const agreeing = years.reduce((sum, year) => sum + year.agreeing, 0);
  const months = years.reduce((sum, year) => sum + year.months, 0);
  const eid = (year: (typeof years)[number], kind: EidComparison['eid']) =>
    describeEid(year.eids.find((comparison) => comparison.eid === kind));
  io.out(
    renderTable(
      [
        { header: 'Year' },
        { header: 'Payment days agreeing', align: 'right' },
        { header: 'Months that differ (announced / fallback)' },
        { header: 'Eid al-Fitr: announced / fallback, days shared' },
        { header: 'Eid al-Adha: announced / fallback, days shared' },
      ],
      years.map((year) => [
        String(year.year),
        `${year.agreeing}/${year.months}`,
        year.differing.map((d) => `${d.cycle}: ${d.announced} / ${d.fallback}`).join('; ') || '—',
        eid(year, 'eid-al-fitr'),
        eid(year, 'eid-al-adha'),
      ]),
    ),
  );
  const share = ((agreeing / months) * 100).toFixed(1);
  io.out(
    `\nThe fallback rule and the announcements agree on ${agreeing} of ${months} payment days (${share}%).`,
  );
  return 0;
}

function describeEid(comparison: EidComparison | undefined): string {
  if (!comparison) return '—';
  const fallback = formatDayRange(comparison.fallback.first, comparison.fallback.last, 'en');
  if (!comparison.announced) return `not announced / ${fallback}`;
  const announced = formatDayRange(comparison.announced.first, comparison.announced.last, 'en');
  return `${announced} / ${fallback}, ${comparison.sharedDays} of ${comparison.unionDays}`;
}
