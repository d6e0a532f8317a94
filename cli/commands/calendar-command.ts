import {
  type CycleId,
  cycleId,
  cycleYearMonth,
  type IsoDate,
  parseCycleId,
  weekdayCode,
  weekdayOf,
} from '../../shared/calendar/calendar-date.ts';
import type {
  Disbursement,
  DisbursementDeps,
} from '../../shared/calendar/compute-disbursement-date.ts';
import { describeDisbursement } from '../../shared/calendar/describe-disbursement.ts';
import {
  formatDate,
  formatHijri,
  monthName,
  weekdayName,
} from '../../shared/calendar/format-date.ts';
import { formatHijriIso, toHijri } from '../../shared/calendar/hijri-date.ts';
import {
  disbursementsBetween,
  nextDisbursements,
} from '../../shared/calendar/list-disbursements.ts';
import { riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import { type Language, languageSchema, localDigits } from '../../shared/i18n/language.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderTable } from '../render/table.ts';

export const CALENDAR_USAGE =
  'usage: dafaa calendar [YEAR | YYYY-MM] [--from YYYY-MM [--to YYYY-MM]] [--json] [--lang ar|en]';

const CALENDAR_HELP = `${CALENDAR_USAGE}

The day each monthly payment is deposited, with its payment number, Hijri date and the reason.
  dafaa calendar                      the next twelve payments from today (Riyadh)
  dafaa calendar 2027                 every month of 2027
  dafaa calendar 2027-03              one month
  dafaa calendar --from 2018-01 --to 2026-12
Options:
  --json        an array of { cycle, paymentNumber, date, weekday, hijriDate, reason }
  --lang ar|en  Arabic or English text (default en)
  dafaa calendar agreement [--json]   how often the fallback rule matches SAMA's announcements`;

/** `dafaa calendar ...`: the disbursement calendar as a table or JSON. */
export async function calendarCommand(
  deps: () => Promise<DisbursementDeps>,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string', default: 'en' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    CALENDAR_USAGE,
    1,
  );
  if (values.help) {
    io.out(CALENDAR_HELP);
    return 0;
  }
  const language = languageSchema.safeParse(values.lang);
  if (!language.success) {
    throw new UsageError(`--lang takes ar or en, not "${values.lang}"`);
  }
  const period = selectPeriod(positionals, values.from, values.to, io.now());
  // The calendar is built once the command line is known to be good (it may read stored overrides).
  const disbursements = disbursementsOf(await deps(), period);
  if (values.json) {
    io.out(
      JSON.stringify(
        disbursements.map((item) => toJson(item, language.data)),
        null,
        2,
      ),
    );
  } else {
    io.out(renderCalendar(disbursements, language.data));
  }
  return 0;
}

/** Which months the command line asks for: a range, or the next twelve payments from today. */
type Period = { readonly first: CycleId; readonly last: CycleId } | { readonly nextFrom: IsoDate };

function selectPeriod(
  positionals: readonly string[],
  from: string | undefined,
  to: string | undefined,
  now: Date,
): Period {
  const [period] = positionals;
  if (period !== undefined && (from !== undefined || to !== undefined)) {
    throw new UsageError(
      `give either a year or month, or --from and --to, not both; ${CALENDAR_USAGE}`,
    );
  }
  if (period !== undefined) {
    const [first, last] = parsePeriod(period);
    return { first, last };
  }
  if (from === undefined) {
    if (to !== undefined) throw new UsageError('--to needs --from');
    return { nextFrom: riyadhDateOf(now) };
  }
  const first = parseCycleId(from);
  const last = to === undefined ? cycleId(cycleYearMonth(first).year, 12) : parseCycleId(to);
  if (last < first) throw new UsageError(`--to ${last} is before --from ${first}`);
  return { first, last };
}

function disbursementsOf(deps: DisbursementDeps, period: Period): Disbursement[] {
  return 'nextFrom' in period
    ? nextDisbursements(deps, period.nextFrom, 12)
    : disbursementsBetween(deps, period.first, period.last);
}

/** "2027" -> Jan..Dec 2027; "2027-03" -> that month. */
function parsePeriod(period: string): [CycleId, CycleId] {
  if (/^\d{4}$/.test(period)) {
    const year = Number(period);
    return [cycleId(year, 1), cycleId(year, 12)];
  }
  if (/^\d{4}-\d{2}$/.test(period)) {
    const month = parseCycleId(period);
    return [month, month];
  }
  throw new UsageError(
    `"${period}" is neither a year (2027) nor a month (2027-03); ${CALENDAR_USAGE}`,
  );
}

function toJson(disbursement: Disbursement, language: Language) {
  return {
    cycle: disbursement.cycle,
    paymentNumber: disbursement.paymentNumber,
    date: disbursement.date,
    weekday: weekdayCode(disbursement.date),
    hijriDate: formatHijriIso(toHijri(disbursement.date)),
    reason: describeDisbursement(disbursement, language),
  };
}

const HEADERS = {
  en: {
    month: 'Month',
    payment: 'Payment',
    date: 'Date',
    weekday: 'Weekday',
    hijri: 'Hijri date',
    reason: 'Reason',
  },
  ar: {
    month: 'الشهر',
    payment: 'الدفعة',
    date: 'تاريخ الصرف',
    weekday: 'اليوم',
    hijri: 'التاريخ الهجري',
    reason: 'السبب',
  },
} as const;

/** The calendar as a terminal table, in the reader's language. */
export function renderCalendar(disbursements: readonly Disbursement[], language: Language): string {
  const header = HEADERS[language];
  const rows = disbursements.map((item) => {
    const { year, month } = cycleYearMonth(item.cycle);
    return [
      localDigits(`${monthName(month, language)} ${year}`, language),
      item.paymentNumber === null ? '—' : localDigits(String(item.paymentNumber), language),
      language === 'ar' ? formatDate(item.date, 'ar') : item.date,
      language === 'ar' ? weekdayName(weekdayOf(item.date), 'ar') : weekdayCode(item.date),
      formatHijri(toHijri(item.date), language),
      describeDisbursement(item, language),
    ];
  });
  return renderTable(
    [
      { header: header.month },
      { header: header.payment, align: 'right' },
      { header: header.date },
      { header: header.weekday },
      { header: header.hijri },
      { header: header.reason },
    ],
    rows,
    language === 'ar' ? 'rtl' : 'ltr',
  );
}
