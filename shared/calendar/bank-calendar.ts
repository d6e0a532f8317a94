import type {
  BankCalendarData,
  CalendarOverride,
  ClosedDayOverride,
  EidClosureRow,
  EidKind,
  FixedHoliday,
  OpenDayOverride,
  PaymentDateOverride,
  WeekendEra,
} from './bank-calendar-data.ts';
import {
  addDays,
  type CycleId,
  cycleOf,
  type IsoDate,
  isoDate,
  monthsBetween,
  toYearMonthDay,
  WEEKDAY_CODES,
  type Weekday,
  weekdayOf,
} from './calendar-date.ts';
import { InvalidCalendarDataError } from './errors.ts';
import {
  findHijriDays,
  HIJRI_MONTH,
  toHijri,
  UMM_AL_QURA_FIRST_DAY,
  UMM_AL_QURA_LAST_DAY,
} from './hijri-date.ts';

/**
 * The Saudi bank calendar: is a day a working day for banks, and if not, why not. Built from the
 * bank-calendar data (weekend eras, fixed holidays, announced Eid closures, the fallback rule for
 * Eids without an announcement) and the ops overrides, which win over everything else.
 */

/** A bank closure around one Eid, as announced by SAMA or as derived by the fallback rule. */
export interface EidClosure {
  readonly eid: EidKind;
  readonly hijriYear: number;
  readonly eidDate: IsoDate;
  readonly first: IsoDate;
  readonly last: IsoDate;
  readonly basis: 'announced' | 'fallback';
  readonly source: string;
}

export type ClosedBy =
  | { readonly kind: 'weekend'; readonly weekday: Weekday }
  | {
      readonly kind: 'fixed-holiday';
      readonly holiday: FixedHoliday;
      readonly observedFor?: IsoDate;
    }
  | { readonly kind: 'eid-closure'; readonly closure: EidClosure }
  | { readonly kind: 'closed-day-override'; readonly override: ClosedDayOverride };

export type DayStatus =
  | { readonly working: true; readonly openedBy?: OpenDayOverride }
  | { readonly working: false; readonly closedBy: ClosedBy };

export interface BankCalendar {
  readonly dataVersion: string;
  dayStatus(date: IsoDate): DayStatus;
  isWorkingDay(date: IsoDate): boolean;
  /** The weekend days of the era the date falls in: [first, second]. */
  weekendOf(date: IsoDate): readonly [Weekday, Weekday];
  /** The Eid closures (announced or fallback) of Eids that fall in a Gregorian year. */
  eidClosuresOfYear(year: number): readonly EidClosure[];
  paymentDateOverride(cycle: CycleId): PaymentDateOverride | undefined;
}

export interface BankCalendarOptions {
  /** Leave out the announced closures of these Gregorian years (used to measure the fallback rule). */
  readonly ignoreAnnouncementsOf?: ReadonlySet<number>;
}

const eidHijriDay: Record<EidKind, { month: number; day: number }> = {
  'eid-al-fitr': { month: HIJRI_MONTH.shawwal, day: 1 },
  'eid-al-adha': { month: HIJRI_MONTH.dhuAlHijjah, day: 10 },
};

