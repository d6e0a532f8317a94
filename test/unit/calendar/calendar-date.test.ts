import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  cyclesBetween,
  fromDayNumber,
  isoDate,
  monthsBetween,
  parseCycleId,
  parseIsoDate,
  toDayNumber,
  weekdayCode,
} from '../../../shared/calendar/calendar-date.ts';
import { InvalidCalendarValueError } from '../../../shared/calendar/errors.ts';
import { riyadhDateOf, riyadhMinuteOfDay } from '../../../shared/calendar/riyadh-clock.ts';
import { c, d } from '../../support/calendar.ts';

describe('calendar dates', () => {
  it('round-trips every day between 1882 and 2175 through day numbers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber(d('1882-01-01')), max: toDayNumber(d('2175-12-31')) }),
        (n) => {
          expect(toDayNumber(fromDayNumber(n))).toBe(n);
          expect(toDayNumber(addDays(fromDayNumber(n), 1))).toBe(n + 1);
        },
      ),
    );
  });

  it('agrees with the ECMAScript UTC calendar on day numbers and weekdays', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const text = instant.toISOString().slice(0, 10);
          const date = parseIsoDate(text);
          expect(toDayNumber(date)).toBe(Math.floor(instant.getTime() / 86_400_000));
          expect(weekdayCode(date)).toBe(
            ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][instant.getUTCDay()],
          );
        },
      ),
    );
  });

  it('knows the weekdays the program lives by', () => {
    expect(weekdayCode(d('2026-01-10'))).toBe('Sat');
    expect(weekdayCode(d('2027-03-04'))).toBe('Thu');
    expect(weekdayCode(d('2013-06-29'))).toBe('Sat');
  });

  it('refuses dates and months that do not exist', () => {
    expect(() => parseIsoDate('2026-02-29')).toThrow(InvalidCalendarValueError);
    expect(() => parseIsoDate('2024-13-01')).toThrow(InvalidCalendarValueError);
    expect(() => parseIsoDate('10/03/2027')).toThrow(/expected YYYY-MM-DD/);
    expect(() => parseCycleId('2027-13')).toThrow(/months run from 01 to 12/);
    expect(() => parseCycleId('2027-00')).toThrow(InvalidCalendarValueError);
    expect(() => isoDate(2027, 4, 31)).toThrow(InvalidCalendarValueError);
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
  });

  it('counts months across years', () => {
    expect(addMonths(c('2017-12'), 37)).toBe('2021-01');
    expect(addMonths(c('2027-01'), -1)).toBe('2026-12');
    expect(monthsBetween(c('2017-12'), c('2026-03'))).toBe(99);
    expect(cyclesBetween(c('2026-11'), c('2027-02'))).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });
});

describe('riyadhDateOf', () => {
  it('gives the Riyadh date, which runs three hours ahead of UTC', () => {
    expect(riyadhDateOf(new Date('2026-11-21T20:59:59Z'))).toBe('2026-11-21');
    expect(riyadhDateOf(new Date('2026-11-21T21:00:00Z'))).toBe('2026-11-22');
    expect(riyadhDateOf(new Date('2027-03-03T23:30:00-08:00'))).toBe('2027-03-04');
  });

  it('agrees with Intl in Asia/Riyadh on the date and the minute, at any instant since 1947', () => {
    // Arrange: the IANA zone's own reading, which the UTC+3 arithmetic replaces.
    const intl = new Intl.DateTimeFormat('en-u-ca-gregory-nu-latn-hc-h23', {
      timeZone: 'Asia/Riyadh',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('1947-03-14T00:00:00Z'),
          max: Date.parse('2200-12-31T23:59:59Z'),
        }),
        (time) => {
          // Act
          const instant = new Date(time);
          const parts = intl.formatToParts(instant);
          const part = (type: Intl.DateTimeFormatPartTypes) =>
            Number(parts.find((candidate) => candidate.type === type)?.value);
          // Assert
          expect(riyadhDateOf(instant)).toBe(isoDate(part('year'), part('month'), part('day')));
          expect(riyadhMinuteOfDay(instant)).toBe(part('hour') * 60 + part('minute'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses an invalid Date as Intl did', () => {
    expect(() => riyadhDateOf(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => riyadhMinuteOfDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
