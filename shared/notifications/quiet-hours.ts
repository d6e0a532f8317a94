import { addDays } from '../calendar/calendar-date.ts';
import { riyadhDateOf, riyadhMinuteOfDay } from '../calendar/riyadh-clock.ts';

/**
 * Quiet hours in Riyadh time (no SMS from 22:00 to 08:00 by default). Saudi Arabia keeps UTC+3 all
 * year, so a Riyadh wall-clock time is an instant with a fixed `+03:00` offset.
 */

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the quiet hours around `now` end, or null if `now` is not inside them. The window may run
 * over midnight (`22:00` to `08:00`) or not (`13:00` to `15:00`).
 */
export function quietHoursEnd(
  now: Date,
  quietHours: { start: string; end: string } | null,
): Date | null {
  if (quietHours === null) return null;
  const minute = riyadhMinuteOfDay(now);
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const overMidnight = start > end;
  const inside = overMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  const today = riyadhDateOf(now);
  const endDay = overMidnight && minute >= start ? addDays(today, 1) : today;
  return new Date(`${endDay}T${quietHours.end}:00+03:00`);
}
