import { type IsoDate, isoDate } from './calendar-date.ts';

/**
 * The Riyadh wall clock at an instant. Saudi Arabia keeps UTC+03:00 all year (no daylight saving;
 * the IANA zone Asia/Riyadh has had no other offset since local mean time ended in 1947), so the
 * wall clock is the instant three hours on, read in UTC. Plain arithmetic, not Intl: an
 * `Intl.DateTimeFormat` with a time zone cost ~25 ms of CPU to make (ICU loads its zone data),
 * paid at module load by every Lambda that imported this, and the host's time zone cannot leak
 * into UTC fields either. A property test holds it to Intl's Asia/Riyadh from 1947 on.
 */
export const RIYADH_UTC_OFFSET_HOURS = 3;

const OFFSET_MS = RIYADH_UTC_OFFSET_HOURS * 60 * 60 * 1000;

/** The instant moved by Riyadh's offset: its UTC fields are Riyadh's wall clock. */
function riyadhWallClock(instant: Date): Date {
  const time = instant.getTime();
  // As Intl's formatting of an invalid Date did.
  if (Number.isNaN(time)) throw new RangeError('Invalid time value');
  return new Date(time + OFFSET_MS);
}

/** The Riyadh calendar date at an instant. */
export function riyadhDateOf(instant: Date): IsoDate {
  const wall = riyadhWallClock(instant);
  return isoDate(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate());
}

/** Minutes since midnight on the Riyadh wall clock at an instant (0 to 1439). */
export function riyadhMinuteOfDay(instant: Date): number {
  const wall = riyadhWallClock(instant);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}
