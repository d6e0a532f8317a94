import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  type CycleId,
  cycleId,
  cycleOf,
  cycleYearMonth,
  isoDate,
  monthsBetween,
} from '../../../shared/calendar/calendar-date.ts';
import { arrearsEntrySchema } from '../../../shared/households/household.ts';
import type { Halalas } from '../../../shared/money/halalas.ts';
import {
  arrearsPayInCycle,
  computeArrears,
  manualArrears,
} from '../../../shared/objections/compute-arrears.ts';
import {
  InvalidArrearsBasisError,
  InvalidManualArrearsError,
} from '../../../shared/objections/errors.ts';
import { c, d } from '../../support/calendar.ts';
import { objectionRules } from '../../support/objections.ts';

const OBJECTION = 'O-H0000001-2026-03-1';

function arrears(
  acceptedOn: string,
  options: {
    resultCycle?: string;
    due?: (cycle: CycleId) => Halalas;
    paid?: (cycle: CycleId) => Halalas;
    rules?: Parameters<typeof objectionRules>[0];
  } = {},
) {
  return computeArrears(objectionRules(options.rules), {
    objectionId: OBJECTION,
    resultCycle: c(options.resultCycle ?? '2026-03'),
    acceptedOn: d(acceptedOn),
    amountDue: options.due ?? (() => 100_000),
    amountPaid: options.paid ?? (() => 0),
  });
}

const cyclesOf = (entry: ReturnType<typeof arrears>) => entry?.lines.map((line) => line.cycle);

describe('computeArrears', () => {
  it('counts the result month to the month before when accepted before the 10th', () => {
    const entry = arrears('2026-05-09');

    expect(cyclesOf(entry)).toEqual(['2026-03', '2026-04']);
    expect(entry?.payInCycle).toBe('2026-06');
  });

  it('counts the acceptance month too when accepted on the 10th (its payment went out)', () => {
    const entry = arrears('2026-05-10');

    expect(cyclesOf(entry)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(entry?.payInCycle).toBe('2026-07');
  });

  it('counts the acceptance month and pays two cycles later when accepted after the 10th', () => {
    const entry = arrears('2026-05-28');

    expect(cyclesOf(entry)).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(entry?.payInCycle).toBe('2026-07');
  });

  it('takes the cut-off day from the rules', () => {
    const entry = arrears('2026-05-12', { rules: { nextCycleIfAcceptedBeforeDay: 15 } });

    expect(cyclesOf(entry)).toEqual(['2026-03', '2026-04']);
    expect(entry?.payInCycle).toBe('2026-06');
  });

  it('keeps the first five months from the result when eight were missed', () => {
    // Arrange: January to August 2026 missed (accepted on 15 August)
    // Act
    const entry = arrears('2026-08-15', { resultCycle: '2026-01' });

    // Assert
    expect(cyclesOf(entry)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(entry?.totalHalalas).toBe(500_000);
    expect(entry?.payInCycle).toBe('2026-10');
  });

  it('takes the cap from the rules', () => {
    const entry = arrears('2026-08-15', { resultCycle: '2026-01', rules: { arrearsCapMonths: 3 } });

    expect(cyclesOf(entry)).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('owes each month what was due less what was paid, and totals them', () => {
    // Arrange
    const due: Record<string, Halalas> = {
      '2026-03': 120_000,
      '2026-04': 95_050,
      '2026-05': 80_000,
    };
    const paid: Record<string, Halalas> = { '2026-03': 0, '2026-04': 40_000, '2026-05': 79_999 };

    // Act
    const entry = arrears('2026-05-20', {
      due: (cycle) => due[cycle] ?? 0,
      paid: (cycle) => paid[cycle] ?? 0,
    });

    // Assert
    expect(entry).toEqual({
      objectionId: OBJECTION,
      payInCycle: '2026-07',
      lines: [
        { cycle: '2026-03', amountHalalas: 120_000 },
        { cycle: '2026-04', amountHalalas: 55_050 },
        { cycle: '2026-05', amountHalalas: 1 },
      ],
      totalHalalas: 175_051,
      settledInCycle: null,
    });
  });

  it('drops the months that owe nothing, including an overpaid one', () => {
    const paid: Record<string, Halalas> = { '2026-03': 100_000, '2026-05': 130_000 };

    const entry = arrears('2026-06-20', { paid: (cycle) => paid[cycle] ?? 0 });

    expect(cyclesOf(entry)).toEqual(['2026-04', '2026-06']);
    expect(entry?.totalHalalas).toBe(200_000);
  });

  it('returns null when no month owes anything', () => {
    expect(arrears('2026-05-20', { due: () => 0 })).toBeNull();
    expect(arrears('2026-05-20', { paid: () => 100_000 })).toBeNull();
  });

  it('counts the result month when accepted before the 10th of that month (paid early)', () => {
    // The March result came with an early March payment (before an Eid closure, say)
    const entry = arrears('2026-03-08');

    expect(cyclesOf(entry)).toEqual(['2026-03']);
    expect(entry?.payInCycle).toBe('2026-04');
  });

  it('counts across the year end', () => {
    const entry = arrears('2027-02-20', { resultCycle: '2026-11' });

    expect(cyclesOf(entry)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(entry?.payInCycle).toBe('2027-04');
  });

  it.each([
    ['amountDue', { due: () => 100.5 }],
    ['amountPaid', { paid: () => -1 }],
  ] as const)('refuses a %s that is not whole halalas', (_, options) => {
    expect(() => arrears('2026-05-20', options)).toThrow(InvalidArrearsBasisError);
  });

  it('keeps the cap, the total and the months in range for any acceptance and amounts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 2020, max: 2035 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 20, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 20, maxLength: 20 }),
        (cap, cutOffDay, year, month, daysAfter, dues, paids) => {
          // Arrange
          const rules = objectionRules({
            arrearsCapMonths: cap,
            nextCycleIfAcceptedBeforeDay: cutOffDay,
          });
          const resultCycle = cycleId(year, month);
          const acceptedOn = addDays(isoDate(year, month, 1), daysAfter);
          const at = (list: number[], cycle: CycleId) =>
            list[monthsBetween(resultCycle, cycle)] ?? 0;

          // Act
          const entry = computeArrears(rules, {
            objectionId: OBJECTION,
            resultCycle,
            acceptedOn,
            amountDue: (cycle) => at(dues, cycle),
            amountPaid: (cycle) => at(paids, cycle),
          });

          // Assert
          if (entry === null) return;
          expect(arrearsEntrySchema.parse(entry)).toEqual(entry);
          expect(entry.lines.length).toBeLessThanOrEqual(cap);
          expect(entry.totalHalalas).toBe(
            entry.lines.reduce((total, line) => total + line.amountHalalas, 0),
          );
          for (const line of entry.lines) {
            expect(line.cycle >= resultCycle).toBe(true);
            expect(line.cycle <= cycleOf(acceptedOn)).toBe(true);
            expect(monthsBetween(resultCycle, line.cycle)).toBeLessThan(cap);
            expect(line.amountHalalas).toBe(at(dues, line.cycle) - at(paids, line.cycle));
            expect(line.amountHalalas).toBeGreaterThan(0);
          }
          expect(entry.payInCycle).toBe(arrearsPayInCycle(rules, acceptedOn));
          expect(entry.payInCycle > cycleOf(acceptedOn)).toBe(true);
        },
      ),
    );
  });

  it('pays in the next cycle or the one after, by the day of acceptance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), (n) => {
        const acceptedOn = addDays(d('2026-01-01'), n);
        const { year, month } = cycleYearMonth(cycleOf(acceptedOn));
        const before = Number(acceptedOn.slice(8, 10)) < 10;

        expect(arrearsPayInCycle(objectionRules(), acceptedOn)).toBe(
          addMonths(cycleId(year, month), before ? 1 : 2),
        );
      }),
    );
  });
});