export function createBankCalendar(
  data: BankCalendarData,
  overrides: readonly CalendarOverride[],
  options: BankCalendarOptions = {},
): BankCalendar {
  const weekendEras = [...data.weekends].sort((a, b) => a.from.localeCompare(b.from));
  const { closedDays, openDays, paymentDates } = indexOverrides(overrides);
  const announced = indexAnnouncements(data.eidClosures, options.ignoreAnnouncementsOf);
  const closuresByYear = new Map<number, readonly EidClosure[]>();

  function weekendEra(date: IsoDate): WeekendEra {
    const era = weekendEras.findLast((candidate) => candidate.from <= date);
    if (!era) {
      throw new InvalidCalendarDataError(`the bank calendar has no weekend rule for ${date}`);
    }
    return era;
  }

  function weekendOf(date: IsoDate): readonly [Weekday, Weekday] {
    const [first, second] = weekendEra(date).days;
    return [WEEKDAY_CODES.indexOf(first) as Weekday, WEEKDAY_CODES.indexOf(second) as Weekday];
  }

  function eidClosuresOfYear(year: number): readonly EidClosure[] {
    const cached = closuresByYear.get(year);
    if (cached) return cached;
    const closures = (Object.keys(eidHijriDay) as EidKind[]).flatMap((eid) => {
      const { month, day } = eidHijriDay[eid];
      return findHijriDaysInTable(isoDate(year, 1, 1), isoDate(year, 12, 31), month, day).map(
        (ummAlQuraEid) => {
          const hijriYear = toHijri(ummAlQuraEid).year;
          const row = announced.get(announcementKey(eid, hijriYear));
          if (row?.closure) {
            return {
              eid,
              hijriYear,
              eidDate: row.eidDate,
              ...row.closure,
              basis: 'announced',
              source: row.source,
            } as const;
          }
          const eidDate = row?.eidDate ?? ummAlQuraEid;
          const span = data.fallbackClosure[eid];
          return {
            eid,
            hijriYear,
            eidDate,
            first: addDays(eidDate, -span.daysBeforeEid),
            last: addDays(eidDate, span.daysAfterEid),
            basis: 'fallback',
            source: `fallback rule: ${span.daysBeforeEid} days before to ${span.daysAfterEid} days after Eid, no SAMA announcement on file`,
          } as const;
        },
      );
    });
    closuresByYear.set(year, closures);
    return closures;
  }

  function eidClosureOn(date: IsoDate): EidClosure | undefined {
    const { year } = toYearMonthDay(date);
    for (const candidateYear of [year - 1, year, year + 1]) {
      const closure = eidClosuresOfYear(candidateYear).find(
        (candidate) => candidate.first <= date && date <= candidate.last,
      );
      if (closure) return closure;
    }
    return undefined;
  }

  function fixedHolidayOn(date: IsoDate): Extract<ClosedBy, { kind: 'fixed-holiday' }> | undefined {
    const { year } = toYearMonthDay(date);
    for (const holiday of data.fixedHolidays) {
      if (year < holiday.since) continue;
      const actual = isoDate(year, holiday.month, holiday.day);
      if (actual === date) return { kind: 'fixed-holiday', holiday };
      if (holiday.weekendShiftSince === null || year < holiday.weekendShiftSince) continue;
      const [firstWeekendDay, secondWeekendDay] = weekendOf(actual);
      const weekday = weekdayOf(actual);
      const observed =
        weekday === firstWeekendDay
          ? addDays(actual, -1)
          : weekday === secondWeekendDay
            ? addDays(actual, 1)
            : undefined;
      if (observed === date) return { kind: 'fixed-holiday', holiday, observedFor: actual };
    }
    return undefined;
  }

  function dayStatus(date: IsoDate): DayStatus {
    const opened = openDays.get(date);
    if (opened) return { working: true, openedBy: opened };
    const closedOverride = closedDays.get(date);
    if (closedOverride) {
      return {
        working: false,
        closedBy: { kind: 'closed-day-override', override: closedOverride },
      };
    }
    const eidClosure = eidClosureOn(date);
    if (eidClosure)
      return { working: false, closedBy: { kind: 'eid-closure', closure: eidClosure } };
    const fixedHoliday = fixedHolidayOn(date);
    if (fixedHoliday) return { working: false, closedBy: fixedHoliday };
    const weekday = weekdayOf(date);
    if (weekendOf(date).includes(weekday)) {
      return { working: false, closedBy: { kind: 'weekend', weekday } };
    }
    return { working: true };
  }

  return {
    dataVersion: data.version,
    dayStatus,
    isWorkingDay: (date) => dayStatus(date).working,
    weekendOf,
    eidClosuresOfYear,
    paymentDateOverride: (cycle) => paymentDates.get(cycle),
  };
}

/** `findHijriDays`, clipped to the Umm al-Qura table: a year at its edge has Eids only inside it. */
function findHijriDaysInTable(from: IsoDate, to: IsoDate, month: number, day: number): IsoDate[] {
  const first = from < UMM_AL_QURA_FIRST_DAY ? UMM_AL_QURA_FIRST_DAY : from;
  const last = to > UMM_AL_QURA_LAST_DAY ? UMM_AL_QURA_LAST_DAY : to;
  return first <= last ? findHijriDays(first, last, month, day) : [];
}

const announcementKey = (eid: EidKind, hijriYear: number): string => `${eid}/${hijriYear}`;

function indexAnnouncements(
  rows: readonly EidClosureRow[],
  ignoredYears: ReadonlySet<number> | undefined,
): Map<string, EidClosureRow> {
  const index = new Map<string, EidClosureRow>();
  for (const row of rows) {
    const key = announcementKey(row.eid, toHijri(row.eidDate).year);
    if (index.has(key)) {
      throw new InvalidCalendarDataError(`the bank calendar lists ${row.eid} ${row.eidDate} twice`);
    }
    if (ignoredYears?.has(toYearMonthDay(row.eidDate).year)) continue;
    index.set(key, row);
  }
  return index;
}

function indexOverrides(overrides: readonly CalendarOverride[]) {
  const closedDays = new Map<IsoDate, ClosedDayOverride>();
  const openDays = new Map<IsoDate, OpenDayOverride>();
  const paymentDates = new Map<CycleId, PaymentDateOverride>();
  for (const override of overrides) {
    if (override.kind === 'payment-date') {
      if (paymentDates.has(override.cycle)) {
        throw new InvalidCalendarDataError(`two payment-date overrides for ${override.cycle}`);
      }
      const monthsEarly = monthsBetween(cycleOf(override.date), override.cycle);
      if (monthsEarly !== 0 && monthsEarly !== 1) {
        throw new InvalidCalendarDataError(
          `the payment-date override for ${override.cycle} puts it on ${override.date}: ` +
            'a cycle can only be paid in its own month or the month before',
        );
      }
      paymentDates.set(override.cycle, override);
      continue;
    }
    if (closedDays.has(override.date) || openDays.has(override.date)) {
      throw new InvalidCalendarDataError(`two day overrides for ${override.date}`);
    }
    if (override.kind === 'closed-day') closedDays.set(override.date, override);
    else openDays.set(override.date, override);
  }
  return { closedDays, openDays, paymentDates };
}
