import { halalasSchema } from '../money/halalas.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import {
  applyRounding,
  type EntitlementPolicy,
  HALALAS_PER_UNIT,
  multiplyDivide,
  policyAmountsForWeight,
  type RoundingMode,
} from './entitlement-policy.ts';
import { InvalidEntitlementInputError } from './errors.ts';

/**
 * The monthly amount a household is entitled to under one version of the entitlement policy.
 * In: the policy version in force in the cycle, the eligible dependents by age and the household's income.
 * Out: the amount to pay in halalas, with every step that produced it, to record beside the payment.
 *
 * The rule (shared/entitlement.md): weight w = 1 + 0.5 per dependent 18 or over + 0.3 per dependent
 * under 18, capped at 2.9 for the full amount F and the exemption threshold E, uncapped for the
 * cut-off C. Income at or below E pays F; at or above C, nothing; in between, F x (C - I) / (C - E).
 * Everything is integer arithmetic: weights in tenths, money in halalas, products in BigInt, each
 * division rounded by an explicit rule.
 */

export interface EntitlementInput {
  /** Eligible dependents aged 18 or over. */
  readonly eligibleAdultDependents: number;
  /** Eligible dependents under 18. */
  readonly eligibleMinorDependents: number;
  /** Total household income per month. */
  readonly monthlyIncomeHalalas: number;
}

export type EntitlementBand = 'full' | 'tapered' | 'above-cutoff';

export interface EntitlementBreakdown {
  readonly policyVersion: string;
  /** How the weight is made up: the counts, and each member's weight in tenths in this version. */
  readonly weightTerms: {
    readonly headTenths: number;
    readonly adultDependents: number;
    readonly adultDependentTenths: number;
    readonly minorDependents: number;
    readonly minorDependentTenths: number;
  };
  /** w x 10, uncapped (18 for w = 1.8). */
  readonly weightTenths: number;
  /** min(w, cap) x 10. */
  readonly cappedWeightTenths: number;
  readonly incomeHalalas: number;
  /** F: the full amount for the capped weight. */
  readonly fullAmountHalalas: number;
  /** E: income up to which F is paid (floored to the halala, which leaves `income <= E` exact). */
  readonly exemptionThresholdHalalas: number;
  /** C: income from which nothing is paid. */
  readonly cutoffHalalas: number;
  readonly band: EntitlementBand;
  /** The formula's amount to the nearest halala, for display; what is paid is rounded from the exact one. */
  readonly taperedAmountHalalas: number;
  /** What is paid: rounded by the policy's rule, and 0 if below the minimum payment. */
  readonly amountHalalas: number;
  /** The formula gave an amount, but below the minimum payment, so nothing is paid. */
  readonly belowMinimum: boolean;
}

/**
 * Far above any real household (the register holds at most 40 dependents); it keeps the weight a
 * small integer.
 */
const MAX_DEPENDENTS = 1000;

const entitlementInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    eligibleAdultDependents: z.int().check(z.minimum(0), z.maximum(MAX_DEPENDENTS)),
    eligibleMinorDependents: z.int().check(z.minimum(0), z.maximum(MAX_DEPENDENTS)),
    monthlyIncomeHalalas: halalasSchema,
  }),
);

export function computeEntitlement(
  policy: EntitlementPolicy,
  input: EntitlementInput,
): EntitlementBreakdown {
  const { eligibleAdultDependents, eligibleMinorDependents, monthlyIncomeHalalas } =
    parseInput(input);
  const weights = policy.weightTenths;
  const weightTenths =
    weights.head +
    weights.adultDependent * eligibleAdultDependents +
    weights.minorDependent * eligibleMinorDependents;
  const {
    cappedWeightTenths,
    fullAmountHalalas: full,
    exemptionThresholdHalalas: exemption,
    cutoffHalalas: cutoff,
  } = policyAmountsForWeight(policy, weightTenths);

  // Full first: a validated policy has C > E for every weight, so the tapered band is never empty
  // and never divides by zero.
  const band: EntitlementBand =
    monthlyIncomeHalalas <= exemption
      ? 'full'
      : monthlyIncomeHalalas >= cutoff
        ? 'above-cutoff'
        : 'tapered';
  // The exact taper F x (C - I) / (C - E) is rounded once, by the policy's rule: never a floored
  // halala rounded again (which would make "half-up to the halala" a floor).
  const taper = (unit: number, mode: RoundingMode) =>
    multiplyDivide(full, cutoff - monthlyIncomeHalalas, (cutoff - exemption) * unit, mode) * unit;
  const taperedAmountHalalas =
    band === 'full' ? full : band === 'above-cutoff' ? 0 : taper(1, 'half-up');
  const rounded =
    band === 'tapered'
      ? taper(HALALAS_PER_UNIT[policy.rounding.unit], policy.rounding.mode)
      : applyRounding(taperedAmountHalalas, policy.rounding);
  // Nothing to pay is below any minimum: a taper that rounds to nothing pays nothing.
  const belowMinimum =
    band !== 'above-cutoff' && rounded < Math.max(policy.minimumPaymentHalalas, 1);

  return {
    policyVersion: policy.version,
    weightTerms: {
      headTenths: weights.head,
      adultDependents: eligibleAdultDependents,
      adultDependentTenths: weights.adultDependent,
      minorDependents: eligibleMinorDependents,
      minorDependentTenths: weights.minorDependent,
    },
    weightTenths,
    cappedWeightTenths,
    incomeHalalas: monthlyIncomeHalalas,
    fullAmountHalalas: full,
    exemptionThresholdHalalas: exemption,
    cutoffHalalas: cutoff,
    band,
    taperedAmountHalalas,
    amountHalalas: belowMinimum ? 0 : rounded,
    belowMinimum,
  };
}

function parseInput(input: EntitlementInput): EntitlementInput {
  const result = entitlementInputSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidEntitlementInputError(
      `entitlement input is not valid: ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}
