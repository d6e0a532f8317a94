import { type IsoDate, isoDate } from './calendar-date.ts';

/**
 * The Riyadh calendar date at an instant. Saudi Arabia keeps UTC+3 all year, but the conversion goes
 * through the IANA zone so that the host's own time zone can never leak in.
 */
const riyadh = new Intl.DateTimeFormat('en-u-ca-gregory-nu-latn', {
  timeZone: 'Asia/Riyadh',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

export function riyadhDateOf(instant: Date): IsoDate {
  const parts = riyadh.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value);
  return isoDate(part('year'), part('month'), part('day'));
}
