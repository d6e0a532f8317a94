import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeEntitlement,
  type EntitlementInput,
} from '../../../shared/entitlement/compute-entitlement.ts';
import {
  applyRounding,
  bundledEntitlementPolicies,
  type EntitlementPolicy,
  HALALAS_PER_UNIT,
  policyForCycle,
} from '../../../shared/entitlement/entitlement-policy.ts';
import { InvalidEntitlementInputError } from '../../../shared/entitlement/errors.ts';
import { c } from '../../support/calendar.ts';

const policies = bundledEntitlementPolicies();
const current = policyForCycle(policies, c('2026-01'));

const household = (adults: number, minors: number, incomeRiyals = 0): EntitlementInput => ({
  eligibleAdultDependents: adults,
  eligibleMinorDependents: minors,
  monthlyIncomeHalalas: incomeRiyals * 100,
});
const pay = (adults: number, minors: number, incomeRiyals = 0) =>
  computeEntitlement(current, household(adults, minors, incomeRiyals));

const anyPolicy = fc.constantFrom(...policies.versions);
const anyHousehold = fc.record({
  eligibleAdultDependents: fc.integer({ min: 0, max: 8 }),
  eligibleMinorDependents: fc.integer({ min: 0, max: 12 }),
  monthlyIncomeHalalas: fc.integer({ min: 0, max: 3_000_000 }),
});
const withIncome = (input: EntitlementInput, monthlyIncomeHalalas: number): EntitlementInput => ({
  ...input,
  monthlyIncomeHalalas,
});

