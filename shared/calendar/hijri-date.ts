import { addDays, type IsoDate, toDayNumber, toYearMonthDay } from './calendar-date.ts';
import { OutsideUmmAlQuraRangeError } from './errors.ts';

/**
 * Umm al-Qura Hijri dates, from the table ICU ships with Node (`islamic-umalqura`; note that plain
 * `islamic` is an arithmetic calendar, not Umm al-Qura). Instants are formatted in UTC at noon, so
 * the host's time zone never moves the day.
 */

export interface HijriDate {
  readonly year: number;
  /** 1 = Muharram ... 9 = Ramadan, 10 = Shawwal, 12 = Dhu al-Hijjah. */
  readonly month: number;
  readonly day: number;
}

export const HIJRI_MONTH = { ramadan: 9, shawwal: 10, dhuAlHijjah: 12 } as const;

/** First and last Gregorian days of ICU's Umm al-Qura table (1 Muharram 1300 .. 30 Dhu al-Hijjah 1600). */
export const UMM_AL_QURA_FIRST_DAY = '1882-11-12' as IsoDate;
export const UMM_AL_QURA_LAST_DAY = '2174-11-25' as IsoDate;

const firstDayNumber = toDayNumber(UMM_AL_QURA_FIRST_DAY);
const lastDayNumber = toDayNumber(UMM_AL_QURA_LAST_DAY);

// Made on first use: ICU loads the Islamic calendar for it (~25 ms), which a Lambda that never
// converts a date should not pay at module load.
let ummAlQura: Intl.DateTimeFormat | undefined;
const ummAlQuraFormat = () =>
  (ummAlQura ??= new Intl.DateTimeFormat('en-u-ca-islamic-umalqura-nu-latn', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }));

const cache = new Map<IsoDate, HijriDate>();

/** Throws `OutsideUmmAlQuraRangeError` for a date the table does not cover. */
export function assertInUmmAlQuraRange(date: IsoDate): void {
  const dayNumber = toDayNumber(date);
  if (dayNumber < firstDayNumber || dayNumber > lastDayNumber) {
    throw new OutsideUmmAlQuraRangeError(
      `${date} is outside the Umm al-Qura calendar table (${UMM_AL_QURA_FIRST_DAY} to ${UMM_AL_QURA_LAST_DAY}); ` +
        'Hijri dates and Eid closures cannot be computed for it',
    );
  }
}

/** The Umm al-Qura date of a Gregorian date. */
export function toHijri(date: IsoDate): HijriDate {
  const cached = cache.get(date);
  if (cached) return cached;
  assertInUmmAlQuraRange(date);
  const { year, month, day } = toYearMonthDay(date);
  const parts = ummAlQuraFormat().formatToParts(Date.UTC(year, month - 1, day, 12));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  const hijri = { year: part('year'), month: part('month'), day: part('day') };
  cache.set(date, hijri);
  return hijri;
}

/** `1448-09-25`: the machine-readable form used in JSON output. */
export function formatHijriIso({ year, month, day }: HijriDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Every Gregorian date in `[from, to]` whose Umm al-Qura date is `month`/`day` of some Hijri year.
 * Used to find each Eid (1 Shawwal, 10 Dhu al-Hijjah) around a date.
 */
export function findHijriDays(from: IsoDate, to: IsoDate, month: number, day: number): IsoDate[] {
  const found: IsoDate[] = [];
  const span = toDayNumber(to) - toDayNumber(from);
  for (let offset = 0; offset <= span; offset += 1) {
    const date = addDays(from, offset);
    const hijri = toHijri(date);
    if (hijri.month === month && hijri.day === day) found.push(date);
  }
  return found;
}
