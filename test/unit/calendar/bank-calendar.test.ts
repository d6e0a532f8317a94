import { describe, expect, it } from 'vitest';
import { createBankCalendar } from '../../../shared/calendar/bank-calendar.ts';
import {
  bankCalendarDataSchema,
  parseCalendarFile,
} from '../../../shared/calendar/bank-calendar-data.ts';
import { bundledCalendarData } from '../../../shared/calendar/bundled-calendar.ts';
import { addDays, daysBetween, toYearMonthDay } from '../../../shared/calendar/calendar-date.ts';
import { InvalidCalendarDataError } from '../../../shared/calendar/errors.ts';
import { toHijri } from '../../../shared/calendar/hijri-date.ts';
import { calendarDeps, d, override } from '../../support/calendar.ts';

const { calendar } = calendarDeps();
const closedBy = (date: string) => {
  const status = calendar.dayStatus(d(date));
  return status.working ? 'working' : status.closedBy.kind;
};

describe('bank working days', () => {
  it('uses the Thursday-Friday weekend before 29 June 2013 and Friday-Saturday from then on', () => {
    expect(closedBy('2013-06-27')).toBe('weekend'); // Thursday, old weekend
    expect(closedBy('2013-06-22')).toBe('working'); // Saturday, old weekend
    expect(closedBy('2013-06-29')).toBe('weekend'); // Saturday, first day of the new weekend
    expect(closedBy('2013-07-04')).toBe('working'); // Thursday, new weekend
  });

  it('closes banks on National Day and Founding Day, and not on Flag Day', () => {
    expect(closedBy('2024-09-23')).toBe('fixed-holiday');
    expect(closedBy('2026-02-22')).toBe('fixed-holiday');
    expect(closedBy('2021-02-22')).toBe('working'); // Founding Day starts in 2022
    expect(closedBy('2025-03-11')).toBe('working'); // Flag Day is not a holiday
  });

  it('moves a holiday off the weekend the way SAMA does: Friday to Thursday, Saturday to Sunday', () => {
    expect(calendar.dayStatus(d('2022-09-22'))).toMatchObject({
      working: false,
      closedBy: { kind: 'fixed-holiday', observedFor: '2022-09-23' },
    });
    expect(calendar.dayStatus(d('2025-02-23'))).toMatchObject({
      working: false,
      closedBy: { kind: 'fixed-holiday', observedFor: '2025-02-22' },
    });
    expect(closedBy('2019-09-22')).toBe('working'); // 2019-09-23 was a Monday: nothing moves
  });

  it('closes every day of every announced Eid closure, and opens the day after it', () => {
    const { data } = bundledCalendarData();
    const announced = data.eidClosures.filter((row) => row.closure !== null);
    expect(announced).toHaveLength(22);
    for (const row of announced) {
      const closure = row.closure ?? { first: row.eidDate, last: row.eidDate };
      for (let day = closure.first; day <= closure.last; day = addDays(day, 1)) {
        expect(calendar.dayStatus(day), `${row.eid} ${day}`).toMatchObject({
          working: false,
          closedBy: { kind: 'eid-closure', closure: { basis: 'announced', eidDate: row.eidDate } },
        });
      }
      const after = calendar.dayStatus(addDays(closure.last, 1));
      expect(
        !after.working && after.closedBy.kind === 'eid-closure',
        `${row.eid} ${closure.last}`,
      ).toBe(false);
    }
  });

  it('keeps each Eid in the data within a day of its Umm al-Qura date', () => {
    for (const row of bundledCalendarData().data.eidClosures) {
      const expected = row.eid === 'eid-al-fitr' ? { month: 10, day: 1 } : { month: 12, day: 10 };
      const ummAlQura = calendar
        .eidClosuresOfYear(toYearMonthDay(row.eidDate).year)
        .find(
          (closure) => closure.eid === row.eid && closure.hijriYear === toHijri(row.eidDate).year,
        );
      expect(ummAlQura, `${row.eid} ${row.eidDate}`).toBeDefined();
      const hijri = toHijri(row.eidDate);
      const offByAtMostOne =
        (hijri.month === expected.month && Math.abs(hijri.day - expected.day) <= 1) ||
        (row.eid === 'eid-al-fitr' && hijri.month === 9 && hijri.day >= 29);
      expect(offByAtMostOne, `${row.eid} ${row.eidDate} is ${JSON.stringify(hijri)}`).toBe(true);
    }
  });

  it('derives a closure from the fallback rule for an Eid with no announcement', () => {
    const [fitr2017] = calendar
      .eidClosuresOfYear(2017)
      .filter((closure) => closure.eid === 'eid-al-fitr');
    expect(fitr2017).toMatchObject({
      basis: 'fallback',
      eidDate: '2017-06-25',
      first: '2017-06-23',
      last: '2017-06-28',
    });
    const [adha2019] = calendar
      .eidClosuresOfYear(2019)
      .filter((closure) => closure.eid === 'eid-al-adha');
    expect(adha2019?.basis).toBe('fallback');
    expect(
      daysBetween(adha2019?.first ?? d('2019-01-01'), adha2019?.eidDate ?? d('2019-01-01')),
    ).toBe(2);
  });

  it('lets ops close a day, open a day, and set a payment date, the override winning', () => {
    const withOverrides = calendarDeps([
      override({ kind: 'closed-day', date: '2026-12-15', reason: 'royal directive' }),
      override({ kind: 'open-day', date: '2027-03-08', reason: 'banks open for the payment' }),
    ]).calendar;
    expect(withOverrides.dayStatus(d('2026-12-15'))).toMatchObject({
      working: false,
      closedBy: { kind: 'closed-day-override', override: { reason: 'royal directive' } },
    });
    expect(withOverrides.isWorkingDay(d('2027-03-08'))).toBe(true); // inside the Eid al-Fitr closure
    expect(closedBy('2022-11-23')).toBe('closed-day-override'); // the shipped one-off holiday
  });

  it('refuses overrides that contradict each other or move a payment too far', () => {
    const { data } = bundledCalendarData();
    expect(() =>
      createBankCalendar(data, [
        override({ kind: 'closed-day', date: '2027-01-05' }),
        override({ kind: 'open-day', date: '2027-01-05' }),
      ]),
    ).toThrow(InvalidCalendarDataError);
    expect(() =>
      createBankCalendar(data, [
        override({ kind: 'payment-date', cycle: '2027-04', date: '2027-02-25' }),
      ]),
    ).toThrow(/own month or the month before/);
    expect(() => override({ kind: 'closed-day', date: '2027-01-05', reason: '  ' })).toThrow();
  });

  it('names the file and the field when the calendar data is malformed', () => {
    const { data } = bundledCalendarData();
    const broken = {
      ...data,
      eidClosures: [
        { ...data.eidClosures[0], closure: { first: '2015-07-22', last: '2015-07-16' } },
      ],
    };
    expect(() => parseCalendarFile(bankCalendarDataSchema, broken, 'bank-calendar.json')).toThrow(
      /bank-calendar.json is not valid: eidClosures\.0: closure.first must not be after closure.last/,
    );
    expect(() =>
      parseCalendarFile(bankCalendarDataSchema, { ...data, weekends: [] }, 'x.json'),
    ).toThrow(InvalidCalendarDataError);
  });
});
