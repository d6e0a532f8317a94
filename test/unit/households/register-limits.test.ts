import { describe, expect, it } from 'vitest';
import { householdSchema, REGISTER_LIMITS } from '../../../shared/households/household.ts';
import { aHousehold } from '../../support/households.ts';

/**
 * The register records that once stopped a whole cycle (issue 11): each is now refused by the
 * schema at the boundary, so the cycle sets that one household aside with the reason.
 */

const entry = (objectionId: string, amountHalalas = 150_000) => ({
  objectionId,
  payInCycle: '2026-12',
  lines: [{ cycle: '2026-10', amountHalalas }],
  totalHalalas: amountHalalas,
  settledInCycle: null,
});
const withArrears = (arrears: Record<string, unknown>) => ({ ...aHousehold(), arrears });
const refusal = (record: unknown) => {
  const result = householdSchema.safeParse(record);
  return result.success ? 'accepted' : result.error.issues.map((issue) => issue.message).join('; ');
};

describe('the household schema at the register boundary', () => {
  it('accepts a household with arrears keyed by their objection', () => {
    expect(refusal(withArrears({ 'O-H00000001-2026-10-1': entry('O-H00000001-2026-10-1') }))).toBe(
      'accepted',
    );
  });

  it('refuses arrears whose amounts could add up past what integers hold exactly', () => {
    const huge = Number.MAX_SAFE_INTEGER - 1;
    const record = withArrears({ A: entry('A', huge), B: entry('B', huge) });

    expect(refusal(record)).toMatch(/<=10000000/);
  });

  it('refuses an arrears entry keyed by another id, which would write two paths for one entry', () => {
    expect(refusal(withArrears({ 'O-1': entry('O-2') }))).toMatch(/keyed by its objectionId/);
  });

  it('refuses an objection id too long to store', () => {
    const id = 'O'.repeat(40_000);
    expect(refusal(withArrears({ [id]: entry(id) }))).toMatch(/at most 64|<=64/);
  });

  it('refuses more arrears entries than one update expression can settle', () => {
    const arrears = Object.fromEntries(
      Array.from({ length: 150 }, (_, index) => [`O-${index}`, entry(`O-${index}`)]),
    );
    expect(refusal(withArrears(arrears))).toMatch(
      new RegExp(`at most ${REGISTER_LIMITS.arrearsEntries} arrears entries`),
    );
  });

  it('refuses a household id longer than a key should be', () => {
    expect(refusal({ ...aHousehold(), householdId: `H${'1'.repeat(1_100)}` })).toMatch(
      /7 to 15 digits/,
    );
  });

  it('refuses an arrears total that is not the sum of its lines', () => {
    expect(refusal(withArrears({ A: { ...entry('A'), totalHalalas: 1 } }))).toMatch(
      /sum of its lines/,
    );
  });
});
