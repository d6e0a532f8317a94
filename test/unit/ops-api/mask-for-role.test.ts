import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { householdContactFor } from '../../../shared/ops-api/mask-for-role.ts';
import { aHouseholdRecord } from '../../support/households.ts';

/**
 * What the API shows of a household's personal data: in full to a role that answers the household,
 * masked to the others, so that no national id, mobile, email or IBAN can be read back from a
 * masked answer.
 */

const digits = (length: number) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: length, maxLength: length })
    .map((d) => d.join(''));

describe('householdContactFor', () => {
  it('shows the contact in full to a full view', () => {
    const record = aHouseholdRecord({ head: { nationalId: '1012345678' } });
    expect(householdContactFor('full', record)).toMatchObject({
      nationalId: '1012345678',
      mobile: '+966551234567',
      email: 'beneficiary@example.com',
      iban: record.bankAccount.iban,
    });
  });

  it('leaves nothing of an id, a mobile, an email or an IBAN readable in a masked view', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1', '2'),
        digits(9),
        digits(8),
        digits(22),
        fc.stringMatching(/^[a-z]{3,12}$/),
        (first, id, mobile, iban, local) => {
          const record = aHouseholdRecord({
            head: { nationalId: `${first}${id}` },
            contact: { mobile: `055${mobile.slice(1)}`, email: `${local}@example.sa` },
            bankAccount: { iban: `SA${iban}` },
          });
          const shown = JSON.stringify(householdContactFor('masked', record));
          expect(shown).not.toContain(`${first}${id}`);
          // What stays is at most four digits together: the IBAN's last four, the country code.
          expect(shown).not.toMatch(/\d{5,}/);
          expect(shown).not.toContain(local);
          expect(shown).toContain('"personalData":"masked"');
        },
      ),
    );
  });

  it('answers null for a record that is not a household', () => {
    expect(householdContactFor('full', { householdId: 'H1' })).toBeNull();
  });
});
