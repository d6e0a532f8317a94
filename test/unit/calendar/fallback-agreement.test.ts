import { describe, expect, it } from 'vitest';
import { bundledCalendarData } from '../../../shared/calendar/bundled-calendar.ts';
import { measureFallbackAgreement } from '../../../shared/calendar/measure-fallback-agreement.ts';
import { defaultPaymentSchedule } from '../../../shared/calendar/payment-schedule.ts';

describe('the fallback Eid closure rule, against the announcements', () => {
  const { data, overrides } = bundledCalendarData();
  const years = measureFallbackAgreement(data, overrides, defaultPaymentSchedule);

  it('is measured for every year with an announced closure, and the figures are printed', () => {
    const announcedYears = new Set(
      data.eidClosures
        .filter((row) => row.closure !== null)
        .map((row) => Number(row.eidDate.slice(0, 4))),
    );
    expect(years.map((year) => year.year)).toEqual([...announcedYears].sort());
    const lines = years.map(
      (year) =>
        `${year.year}: ${year.agreeing}/${year.months} payment days agree` +
        year.differing
          .map((diff) => `; ${diff.cycle} announced ${diff.announced}, fallback ${diff.fallback}`)
          .join(''),
    );
    console.log(`Fallback rule vs announcements, per year:\n${lines.join('\n')}`);
  });

  it('agrees on the payment day in at least 98% of months', () => {
    const agreeing = years.reduce((sum, year) => sum + year.agreeing, 0);
    const months = years.reduce((sum, year) => sum + year.months, 0);
    expect(agreeing / months).toBeGreaterThanOrEqual(0.98);
  });

  it('finds the payment days where fallback and announcement part', () => {
    const differing = years.flatMap((year) => year.differing.map((diff) => diff.cycle));
    expect(differing).toEqual(['2024-04', '2025-06']);
  });
});
