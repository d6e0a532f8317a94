import { describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { householdSchema } from '../../../shared/households/household.ts';

const options = {
  households: 4_000,
  seed: 42,
  arrearsDueBy: '2026-12' as CycleId,
  asOf: '2026-10-01' as IsoDate,
};

describe('generateRegister', () => {
  it('gives the same register for the same seed, and another for another seed', () => {
    const first = [...generateRegister({ ...options, households: 200 })];
    expect([...generateRegister({ ...options, households: 200 })]).toEqual(first);
    expect([...generateRegister({ ...options, households: 200, seed: 43 })]).not.toEqual(first);
  });

  it('mixes valid households with about half a percent of malformed ones', () => {
    const register = [...generateRegister(options)];
    const invalid = register.filter((record) => !householdSchema.safeParse(record).success).length;
    expect(register).toHaveLength(4_000);
    expect(invalid).toBeGreaterThan(5);
    expect(invalid).toBeLessThan(60);
  });

  it('spreads incomes over every band and includes independents, minors, adults and pending arrears', () => {
    const households = [...generateRegister(options)].flatMap((record) => {
      const parsed = householdSchema.safeParse(record);
      return parsed.success ? [parsed.data] : [];
    });
    const incomes = households.map((household) => household.monthlyIncomeHalalas);
    expect(incomes.filter((income) => income === 0).length).toBeGreaterThan(600);
    expect(incomes.filter((income) => income > 2_000_000).length).toBeGreaterThan(50);
    expect(
      households.filter((household) => household.kind === 'independent').length,
    ).toBeGreaterThan(150);
    expect(
      households.filter((household) => Object.keys(household.arrears).length > 0).length,
    ).toBeGreaterThan(5);
    const children = households.flatMap((household) =>
      household.dependents.filter((person) => person.relation === 'child'),
    );
    expect(children.some((child) => child.birthDate > '2008-10-01')).toBe(true);
    expect(children.some((child) => child.birthDate < '2008-10-01')).toBe(true);
  });
});
