import { type Language, localDigits } from '../i18n/language.ts';
import { type IsoDate, toYearMonthDay, type Weekday, weekdayOf } from './calendar-date.ts';
import type { HijriDate } from './hijri-date.ts';

/**
 * Dates as people read them, in Arabic and English. Names come from fixed tables rather than from
 * ICU's locale data, so the text is the same on every Node build (Saudi usage: يناير, not كانون الثاني).
 */

const GREGORIAN_MONTHS: Record<Language, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  ar: [
    'يناير',
    'فبراير',
    'مارس',
    'أبريل',
    'مايو',
    'يونيو',
    'يوليو',
    'أغسطس',
    'سبتمبر',
    'أكتوبر',
    'نوفمبر',
    'ديسمبر',
  ],
};

const WEEKDAYS: Record<Language, readonly string[]> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  ar: ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'],
};

const HIJRI_MONTHS: Record<Language, readonly string[]> = {
  en: [
    'Muharram',
    'Safar',
    'Rabi al-Awwal',
    'Rabi al-Thani',
    'Jumada al-Ula',
    'Jumada al-Akhirah',
    'Rajab',
    'Shaban',
    'Ramadan',
    'Shawwal',
    'Dhu al-Qadah',
    'Dhu al-Hijjah',
  ],
  ar: [
    'محرم',
    'صفر',
    'ربيع الأول',
    'ربيع الآخر',
    'جمادى الأولى',
    'جمادى الآخرة',
    'رجب',
    'شعبان',
    'رمضان',
    'شوال',
    'ذو القعدة',
    'ذو الحجة',
  ],
};

const at = (names: readonly string[], index: number): string => names[index] ?? '?';

export function weekdayName(weekday: Weekday, language: Language): string {
  return at(WEEKDAYS[language], weekday);
}

export function monthName(month: number, language: Language): string {
  return at(GREGORIAN_MONTHS[language], month - 1);
}

/** "11 Jan" / "١١ يناير" */
export function formatDayMonth(date: IsoDate, language: Language): string {
  const { month, day } = toYearMonthDay(date);
  return localDigits(`${day} ${monthName(month, language)}`, language);
}

/** "11 Jan 2026" / "١١ يناير ٢٠٢٦" */
export function formatDate(date: IsoDate, language: Language): string {
  const { year } = toYearMonthDay(date);
  return `${formatDayMonth(date, language)} ${localDigits(String(year), language)}`;
}

/** "Sunday 11 Jan" / "الأحد ١١ يناير" */
export function formatWeekdayDayMonth(date: IsoDate, language: Language): string {
  return `${weekdayName(weekdayOf(date), language)} ${formatDayMonth(date, language)}`;
}

/** "25 Ramadan 1448 AH" / "٢٥ رمضان ١٤٤٨ هـ" */
export function formatHijri({ year, month, day }: HijriDate, language: Language): string {
  const era = language === 'ar' ? 'هـ' : 'AH';
  return localDigits(`${day} ${at(HIJRI_MONTHS[language], month - 1)} ${year} ${era}`, language);
}

/** "5–13 Apr" or "29 Apr – 7 May" (and the Arabic equivalents). */
export function formatDayRange(first: IsoDate, last: IsoDate, language: Language): string {
  const a = toYearMonthDay(first);
  const b = toYearMonthDay(last);
  if (a.year === b.year && a.month === b.month) {
    return localDigits(`${a.day}–${b.day} ${monthName(b.month, language)}`, language);
  }
  return `${formatDayMonth(first, language)} – ${formatDayMonth(last, language)}`;
}
