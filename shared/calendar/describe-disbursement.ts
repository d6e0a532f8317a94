import type { Language } from '../i18n/language.ts';
import type { ClosedBy } from './bank-calendar.ts';
import type { Disbursement } from './compute-disbursement-date.ts';
import { formatDate, formatDayRange, formatWeekdayDayMonth, weekdayName } from './format-date.ts';

/**
 * The reason a cycle pays on its date, as one sentence in Arabic or English:
 * "10 Jan 2026 is a Saturday: paid Sunday 11 Jan".
 */
export function describeDisbursement(disbursement: Disbursement, language: Language): string {
  return language === 'ar' ? describeInArabic(disbursement) : describeInEnglish(disbursement);
}

const EID_NAMES = {
  en: { 'eid-al-fitr': 'Eid al-Fitr', 'eid-al-adha': 'Eid al-Adha' },
  ar: { 'eid-al-fitr': 'عيد الفطر', 'eid-al-adha': 'عيد الأضحى' },
} as const;

function describeInEnglish({ nominalDate, date, reason }: Disbursement): string {
  const nominal = formatDate(nominalDate, 'en');
  const paidOn = formatWeekdayDayMonth(date, 'en');
  switch (reason.kind) {
    case 'regular':
      return `${nominal} is a working day: paid on the 10th`;
    case 'weekend-shift':
      return `${nominal} is a ${weekdayName(reason.weekday, 'en')}: paid ${paidOn}`;
    case 'closed': {
      const closedDay =
        reason.weekendWeekday === undefined
          ? nominal
          : `${nominal} is a ${weekdayName(reason.weekendWeekday, 'en')} and ${formatWeekdayDayMonth(reason.closedDate, 'en')}`;
      return `${closedDay} ${closureInEnglish(reason.closedBy)}: paid on the last working day before it, ${paidOn}`;
    }
    case 'announced':
      return `announced by the program (${reason.override.reason}): paid ${paidOn}`;
  }
}

function closureInEnglish(closedBy: ClosedBy): string {
  switch (closedBy.kind) {
    case 'eid-closure': {
      const { closure } = closedBy;
      const range = formatDayRange(closure.first, closure.last, 'en');
      return closure.basis === 'announced'
        ? `falls in SAMA's ${EID_NAMES.en[closure.eid]} bank closure (${range})`
        : `falls in the ${EID_NAMES.en[closure.eid]} bank closure expected by the fallback rule (${range}, not announced)`;
    }
    case 'fixed-holiday':
      return closedBy.observedFor === undefined
        ? `is ${closedBy.holiday.name.en}`
        : `is the bank holiday for ${closedBy.holiday.name.en} (${formatDate(closedBy.observedFor, 'en')})`;
    case 'closed-day-override':
      return `is a bank holiday (${closedBy.override.reason})`;
    case 'weekend':
      return `is a ${weekdayName(closedBy.weekday, 'en')}`;
  }
}

function describeInArabic({ nominalDate, date, reason }: Disbursement): string {
  const nominal = formatDate(nominalDate, 'ar');
  const paidOn = formatWeekdayDayMonth(date, 'ar');
  switch (reason.kind) {
    case 'regular':
      return `${nominal} يوم عمل: الصرف في العاشر من الشهر`;
    case 'weekend-shift':
      return `${nominal} يوافق يوم ${weekdayName(reason.weekday, 'ar')}: الصرف يوم ${paidOn}`;
    case 'closed': {
      const closedDay =
        reason.weekendWeekday === undefined
          ? nominal
          : `${nominal} يوافق يوم ${weekdayName(reason.weekendWeekday, 'ar')} و${formatWeekdayDayMonth(reason.closedDate, 'ar')}`;
      return `${closedDay} ${closureInArabic(reason.closedBy)}: الصرف في آخر يوم عمل قبلها، ${paidOn}`;
    }
    case 'announced':
      return `موعد أعلنه البرنامج (${reason.override.reason}): الصرف يوم ${paidOn}`;
  }
}

function closureInArabic(closedBy: ClosedBy): string {
  switch (closedBy.kind) {
    case 'eid-closure': {
      const { closure } = closedBy;
      const range = formatDayRange(closure.first, closure.last, 'ar');
      const which =
        closure.basis === 'announced'
          ? 'إجازة البنوك المعلنة من ساما'
          : 'إجازة البنوك المتوقعة (تقدير دون إعلان)';
      return `يقع ضمن ${which} ل${EID_NAMES.ar[closure.eid]} (${range})`;
    }
    case 'fixed-holiday':
      return closedBy.observedFor === undefined
        ? `يوافق ${closedBy.holiday.name.ar}`
        : `إجازة البنوك عن ${closedBy.holiday.name.ar} (${formatDate(closedBy.observedFor, 'ar')})`;
    case 'closed-day-override':
      return `إجازة بنكية (${closedBy.override.reason})`;
    case 'weekend':
      return `يوافق يوم ${weekdayName(closedBy.weekday, 'ar')}`;
  }
}
