import { describe, expect, it } from 'vitest';
import { householdSchema } from '../../../shared/households/household.ts';
import { maskIban, SAUDI_IBAN } from '../../../shared/privacy/personal-data.ts';
import { aHouseholdRecord } from '../../support/households.ts';

describe('a Saudi IBAN', () => {
  it('takes letters in its 18-character account part, as the SWIFT registry has it', () => {
    expect(SAUDI_IBAN.test('SA44200000000000ABCDEF12')).toBe(true);
    expect(SAUDI_IBAN.test('SA0380000000608010167519')).toBe(true);
    expect(SAUDI_IBAN.test('SA4X200000000000ABCDEF12')).toBe(false); // check digits are digits
    expect(SAUDI_IBAN.test('SA44200000000000ABCDEF1')).toBe(false);
    const household = aHouseholdRecord({ bankAccount: { iban: 'SA44200000000000ABCDEF12' } });
    expect(householdSchema.safeParse(household).success).toBe(true);
  });

  it('is masked to its last four characters, letters or digits', () => {
    expect(maskIban('SA44200000000000ABCDEF12')).toBe('SA** **** **** **** **** EF12');
    expect(maskIban('SA0380000000608010167519')).toBe('SA** **** **** **** **** 7519');
  });
});