describe('computeEntitlement', () => {
  it('pays 1,296 SAR to a head, a wife and one child with no income', () => {
    const breakdown = pay(1, 1);

    expect(breakdown).toMatchObject({
      policyVersion: '2023-10',
      weightTenths: 18,
      cappedWeightTenths: 18,
      band: 'full',
      fullAmountHalalas: 129_600,
      amountHalalas: 129_600,
      belowMinimum: false,
    });
  });

  it('pays the full 1,512 SAR to a head, a wife and two children with 6,000 SAR income', () => {
    const breakdown = pay(1, 2, 6_000);

    expect(breakdown).toMatchObject({
      weightTenths: 21,
      exemptionThresholdHalalas: 905_100,
      band: 'full',
      amountHalalas: 151_200,
    });
  });

  it('pays 720 SAR for the head, 360 per dependent 18 or over and 216 per dependent under 18', () => {
    const head = pay(0, 0).amountHalalas;
    const withAdult = pay(1, 0).amountHalalas;
    const withMinor = pay(0, 1).amountHalalas;

    expect(head).toBe(72_000);
    expect(withAdult - head).toBe(36_000);
    expect(withMinor - head).toBe(21_600);
  });

  it('treats an independent individual as a household of weight 1', () => {
    const breakdown = pay(0, 0);

    expect(breakdown).toMatchObject({
      weightTenths: 10,
      fullAmountHalalas: 72_000,
      exemptionThresholdHalalas: 431_000,
      cutoffHalalas: 685_700,
    });
  });

  it('caps the weight at 2.9 for the full amount and the threshold, so at most 2,088 SAR', () => {
    const atCap = pay(2, 3);
    const aboveCap = pay(5, 10);

    expect(atCap).toMatchObject({ weightTenths: 29, amountHalalas: 208_800 });
    expect(aboveCap).toMatchObject({
      weightTenths: 65,
      cappedWeightTenths: 29,
      fullAmountHalalas: 208_800,
      exemptionThresholdHalalas: 1_249_900,
      amountHalalas: 208_800,
    });
  });

  // C = min(round(20570 / 3 x w), 20000) riyals with the uncapped weight.
  it.each([
    [0, 0, 10, 6_857], // 6,856.67
    [0, 1, 13, 8_914], // 8,913.67
    [1, 0, 15, 10_285],
    [1, 1, 18, 12_342],
    [1, 2, 21, 14_399],
    [0, 4, 22, 15_085], // 15,084.67
    [2, 3, 29, 19_884], // 19,884.33
    [4, 0, 30, 20_000], // 20,570, above the ceiling
    [3, 5, 40, 20_000],
  ])(
    'puts the cut-off for %i adult and %i minor dependents (w10 = %i) at %i SAR',
    (adults, minors, weightTenths, cutoffRiyals) => {
      const breakdown = pay(adults, minors);

      expect(breakdown.weightTenths).toBe(weightTenths);
      expect(breakdown.cutoffHalalas).toBe(cutoffRiyals * 100);
    },
  );

  it('never puts the cut-off above the 20,000 SAR ceiling, however large the household', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (a, m) => {
        const { cutoffHalalas, weightTenths } = pay(a, m);
        expect(cutoffHalalas).toBeLessThanOrEqual(2_000_000);
        if (weightTenths >= 30) expect(cutoffHalalas).toBe(2_000_000);
      }),
    );
  });

  it('pays the full amount at exactly the threshold and nothing at exactly the cut-off', () => {
    const atThreshold = pay(1, 1, 7_758);
    const atCutoff = pay(1, 1, 12_342);

    expect(atThreshold).toMatchObject({ band: 'full', amountHalalas: 129_600 });
    expect(atCutoff).toMatchObject({ band: 'above-cutoff', amountHalalas: 0, belowMinimum: false });
  });

  it('pays half the full amount halfway between the threshold and the cut-off', () => {
    // E = 7,758 and C = 12,342 for w = 1.8: halfway is 10,050 SAR.
    const breakdown = pay(1, 1, 10_050);

    expect(breakdown).toMatchObject({ band: 'tapered', taperedAmountHalalas: 64_800 });
  });

  it('pays from 2026-12 the formula to the halala, half-up, with no minimum', () => {
    const now = policyForCycle(policies, c('2026-12'));
    // w = 2.1, E = 9,051, C = 14,399: 1,512 x (14,399 - 10,000) / (14,399 - 9,051) = 1,243.6963 SAR
    const tapered = computeEntitlement(now, household(1, 2, 10_000));
    // w = 1: 720 x (6,857 - 6,830) / (6,857 - 4,310) = 7.6325 SAR, paid (2023-10 paid nothing)
    const small = computeEntitlement(now, household(0, 0, 6_830));

    expect(tapered).toMatchObject({ band: 'tapered', amountHalalas: 124_370, belowMinimum: false });
    expect(computeEntitlement(current, household(1, 2, 10_000)).amountHalalas).toBe(124_300);
    expect(small).toMatchObject({ amountHalalas: 763, belowMinimum: false });
    expect(computeEntitlement(current, household(0, 0, 6_830)).amountHalalas).toBe(0);
    // The full amounts are whole riyals in every version.
    expect(computeEntitlement(now, household(1, 1)).amountHalalas).toBe(129_600);
  });

  it('shows the line to the nearest halala, and under 2023-10 pays it rounded down to the riyal', () => {
    // 1,296 x (12,342 - 10,000) / (12,342 - 7,758) = 662.1361... SAR
    const breakdown = pay(1, 1, 10_000);

    expect(breakdown).toMatchObject({
      band: 'tapered',
      taperedAmountHalalas: 66_214,
      amountHalalas: 66_200,
    });
  });

  it('pays nothing when the rounded amount is below the 10 SAR minimum', () => {
    // w = 1: 720 x (6,857 - 6,830) / (6,857 - 4,310) = 7.63 SAR
    const breakdown = pay(0, 0, 6_830);

    expect(breakdown).toMatchObject({
      band: 'tapered',
      taperedAmountHalalas: 763,
      amountHalalas: 0,
      belowMinimum: true,
    });
  });

  it('pays the minimum itself when the rounded amount reaches it', () => {
    // w = 1: 720 x (6,857 - 6,820) / (6,857 - 4,310) = 10.45 SAR, rounded down to 10 SAR
    const breakdown = pay(0, 0, 6_820);

    expect(breakdown).toMatchObject({ amountHalalas: 1_000, belowMinimum: false });
  });

  it('reads the minimum and the rounding from the policy version', () => {
    const noMinimum: EntitlementPolicy = { ...current, minimumPaymentHalalas: 0 };
    const toTheHalala: EntitlementPolicy = {
      ...current,
      rounding: { unit: 'halala', mode: 'floor' },
    };

    expect(computeEntitlement(noMinimum, household(0, 0, 6_830)).amountHalalas).toBe(700);
    // Floor to the halala floors the exact 662.1361 SAR; half-up would pay 662.14.
    expect(computeEntitlement(toTheHalala, household(1, 1, 10_000)).amountHalalas).toBe(66_213);
  });

  it('computes under the version it is given: 417 SAR for the head before July 2022', () => {
    const before2022 = policyForCycle(policies, c('2020-01'));

    const individual = computeEntitlement(before2022, household(0, 0));
    const family = computeEntitlement(before2022, household(1, 1));

    expect(individual).toMatchObject({ policyVersion: '2017-12', amountHalalas: 41_700 });
    expect(family).toMatchObject({ fullAmountHalalas: 75_060, amountHalalas: 75_000 });
  });

  it.each([
    ['a negative count', household(-1, 0)],
    ['a fractional count', household(0, 1.5)],
    ['a negative income', household(0, 0, -1)],
    ['a fractional income', { ...household(0, 0), monthlyIncomeHalalas: 10.5 }],
    ['an income that is not a number', { ...household(0, 0), monthlyIncomeHalalas: Number.NaN }],
  ])('refuses %s', (_, input) => {
    expect(() => computeEntitlement(current, input)).toThrow(InvalidEntitlementInputError);
  });

  it('names the field it refuses', () => {
    expect(() => computeEntitlement(current, household(0, -2))).toThrow(/eligibleMinorDependents/);
  });
});