describe('manualArrears', () => {
  const rules = objectionRules({ automaticArrears: false });
  const manual = (acceptedOn: string, lines: { cycle: string; amountHalalas: number }[]) =>
    manualArrears(rules, {
      objectionId: OBJECTION,
      resultCycle: c('2026-03'),
      acceptedOn: d(acceptedOn),
      lines: lines.map((line) => ({ ...line, cycle: c(line.cycle) })),
    });

  it('sorts and totals the lines ops entered, paid by the same rule as automatic arrears', () => {
    const entry = manual('2026-05-20', [
      { cycle: '2026-05', amountHalalas: 30_000 },
      { cycle: '2026-03', amountHalalas: 50_000 },
    ]);

    expect(entry).toEqual({
      objectionId: OBJECTION,
      payInCycle: '2026-07',
      lines: [
        { cycle: '2026-03', amountHalalas: 50_000 },
        { cycle: '2026-05', amountHalalas: 30_000 },
      ],
      totalHalalas: 80_000,
      settledInCycle: null,
    });
  });

  it.each([
    ['no lines', '2026-05-20', []],
    ['a month before the result', '2026-05-20', [{ cycle: '2026-02', amountHalalas: 1 }]],
    ['a month not yet paid', '2026-05-09', [{ cycle: '2026-05', amountHalalas: 1 }]],
    [
      'a month twice',
      '2026-05-20',
      [
        { cycle: '2026-03', amountHalalas: 1 },
        { cycle: '2026-03', amountHalalas: 2 },
      ],
    ],
    ['a zero amount', '2026-05-20', [{ cycle: '2026-03', amountHalalas: 0 }]],
    ['a fractional amount', '2026-05-20', [{ cycle: '2026-03', amountHalalas: 0.5 }]],
    ['a month beyond the cap', '2026-10-20', [{ cycle: '2026-08', amountHalalas: 1 }]],
    [
      'more months than the cap',
      '2026-10-20',
      ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'].map((cycle) => ({
        cycle,
        amountHalalas: 1,
      })),
    ],
  ])('refuses %s', (_, acceptedOn, lines) => {
    expect(() => manual(acceptedOn, lines)).toThrow(InvalidManualArrearsError);
  });
});
