import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CycleId,
  cycleId,
  cycleOf,
  cycleYearMonth,
  daysBetween,
  isoDate,
  monthsBetween,
} from '../../../shared/calendar/calendar-date.ts';
import {
  computeDisbursementDate,
  type DisbursementDeps,
} from '../../../shared/calendar/compute-disbursement-date.ts';
import { describeDisbursement } from '../../../shared/calendar/describe-disbursement.ts';
import { OutsideUmmAlQuraRangeError } from '../../../shared/calendar/errors.ts';
import {
  cycleOfPaymentNumber,
  defaultPaymentSchedule,
} from '../../../shared/calendar/payment-schedule.ts';
import { c, calendarDeps, override } from '../../support/calendar.ts';

const deps = calendarDeps();
const dateOf = (cycle: string) => computeDisbursementDate(deps, c(cycle)).date;

describe('computeDisbursementDate', () => {
  it('pays on the 10th when it is a working day', () => {
    expect(computeDisbursementDate(deps, c('2026-03'))).toMatchObject({
      date: '2026-03-10',
      reason: { kind: 'regular' },
    });
  });

  it('pays a Friday 10th on Thursday the 9th and a Saturday 10th on Sunday the 11th', () => {
    expect(dateOf('2024-05')).toBe('2024-05-09');
    expect(computeDisbursementDate(deps, c('2026-01'))).toMatchObject({
      date: '2026-01-11',
      reason: { kind: 'weekend-shift', weekday: 6 },
    });
  });

  // Worked out by hand for the months each announced closure touches: the weekday of the 10th,
  // then the closure. Months whose 10th is clear of the closure are here too, to prove it does not leak.
  it.each([
    ['2015-07', '2015-07-09'], // Fri 10th; Eid al-Fitr closure starts the 16th
    ['2018-08', '2018-08-09'], // Fri 10th; Eid al-Adha closure 17-25 Aug
    ['2019-06', '2019-06-10'], // Mon 10th; closure ended Sat 8 Jun
    ['2020-08', '2020-08-10'], // Mon 10th; closure ended Tue 4 Aug
    ['2021-05', '2021-05-10'], // Mon 10th; closure starts the 11th
    ['2021-07', '2021-07-11'], // Sat 10th -> Sun 11th; closure starts the 16th
    ['2022-05', '2022-05-10'], // Tue 10th; closure ended Sat 7 May
    ['2022-07', '2022-07-06'], // Sun 10th inside 7-12 Jul -> Wed 6 Jul
    ['2023-04', '2023-04-10'], // Mon 10th; closure 18-24 Apr
    ['2023-07', '2023-07-10'], // Mon 10th; closure ended Sat 1 Jul
    ['2024-04', '2024-04-04'], // Wed 10th inside 5-13 Apr -> Thu 4 Apr
    ['2024-06', '2024-06-10'], // Mon 10th; closure 14-22 Jun
    ['2025-04', '2025-04-10'], // Thu 10th; closure ended Wed 2 Apr
    ['2025-06', '2025-06-04'], // Tue 10th inside 5-10 Jun -> Wed 4 Jun
    ['2026-03', '2026-03-10'], // Tue 10th; closure 17-23 Mar
    ['2026-05', '2026-05-10'], // Sun 10th; closure 24-28 May
    ['2027-03', '2027-03-04'], // Wed 10th inside 7-11 Mar -> Thu 4 Mar
    ['2027-05', '2027-05-10'], // Mon 10th; closure 16-20 May
    ['2028-03', '2028-03-09'], // Fri 10th -> Thu 9th; closure ended Thu 2 Mar
    ['2028-05', '2028-05-10'], // Wed 10th, the day banks reopen after 3-9 May
    ['2029-02', '2029-02-11'], // Sat 10th -> Sun 11th; closure 12-18 Feb starts the day after
    ['2029-04', '2029-04-10'], // Tue 10th; closure 22-26 Apr
  ])('pays cycle %s on %s', (cycle, expected) => {
    expect(dateOf(cycle)).toBe(expected);
  });

  it('pays before the closure when the weekend moves the 10th into one', () => {
    const closedSunday = calendarDeps([
      override({ kind: 'closed-day', date: '2026-01-11', reason: 'extra holiday' }),
    ]);
    const result = computeDisbursementDate(closedSunday, c('2026-01'));
    expect(result).toMatchObject({
      date: '2026-01-08',
      reason: { kind: 'closed', closedDate: '2026-01-11', weekendWeekday: 6 },
    });
    expect(describeDisbursement(result, 'en')).toBe(
      '10 Jan 2026 is a Saturday and Sunday 11 Jan is a bank holiday (extra holiday): paid on the last working day before it, Thursday 8 Jan',
    );
  });

  it('honours a payment date the program announced, even in the month before', () => {
    const announced = calendarDeps([
      override({
        kind: 'payment-date',
        cycle: '2027-04',
        date: '2027-03-31',
        reason: 'paid early for Eid',
      }),
    ]);
    const result = computeDisbursementDate(announced, c('2027-04'));
    expect(result).toMatchObject({ date: '2027-03-31', reason: { kind: 'announced' } });
    expect(describeDisbursement(result, 'en')).toBe(
      'announced by the program (paid early for Eid): paid Wednesday 31 Mar',
    );
  });

  it('numbers payments from December 2017 = 1', () => {
    expect(computeDisbursementDate(deps, c('2017-12')).paymentNumber).toBe(1);
    expect(computeDisbursementDate(deps, c('2021-01')).paymentNumber).toBe(38);
    expect(computeDisbursementDate(deps, c('2026-03')).paymentNumber).toBe(100);
    expect(computeDisbursementDate(deps, c('2027-03')).paymentNumber).toBe(112);
    expect(computeDisbursementDate(deps, c('2017-11')).paymentNumber).toBeNull();
    expect(cycleOfPaymentNumber(defaultPaymentSchedule, 100)).toBe('2026-03');
  });

  it('follows the numbering anchor in the configuration', () => {
    const shifted = {
      ...deps,
      schedule: {
        ...defaultPaymentSchedule,
        numberingAnchor: { cycle: c('2021-02'), paymentNumber: 38 },
      },
    };
    expect(computeDisbursementDate(shifted, c('2021-02')).paymentNumber).toBe(38);
  });

  it('computes the first and last months the Umm al-Qura table covers', () => {
    expect(computeDisbursementDate(deps, c('1882-12')).date).toBe('1882-12-10');
    expect(computeDisbursementDate(deps, c('2174-11')).date).toMatch(/^2174-11-/);
  });

  it('refuses months outside the Umm al-Qura table', () => {
    expect(() => computeDisbursementDate(deps, c('1700-01'))).toThrow(OutsideUmmAlQuraRangeError);
    expect(() => computeDisbursementDate(deps, c('2175-01'))).toThrow(OutsideUmmAlQuraRangeError);
  });

  it('explains itself in English and Arabic', () => {
    const january = computeDisbursementDate(deps, c('2026-01'));
    expect(describeDisbursement(january, 'en')).toBe(
      '10 Jan 2026 is a Saturday: paid Sunday 11 Jan',
    );
    expect(describeDisbursement(january, 'ar')).toBe(
      '١٠ يناير ٢٠٢٦ يوافق يوم السبت: الصرف يوم الأحد ١١ يناير',
    );
    const eid = describeDisbursement(computeDisbursementDate(deps, c('2024-04')), 'ar');
    expect(eid).toContain('عيد الفطر');
    expect(eid).not.toMatch(/[0-9]/);
  });
});