describe('computeEntitlement properties', () => {
  it('pays the formula rounded once, by the rule the policy names, and never above the full amount', () => {
    fc.assert(
      fc.property(anyPolicy, anyHousehold, (policy, input) => {
        const breakdown = computeEntitlement(policy, input);
        const { amountHalalas, fullAmountHalalas, band, belowMinimum } = breakdown;

        expect(breakdown.taperedAmountHalalas).toBeLessThanOrEqual(fullAmountHalalas);
        expect(amountHalalas).toBeLessThanOrEqual(fullAmountHalalas);
        if (band !== 'tapered' || belowMinimum) return;
        // The exact taper is F (C - I) / (C - E); compare 2 x amount x (C - E) with 2 x F (C - I).
        const span = BigInt(breakdown.cutoffHalalas - breakdown.exemptionThresholdHalalas);
        const paid = 2n * BigInt(amountHalalas) * span;
        const exact =
          2n *
          BigInt(fullAmountHalalas) *
          BigInt(breakdown.cutoffHalalas - input.monthlyIncomeHalalas);
        const unit = BigInt(HALALAS_PER_UNIT[policy.rounding.unit]) * span;
        if (policy.rounding.mode === 'floor') {
          expect(paid <= exact && exact - paid < 2n * unit).toBe(true);
        } else {
          const off = paid > exact ? paid - exact : exact - paid;
          expect(off <= unit).toBe(true);
        }
      }),
    );
  });

  it('never pays more when the same household earns more', () => {
    fc.assert(
      fc.property(
        anyPolicy,
        anyHousehold,
        fc.integer({ min: 0, max: 3_000_000 }),
        (policy, input, raise) => {
          const before = computeEntitlement(policy, input);
          const after = computeEntitlement(
            policy,
            withIncome(input, input.monthlyIncomeHalalas + raise),
          );

          expect(after.taperedAmountHalalas).toBeLessThanOrEqual(before.taperedAmountHalalas);
          expect(after.amountHalalas).toBeLessThanOrEqual(before.amountHalalas);
        },
      ),
    );
  });

  it('pays nothing at and above the cut-off', () => {
    fc.assert(
      fc.property(
        anyPolicy,
        anyHousehold,
        fc.integer({ min: 0, max: 5_000_000 }),
        (policy, input, above) => {
          const { cutoffHalalas } = computeEntitlement(policy, input);

          const breakdown = computeEntitlement(policy, withIncome(input, cutoffHalalas + above));

          expect(breakdown).toMatchObject({ band: 'above-cutoff', amountHalalas: 0 });
        },
      ),
    );
  });

  it('pays the full amount, rounded by the rule, at and below the threshold', () => {
    fc.assert(
      fc.property(anyPolicy, anyHousehold, fc.nat(), (policy, input, below) => {
        const { exemptionThresholdHalalas: threshold } = computeEntitlement(policy, input);

        const breakdown = computeEntitlement(
          policy,
          withIncome(input, threshold - (below % (threshold + 1))),
        );

        expect(breakdown.band).toBe('full');
        expect(breakdown.amountHalalas).toBe(
          applyRounding(breakdown.fullAmountHalalas, policy.rounding),
        );
        if (policy === current) expect(breakdown.amountHalalas).toBe(breakdown.fullAmountHalalas);
      }),
    );
  });

  it('keeps every amount a whole number of halalas and pays in the unit the policy names', () => {
    fc.assert(
      fc.property(anyPolicy, anyHousehold, (policy, input) => {
        const breakdown = computeEntitlement(policy, input);

        for (const value of [
          breakdown.fullAmountHalalas,
          breakdown.exemptionThresholdHalalas,
          breakdown.cutoffHalalas,
          breakdown.taperedAmountHalalas,
          breakdown.amountHalalas,
        ]) {
          expect(Number.isSafeInteger(value)).toBe(true);
        }
        expect(breakdown.amountHalalas % HALALAS_PER_UNIT[policy.rounding.unit]).toBe(0);
      }),
    );
  });

  it('pays either nothing or at least the minimum', () => {
    fc.assert(
      fc.property(anyPolicy, anyHousehold, (policy, input) => {
        const { amountHalalas, belowMinimum } = computeEntitlement(policy, input);

        expect(amountHalalas === 0 || amountHalalas >= policy.minimumPaymentHalalas).toBe(true);
        if (belowMinimum) expect(amountHalalas).toBe(0);
      }),
    );
  });
});

describe('applyRounding', () => {
  it('never rounds down to the riyal by more than 99 halalas, nor ever up', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000_000 }), (amount) => {
        const rounded = applyRounding(amount, { unit: 'riyal', mode: 'floor' });

        expect(rounded).toBeLessThanOrEqual(amount);
        expect(amount - rounded).toBeLessThan(100);
        expect(rounded % 100).toBe(0);
      }),
    );
  });

  it('rounds half up to the nearest riyal when the rule says so', () => {
    const rule = { unit: 'riyal', mode: 'half-up' } as const;

    expect([4_949, 4_950, 4_951].map((amount) => applyRounding(amount, rule))).toEqual([
      4_900, 5_000, 5_000,
    ]);
  });
});
