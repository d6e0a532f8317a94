import {
  type CycleId,
  cycleYearMonth,
  type IsoDate,
  monthsBetween,
  weekdayOf,
} from '../../calendar/calendar-date.ts';
import { OutsideUmmAlQuraRangeError } from '../../calendar/errors.ts';
import { formatDate, formatHijri, monthName, weekdayName } from '../../calendar/format-date.ts';
import { toHijri } from '../../calendar/hijri-date.ts';
import { type Language, localDigits } from '../../i18n/language.ts';
import { formatRiyals, type Halalas } from '../../money/halalas.ts';

/**
 * The values messages quote, written as each language writes them: Arabic with Arabic-Indic digits
 * and the Arabic thousands and decimal separators (٢٬٠٨٨٫٠٠), English as the bank statements do.
 * The phone number 19912 is the exception: it stays in Western digits in both, so phones offer to
 * call it.
 */

const ARABIC_THOUSANDS_SEPARATOR = '\u066c';
const ARABIC_DECIMAL_SEPARATOR = '\u066b';

/** 208800 -> "2,088.00" / "٢٬٠٨٨٫٠٠" (the number only; the templates add the currency). */
export function formatAmount(amount: Halalas, language: Language): string {
  const western = formatRiyals(amount);
  if (language === 'en') return western;
  return localDigits(western, language)
    .replaceAll(',', ARABIC_THOUSANDS_SEPARATOR)
    .replaceAll('.', ARABIC_DECIMAL_SEPARATOR);
}

/** "10 Mar 2026" / "١٠ مارس ٢٠٢٦" */
export function formatDay(date: IsoDate, language: Language): string {
  return formatDate(date, language);
}

/**
 * A day in both calendars beneficiaries read: "Tuesday 10 Mar 2026 (21 Ramadan 1447 AH)" /
 * "الثلاثاء ١٠ مارس ٢٠٢٦ (٢١ رمضان ١٤٤٧ هـ)", the Hijri date by the Umm al-Qura calendar. Outside
 * that calendar's tables (before 1937 or after 2077) the Gregorian date alone.
 */
export function formatDayWithWeekday(date: IsoDate, language: Language): string {
  const gregorian = `${weekdayName(weekdayOf(date), language)} ${formatDate(date, language)}`;
  try {
    return `${gregorian} (${formatHijri(toHijri(date), language)})`;
  } catch (error) {
    if (error instanceof OutsideUmmAlQuraRangeError) return gregorian;
    throw error;
  }
}

/** "Mar 2026" / "مارس ٢٠٢٦" */
export function formatMonth(cycle: CycleId, language: Language): string {
  const { year, month } = cycleYearMonth(cycle);
  return `${monthName(month, language)} ${localDigits(String(year), language)}`;
}

/** A whole number as the language writes it: 100 / ١٠٠. */
export function formatNumber(value: number, language: Language): string {
  return localDigits(String(value), language);
}

/** The months in calendar order, each once. */
export function sortedMonths(months: readonly CycleId[]): CycleId[] {
  return [...new Set(months)].sort();
}

/** Whether sorted months follow one another with no gap (then a range says them all). */
export function isContiguous(sorted: readonly CycleId[]): boolean {
  return sorted.every((month, index) => {
    const previous = sorted[index - 1];
    return previous === undefined || monthsBetween(previous, month) === 1;
  });
}
