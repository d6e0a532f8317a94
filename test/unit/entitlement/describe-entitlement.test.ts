import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEntitlement } from '../../../shared/entitlement/compute-entitlement.ts';
import { describeEntitlement } from '../../../shared/entitlement/describe-entitlement.ts';
import {
  bundledEntitlementPolicies,
  policyForCycle,
} from '../../../shared/entitlement/entitlement-policy.ts';
import { c } from '../../support/calendar.ts';

const policies = bundledEntitlementPolicies();
const current = policyForCycle(policies, c('2026-01'));
const breakdownOf = (adults: number, minors: number, incomeRiyals: number) =>
  computeEntitlement(current, {
    eligibleAdultDependents: adults,
    eligibleMinorDependents: minors,
    monthlyIncomeHalalas: incomeRiyals * 100,
  });

describe('describeEntitlement', () => {
  it('explains a full amount from the weight and the exemption threshold', () => {
    const breakdown = breakdownOf(1, 1, 0);

    expect(describeEntitlement(breakdown, 'en')).toBe(
      'Weight 1.8 (head 1 + 0.5 × 1 dependent 18 or over + 0.3 × 1 dependent under 18); income 0 SAR is at or below the exemption threshold 7,758 SAR: full amount 1,296 SAR.',
    );
    expect(describeEntitlement(breakdown, 'ar')).toBe(
      'الوزن ١٫٨ (رب الأسرة ١ + ٠٫٥ × ١ من التابعين البالغين + ٠٫٣ × ١ من التابعين دون ١٨ سنة)؛ الدخل ٠ ريال لا يتجاوز حد الإعفاء ٧٬٧٥٨ ريال: المبلغ الكامل ١٬٢٩٦ ريال.',
    );
  });

  it('shows the reduced amount and what rounding pays when the income is between the thresholds', () => {
    const breakdown = breakdownOf(1, 1, 10_000);

    expect(describeEntitlement(breakdown, 'en')).toMatch(
      /income 10,000 SAR is above the exemption threshold 7,758 SAR and below the cut-off 12,342 SAR, so the full amount 1,296 SAR is reduced in proportion: 662\.14 SAR, paid as 662 SAR\.$/,
    );
    expect(describeEntitlement(breakdown, 'ar')).toMatch(/إلى ٦٦٢٫١٤ ريال، ويُصرف ٦٦٢ ريال\.$/);
  });

  it('says nothing is paid when the amount is below the minimum', () => {
    const breakdown = breakdownOf(0, 0, 6_830);

    expect(describeEntitlement(breakdown, 'en')).toMatch(
      /^Weight 1 \(head of household, no dependents\);.*: 7\.63 SAR, below the minimum payment, so nothing is paid this month\.$/,
    );
    expect(describeEntitlement(breakdown, 'ar')).toMatch(/الحد الأدنى للصرف، فلا يُصرف شيء/);
  });

  it('says nothing is paid at or above the cut-off', () => {
    const breakdown = breakdownOf(1, 2, 15_000);

    expect(describeEntitlement(breakdown, 'en')).toMatch(
      /income 15,000 SAR is at or above the cut-off 14,399 SAR: nothing is paid\.$/,
    );
    expect(describeEntitlement(breakdown, 'ar')).toMatch(
      /الدخل ١٥٬٠٠٠ ريال يبلغ الحد المانع ١٤٬٣٩٩ ريال أو يتجاوزه: لا يُصرف شيء\.$/,
    );
  });

  it('says when the weight is capped', () => {
    const breakdown = breakdownOf(2, 8, 0);

    expect(describeEntitlement(breakdown, 'en')).toMatch(
      /^Weight 4\.4 \(head 1 \+ 0\.5 × 2 dependents 18 or over \+ 0\.3 × 8 dependents under 18\), capped at 2\.9; .*full amount 2,088 SAR\.$/,
    );
    expect(describeEntitlement(breakdown, 'ar')).toMatch(/ويُحتسب ٢٫٩ وهو الحد الأعلى/);
  });

  it('writes Arabic with Arabic-Indic digits only', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 25_000 }),
        (adults, minors, incomeRiyals) => {
          const text = describeEntitlement(breakdownOf(adults, minors, incomeRiyals), 'ar');

          expect(text).not.toMatch(/[0-9]/);
        },
      ),
    );
  });
});
