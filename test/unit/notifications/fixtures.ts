import {
  addDays,
  type IsoDate,
  isoDate,
  toDayNumber,
} from '../../../shared/calendar/calendar-date.ts';
import {
  formatDate,
  formatWeekdayDayMonth,
  monthName,
} from '../../../shared/calendar/format-date.ts';
import type { Language } from '../../../shared/i18n/language.ts';
import {
  type Notification,
  type NotificationEvent,
  notificationSchema,
} from '../../../shared/notifications/notification.ts';
import { REASON_CODES } from '../../../shared/notifications/templates/reason-labels.ts';

/** Notifications as the cycle and the objection stream build them, validated by the real schema. */

export const NATIONAL_ID = '1012345678';
export const IBAN = 'SA0380000000608010167519';

const contact = {
  mobile: '0501234567',
  email: 'beneficiary@example.com',
  smsOptOut: false,
  emailOptOut: false,
};

function build(language: Language, event: NotificationEvent, payload: object): Notification {
  return notificationSchema.parse({
    notificationId: `n-${event}-${language}`,
    householdId: 'H00000001',
    language,
    contact,
    event,
    payload,
  });
}

/** One realistic notification per event in a language (a payment of 1,296 SAR, one reason, ...). */
export function realisticNotifications(language: Language): Notification[] {
  return [
    build(language, 'payment-deposited', {
      cycle: '2026-03',
      paymentNumber: 100,
      paymentDate: '2026-03-10',
      amountHalalas: 129_600,
      arrearsHalalas: 0,
    }),
    build(language, 'not-eligible', {
      cycle: '2026-03',
      paymentNumber: 100,
      paymentDate: '2026-03-10',
      reasons: ['data-mismatch'],
      objectionDeadline: '2026-06-08',
    }),
    build(language, 'objection-received', {
      objectionId: 'O-H00000001-2026-03-01',
      resultCycle: '2026-03',
    }),
    build(language, 'objection-under-review', {
      objectionId: 'O-H00000001-2026-03-01',
      resultCycle: '2026-03',
    }),
    build(language, 'objection-accepted', {
      objectionId: 'O-H00000001-2026-03-01',
      resultCycle: '2026-03',
      arrearsMonths: ['2026-03', '2026-04'],
      arrearsHalalas: 259_200,
      arrearsPaymentDate: '2026-05-10',
    }),
    build(language, 'objection-rejected', {
      objectionId: 'O-H00000001-2026-03-01',
      resultCycle: '2026-03',
      rejectionReason: 'الدخل المسجل لدى الجهات ذات العلاقة أعلى من الدخل المفصح عنه.',
    }),
  ];
}

/** The variants a realistic message may take: arrears with a payment, none due, no payment number. */
export function realisticVariants(language: Language): Notification[] {
  return [
    build(language, 'payment-deposited', {
      cycle: '2026-05',
      paymentNumber: 102,
      paymentDate: '2026-05-10',
      amountHalalas: 129_600,
      arrearsHalalas: 259_200,
    }),
    build(language, 'payment-deposited', {
      cycle: '2026-05',
      paymentNumber: null,
      paymentDate: '2026-05-10',
      amountHalalas: 50_000,
      arrearsHalalas: 0,
    }),
    build(language, 'objection-accepted', {
      objectionId: 'O-H00000001-2026-03-01',
      resultCycle: '2026-03',
      arrearsMonths: [],
      arrearsHalalas: 0,
      arrearsPaymentDate: null,
    }),
    build(language, 'not-eligible', {
      cycle: '2026-04',
      paymentNumber: 101,
      paymentDate: '2026-04-09',
      reasons: ['income-above-cutoff', 'in-prison'],
      objectionDeadline: '2026-07-08',
    }),
  ];
}

const dayRange = (first: string, last: string): IsoDate[] => {
  const start = toDayNumber(first as IsoDate);
  const count = toDayNumber(last as IsoDate) - start + 1;
  return Array.from({ length: count }, (_, index) => addDays(first as IsoDate, index));
};

