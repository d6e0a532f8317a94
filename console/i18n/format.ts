import { CalendarDate, IslamicUmalquraCalendar } from '@internationalized/date';
import type { Language } from './messages.ts';

/**
 * Numbers, money and dates as each language writes them, through `Intl`: Arabic with Arabic-Indic
 * digits, dates in Riyadh's time zone, Hijri dates in the Umm al-Qura calendar.
 */

const LOCALES: Readonly<Record<Language, string>> = { ar: 'ar-SA-u-nu-arab', en: 'en-GB' };
const CALENDAR_LOCALES: Readonly<Record<Language, (calendar: string) => string>> = {
  ar: (calendar) => `ar-SA-u-ca-${calendar}-nu-arab`,
  en: (calendar) => `en-GB-u-ca-${calendar}`,
};
const HALALAS_PER_RIYAL = 100;
const RIYADH = 'Asia/Riyadh';

/** The BCP 47 locale the console formats with. */
export function localeOf(language: Language): string {
  return LOCALES[language];
}

/** The locale with a calendar: `gregory`, or `islamic-umalqura` for the Hijri date picker. */
export function calendarLocaleOf(
  language: Language,
  calendar: 'gregory' | 'islamic-umalqura',
): string {
  return CALENDAR_LOCALES[language](calendar);
}

/** `1,234` / `١٬٢٣٤`. */
export function formatNumber(language: Language, value: number): string {
  return new Intl.NumberFormat(LOCALES[language]).format(value);
}

/** Halalas (integers, 100 to the riyal) as riyals: `SAR 1,234.50` / `١٬٢٣٤٫٥٠ ر.س.‏`. */
export function formatRiyals(language: Language, halalas: number): string {
  return new Intl.NumberFormat(LOCALES[language], {
    style: 'currency',
    currency: 'SAR',
    minimumFractionDigits: 2,
  }).format(halalas / HALALAS_PER_RIYAL);
}

/** A signed change in riyals: `+SAR 12.00`. */
export function formatRiyalsChange(language: Language, halalas: number): string {
  return new Intl.NumberFormat(LOCALES[language], {
    style: 'currency',
    currency: 'SAR',
    minimumFractionDigits: 2,
    signDisplay: 'exceptZero',
  }).format(halalas / HALALAS_PER_RIYAL);
}

/** A signed count: `+12`. */
export function formatCountChange(language: Language, value: number): string {
  return new Intl.NumberFormat(LOCALES[language], { signDisplay: 'exceptZero' }).format(value);
}

/** A banking day `2026-03-10` as `10 Mar 2026` / `١٠ مارس ٢٠٢٦` (the day itself, no time zone shift). */
export function formatDate(language: Language, isoDate: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'medium',
    calendar: 'gregory',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** A moment (ISO 8601) as Riyadh's date and time. */
export function formatDateTime(language: Language, isoMoment: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    dateStyle: 'medium',
    timeStyle: 'short',
    calendar: 'gregory',
    timeZone: RIYADH,
  }).format(new Date(isoMoment));
}

/** A cycle `2026-03` as `March 2026` / `مارس ٢٠٢٦`. */
export function formatMonth(language: Language, cycle: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    month: 'long',
    year: 'numeric',
    calendar: 'gregory',
    timeZone: 'UTC',
  }).format(new Date(`${cycle}-01T00:00:00Z`));
}

/**
 * The API's Hijri date (`1448-09-25`, Umm al-Qura) written out: `25 Ramadan 1448 AH` /
 * `٢٥ رمضان ١٤٤٨ هـ`. The API's day is kept as it is: only its words and digits are localized.
 */
export function formatHijri(language: Language, hijri: string): string {
  const [year, month, day] = hijri.split('-').map(Number);
  if (!year || !month || !day) return hijri;
  const date = new CalendarDate(new IslamicUmalquraCalendar(), year, month, day).toDate('UTC');
  return new Intl.DateTimeFormat(calendarLocaleOf(language, 'islamic-umalqura'), {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(date);
}

/** This month in Riyadh, `2026-03`: the month page's default. */
export function currentCycle(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: RIYADH,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
}
