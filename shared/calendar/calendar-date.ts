import * as z from '../validation/zod.ts';
import { InvalidCalendarValueError } from './errors.ts';

/**
 * Plain calendar dates, as Riyadh sees them: `YYYY-MM-DD` strings and `YYYY-MM` months, with the
 * arithmetic done on whole day numbers. No `Date`, so the host's time zone can never shift a day.
 */

declare const isoDateBrand: unique symbol;
declare const cycleIdBrand: unique symbol;

/** A Gregorian calendar date, `YYYY-MM-DD`. Sorts and compares correctly as a string. */
export type IsoDate = string & { readonly [isoDateBrand]: true };

/** A Gregorian month, `YYYY-MM`: the id of a monthly payment cycle. */
export type CycleId = string & { readonly [cycleIdBrand]: true };

/** 0 = Sunday ... 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const WEEKDAY_CODES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export type WeekdayCode = (typeof WEEKDAY_CODES)[number];

export interface YearMonthDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CYCLE_ID = /^(\d{4})-(\d{2})$/;

export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isRealDate({ year, month, day }: YearMonthDay): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Builds an `IsoDate`, refusing values that are not a real Gregorian date. */
export function isoDate(year: number, month: number, day: number): IsoDate {
  if (!isRealDate({ year, month, day })) {
    throw new InvalidCalendarValueError(
      `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} is not a calendar date`,
    );
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` as IsoDate;
}

/** Parses `YYYY-MM-DD`, refusing anything else with a message that names the value. */
export function parseIsoDate(text: string): IsoDate {
  const match = ISO_DATE.exec(text);
  if (!match) {
    throw new InvalidCalendarValueError(`"${text}" is not a date: expected YYYY-MM-DD`);
  }
  if (!isRealDate({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) })) {
    throw new InvalidCalendarValueError(`${text} is not a calendar date`);
  }
  // The pattern matched: the text is already in the form `isoDate` would build, so it is not built
  // again (the cycle parses a few dates per household).
  return text as IsoDate;
}

/** Parses `YYYY-MM`, refusing anything else ("2027-13" has no month 13). */
export function parseCycleId(text: string): CycleId {
  const match = CYCLE_ID.exec(text);
  if (!match) {
    throw new InvalidCalendarValueError(`"${text}" is not a month: expected YYYY-MM`);
  }
  return cycleId(Number(match[1]), Number(match[2]));
}

export function cycleId(year: number, month: number): CycleId {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || month < 1 || month > 12) {
    throw new InvalidCalendarValueError(
      `${pad(year, 4)}-${pad(month, 2)} is not a month: months run from 01 to 12`,
    );
  }
  return `${pad(year, 4)}-${pad(month, 2)}` as CycleId;
}

/** A string schema that gives what `parse` makes of the text, its error's message as the issue. */
const parsedText = <T>(parse: (text: string) => T) =>
  z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      try {
        return parse(text);
      } catch (error) {
        ctx.issues.push({ code: 'custom', message: (error as Error).message, input: text });
        return z.NEVER;
      }
    }),
  );

/** zod schemas that check the value is real and produce the branded type. */
export const isoDateSchema = /* @__PURE__ */ z.onFirstUse(() => parsedText(parseIsoDate));

export const cycleIdSchema = /* @__PURE__ */ z.onFirstUse(() => parsedText(parseCycleId));

export function toYearMonthDay(date: IsoDate): YearMonthDay {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

export function cycleYearMonth(cycle: CycleId): { year: number; month: number } {
  return { year: Number(cycle.slice(0, 4)), month: Number(cycle.slice(5, 7)) };
}

/** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = toYearMonthDay(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The inverse of `toDayNumber`. */
export function fromDayNumber(dayNumber: number): IsoDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return isoDate(year, month, day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 1970-01-01 was a Thursday. */
export function weekdayOf(date: IsoDate): Weekday {
  return ((((toDayNumber(date) + 4) % 7) + 7) % 7) as Weekday;
}

export function weekdayCode(date: IsoDate): WeekdayCode {
  return WEEKDAY_CODES[weekdayOf(date)] as WeekdayCode;
}

export function addMonths(cycle: CycleId, months: number): CycleId {
  const { year, month } = cycleYearMonth(cycle);
  const index = year * 12 + (month - 1) + months;
  return cycleId(Math.floor(index / 12), (index % 12) + 1);
}

/** Whole months from `from` to `to` (positive when `to` is later). */
export function monthsBetween(from: CycleId, to: CycleId): number {
  const a = cycleYearMonth(from);
  const b = cycleYearMonth(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export function cycleOf(date: IsoDate): CycleId {
  return date.slice(0, 7) as CycleId;
}

/** Every cycle from `from` to `to`, both included. */
export function cyclesBetween(from: CycleId, to: CycleId): CycleId[] {
  const count = monthsBetween(from, to);
  return Array.from({ length: Math.max(0, count + 1) }, (_, index) => addMonths(from, index));
}
