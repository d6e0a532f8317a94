import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the calendar module's errors. */
export class CalendarError extends DafaaError {
  override readonly name: string = 'CalendarError';
}

/** A date, month or year that is not a real calendar value ("2027-13", "2026-02-30"). */
export class InvalidCalendarValueError extends CalendarError {
  override readonly name: string = 'InvalidCalendarValueError';
}

/**
 * A date outside the Umm al-Qura table that ICU carries (1 Muharram 1300 to 30 Dhu al-Hijjah 1600,
 * 1882-11-12 to 2174-11-25). Outside it ICU silently switches to an arithmetic calendar, so the
 * Hijri dates, and the Eid closures derived from them, would be quietly wrong.
 */
export class OutsideUmmAlQuraRangeError extends CalendarError {
  override readonly name: string = 'OutsideUmmAlQuraRangeError';
}

/** The bank-calendar data file or an override does not match its schema or contradicts itself. */
export class InvalidCalendarDataError extends CalendarError {
  override readonly name: string = 'InvalidCalendarDataError';
}

/** An override ops asked for that the calendar cannot take: bad fields, or in conflict with another. */
export class InvalidOverrideError extends CalendarError {
  override readonly name: string = 'InvalidOverrideError';
}