/** The date whose written forms (with and without weekday) are longest in a language. */
export function longestDate(language: Language): IsoDate {
  const length = (date: IsoDate) =>
    formatDate(date, language).length + formatWeekdayDayMonth(date, language).length;
  return dayRange('2026-01-01', '2029-12-31').reduce((best, date) =>
    length(date) > length(best) ? date : best,
  );
}

/** The month whose name is longest in a language, as a `YYYY-MM` cycle in 2026. */
export function longestMonth(language: Language): string {
  let best = 1;
  for (let month = 2; month <= 12; month += 1) {
    if (monthName(month, language).length > monthName(best, language).length) best = month;
  }
  return isoDate(2026, best, 1).slice(0, 7);
}

export { build as buildNotification };

/** The longest objection id the budgets are held to. */
export const LONGEST_OBJECTION_ID = 'O-H00000001-2026-12-99';

const MONTHLY_MAXIMUM = 208_800;
const FIVE_MONTHS_OF_ARREARS = 5 * MONTHLY_MAXIMUM;

function allSubsets<T>(items: readonly T[]): T[][] {
  const subsets: T[][] = [];
  for (let mask = 1; mask < 2 ** items.length; mask += 1) {
    subsets.push(items.filter((_, index) => (mask & (2 ** index)) !== 0));
  }
  return subsets;
}

function fiveMonthsFrom(start: number): string[] {
  return Array.from({ length: 5 }, (_, index) => {
    const month = start + index;
    return isoDate(2026 + Math.floor((month - 1) / 12), ((month - 1) % 12) + 1, 1).slice(0, 7);
  });
}

/**
 * Every shape a message can take, with the longest values each field can hold: 2,088 SAR a month
 * and five months of arrears, payment 999, the longest date and month name of the language, the
 * longest objection id, every combination of reason codes (an unknown one too), every run of five
 * arrears months, with and without a payment date, with and without an email address.
 */
export function worstCaseNotifications(
  language: Language,
  event: NotificationEvent,
): Notification[] {
  const date = longestDate(language);
  const cycle = longestMonth(language);
  const objection = { objectionId: LONGEST_OBJECTION_ID, resultCycle: cycle };
  switch (event) {
    case 'payment-deposited':
      return [999, null].flatMap((paymentNumber) =>
        [0, FIVE_MONTHS_OF_ARREARS].map((arrearsHalalas) =>
          build(language, event, {
            cycle,
            paymentNumber,
            paymentDate: date,
            amountHalalas: MONTHLY_MAXIMUM,
            arrearsHalalas,
          }),
        ),
      );
    case 'not-eligible':
      return allSubsets([...REASON_CODES, 'a-reason-no-template-knows']).map((reasons) =>
        build(language, event, {
          cycle,
          paymentNumber: 999,
          paymentDate: date,
          reasons,
          objectionDeadline: date,
        }),
      );
    case 'objection-received':
    case 'objection-under-review':
      return [build(language, event, objection)];
    case 'objection-accepted': {
      const monthSets = [
        ...Array.from({ length: 12 }, (_, index) => fiveMonthsFrom(index + 1)),
        ...Array.from({ length: 12 }, (_, index) => fiveMonthsFrom(index + 1).slice(0, 1)),
        ['2026-01', '2026-03', '2026-05', '2026-07', '2026-09'],
        [],
      ];
      return [
        build(language, event, {
          ...objection,
          arrearsMonths: [],
          arrearsHalalas: 0,
          arrearsPaymentDate: null,
        }),
        ...monthSets.flatMap((arrearsMonths) =>
          [date, null].map((arrearsPaymentDate) =>
            build(language, event, {
              ...objection,
              arrearsMonths,
              arrearsHalalas: FIVE_MONTHS_OF_ARREARS,
              arrearsPaymentDate,
            }),
          ),
        ),
      ];
    }
    case 'objection-rejected':
      return [true, false].map((hasEmail) =>
        notificationSchema.parse({
          notificationId: `n-${event}-${language}`,
          householdId: 'H00000001',
          language,
          contact: { ...contact, email: hasEmail ? contact.email : null },
          event,
          payload: { ...objection, rejectionReason: 'x'.repeat(5_000) },
        }),
      );
  }
}
