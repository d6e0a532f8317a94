import { describe, expect, it } from 'vitest';
import {
  notEligibleByReason,
  paidTotalHalalas,
  setAsideByReason,
} from '../../../console/pages/report-rows.ts';
import { type CycleTally, emptyTally } from '../../../shared/cycles/cycle-tally.ts';

function tallyWith(byReason: Record<string, number>): CycleTally {
  return { ...emptyTally(), byReason };
}

describe('report rows', () => {
  it('splits the tally by reason into ineligibility reasons and set-aside fields, most first', () => {
    // Arrange
    const tally = tallyWith({
      'in-prison': 2,
      'data-mismatch': 5,
      'income-above-cutoff': 7,
      'invalid:iban': 3,
      'invalid:nationalId': 4,
    });

    // Act
    const notEligible = notEligibleByReason(tally);
    const setAside = setAsideByReason(tally);

    // Assert
    expect(notEligible).toEqual([
      { reason: 'data-mismatch', count: 5 },
      { reason: 'in-prison', count: 2 },
    ]);
    expect(setAside).toEqual([
      { reason: 'nationalId', count: 4 },
      { reason: 'iban', count: 3 },
    ]);
  });

  it('counts arrears in what the month paid', () => {
    // Arrange
    const tally = { ...emptyTally(), amountHalalas: 150_000, arrearsHalalas: 2_550 };

    // Act
    const paid = paidTotalHalalas(tally);

    // Assert
    expect(paid).toBe(152_550);
  });
});