/** A bank working day, in the cycle's month or the one before, at most a day after the 10th. */
function expectAPaymentDay(cycleDeps: DisbursementDeps, cycle: CycleId): void {
  const { date, nominalDate } = computeDisbursementDate(cycleDeps, cycle);
  expect(cycleDeps.calendar.isWorkingDay(date)).toBe(true);
  expect([0, 1]).toContain(monthsBetween(cycleOf(date), cycle));
  expect(daysBetween(nominalDate, date)).toBeLessThanOrEqual(1);
}

describe('computeDisbursementDate, for every month from 1990 to 2100', () => {
  const anyCycle = fc
    .record({ year: fc.integer({ min: 1990, max: 2100 }), month: fc.integer({ min: 1, max: 12 }) })
    .map(({ year, month }) => cycleId(year, month));

  it('pays on a bank working day, in its own month or the one before, never more than a day after the 10th', () => {
    fc.assert(
      fc.property(anyCycle, (cycle) => expectAPaymentDay(deps, cycle)),
      { numRuns: 600 },
    );
  });

  it('keeps those properties when ops close extra days around the 10th', () => {
    const closedDays = fc.uniqueArray(fc.integer({ min: 1, max: 14 }), { maxLength: 6 });
    fc.assert(
      fc.property(anyCycle, closedDays, (cycle, days) => {
        const { year, month } = cycleYearMonth(cycle);
        const closed = calendarDeps(
          days.map((day) => override({ kind: 'closed-day', date: isoDate(year, month, day) })),
        );
        expectAPaymentDay(closed, cycle);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same answer for the same month, from a fresh calendar or a warm one', () => {
    fc.assert(
      fc.property(anyCycle, (cycle) => {
        expect(computeDisbursementDate(calendarDeps(), cycle)).toEqual(
          computeDisbursementDate(deps, cycle),
        );
      }),
      { numRuns: 100 },
    );
  });
});
