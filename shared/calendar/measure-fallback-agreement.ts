import { createBankCalendar, type EidClosure } from './bank-calendar.ts';
import type { BankCalendarData, CalendarOverride } from './bank-calendar-data.ts';
import {
  type CycleId,
  cycleId,
  daysBetween,
  type IsoDate,
  toYearMonthDay,
} from './calendar-date.ts';
import { computeDisbursementDate } from './compute-disbursement-date.ts';
import type { PaymentSchedule } from './payment-schedule.ts';

/**
 * How well the fallback rule stands in for SAMA's announcements.
 * In: the bank-calendar data, the overrides and the payment schedule.
 * Out: for every year with an announced Eid closure, the twelve payment days computed with the
 * announcements and with that year's announcements replaced by the fallback rule, and how far the
 * two closures of each Eid overlap.
 */

export interface EidComparison {
  readonly eid: EidClosure['eid'];
  readonly announced: { readonly first: IsoDate; readonly last: IsoDate } | null;
  readonly fallback: { readonly first: IsoDate; readonly last: IsoDate };
  /** Days that both closures share, out of the days either one closes. */
  readonly sharedDays: number;
  readonly unionDays: number;
}

export interface YearAgreement {
  readonly year: number;
  readonly months: number;
  readonly agreeing: number;
  readonly differing: ReadonlyArray<{ cycle: CycleId; announced: IsoDate; fallback: IsoDate }>;
  readonly eids: readonly EidComparison[];
}

export function measureFallbackAgreement(
  data: BankCalendarData,
  overrides: readonly CalendarOverride[],
  schedule: PaymentSchedule,
): YearAgreement[] {
  const withAnnouncements = createBankCalendar(data, overrides);
  const announcedYears = [
    ...new Set(
      data.eidClosures
        .filter((row) => row.closure !== null)
        .map((row) => toYearMonthDay(row.eidDate).year),
    ),
  ].sort((a, b) => a - b);

  return announcedYears.map((year) => {
    const withFallback = createBankCalendar(data, overrides, {
      ignoreAnnouncementsOf: new Set([year]),
    });
    const differing: Array<{ cycle: CycleId; announced: IsoDate; fallback: IsoDate }> = [];
    for (let month = 1; month <= 12; month += 1) {
      const cycle = cycleId(year, month);
      const announced = computeDisbursementDate(
        { calendar: withAnnouncements, schedule },
        cycle,
      ).date;
      const fallback = computeDisbursementDate({ calendar: withFallback, schedule }, cycle).date;
      if (announced !== fallback) differing.push({ cycle, announced, fallback });
    }
    const eids = withFallback.eidClosuresOfYear(year).map((fallback) => {
      const announced = withAnnouncements
        .eidClosuresOfYear(year)
        .find((closure) => closure.eid === fallback.eid && closure.basis === 'announced');
      return compareClosures(fallback, announced);
    });
    return { year, months: 12, agreeing: 12 - differing.length, differing, eids };
  });
}

function compareClosures(fallback: EidClosure, announced: EidClosure | undefined): EidComparison {
  const fallbackSpan = { first: fallback.first, last: fallback.last };
  if (!announced) {
    const days = daysBetween(fallback.first, fallback.last) + 1;
    return {
      eid: fallback.eid,
      announced: null,
      fallback: fallbackSpan,
      sharedDays: 0,
      unionDays: days,
    };
  }
  const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
  const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
  const overlap =
    daysBetween(later(fallback.first, announced.first), earlier(fallback.last, announced.last)) + 1;
  const sharedDays = Math.max(0, overlap);
  const lengths =
    daysBetween(fallback.first, fallback.last) + daysBetween(announced.first, announced.last) + 2;
  return {
    eid: fallback.eid,
    announced: { first: announced.first, last: announced.last },
    fallback: fallbackSpan,
    sharedDays,
    unionDays: lengths - sharedDays,
  };
}
