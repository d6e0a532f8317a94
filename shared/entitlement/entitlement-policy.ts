import { type CycleId, cycleIdSchema } from '../calendar/calendar-date.ts';
import { halalasSchema } from '../money/halalas.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import entitlementPoliciesJson from './data/entitlement-policies.json' with { type: 'json' };
import { InvalidEntitlementPolicyError, NoEntitlementPolicyError } from './errors.ts';

/**
 * The entitlement policy as versioned data (shared/entitlement.md): each version is a dated set of
 * amounts and thresholds, so a royal order that changes an amount is a new version in
 * shared/entitlement/data/entitlement-policies.json, not a code change. Money is in integer
 * halalas and weights in tenths (the head weighs 10), so that no step needs a floating-point number.
 * The schemas are also the types. A version's own arithmetic lives here too (its amounts at a
 * weight, its rounding rules), because validating a version needs it as much as computing with it.
 * Where each value comes from is in entitlement-provenance.json beside it (entitlement-provenance.ts):
 * no Lambda reads it, so the functions are bundled without its text.
 */

/** Weights are in tenths; the head of household, the unit of weight, weighs 10. */
export const WEIGHT_UNIT_TENTHS = 10;

const text = /* @__PURE__ */ z.onFirstUse(() => z.string().check(z.trim(), z.minLength(1)));

/** The unit an amount is rounded to. */
export const ROUNDING_UNITS = ['halala', 'riyal'] as const;

/** `floor` rounds down; `half-up` rounds to the nearest unit, a tie upwards. */
export const ROUNDING_MODES = ['floor', 'half-up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

export const roundingSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.strictObject({
    unit: z.enum(ROUNDING_UNITS),
    mode: z.enum(ROUNDING_MODES),
  }),
);
export type Rounding = z.infer<typeof roundingSchema>;

/**
 * Bounds far beyond any real value (10 million SAR, a weight of 100 for one person) that keep every
 * result of the integer arithmetic a safe integer.
 */
const amount = /* @__PURE__ */ z.onFirstUse(() => halalasSchema.check(z.maximum(1_000_000_000)));
const memberWeight = /* @__PURE__ */ z.onFirstUse(() =>
  z.int().check(z.minimum(0), z.maximum(1000)),
);

const entitlementPolicyObjectSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.strictObject({
    /** The version's id, recorded with every payment computed under it ("2023-10"). */
    version: text,
    /** The first cycle the version applies to; it applies until the next version takes effect. */
    effectiveFrom: cycleIdSchema,
    /**
     * The full monthly amount for each member of the household. The head's amount is the amount per
     * unit of weight; the dependents' amounts are the published figures, kept so the file is refused
     * if they and the weights disagree.
     */
    fullAmountHalalas: z.strictObject({
      head: amount,
      adultDependent: amount,
      minorDependent: amount,
    }),
    /** Each member's weight in tenths. The head is the unit of weight: 10. */
    weightTenths: z.strictObject({
      head: z.literal(WEIGHT_UNIT_TENTHS),
      adultDependent: memberWeight,
      minorDependent: memberWeight,
    }),
    /** The weight the full amount and the exemption threshold stop growing at. */
    weightCapTenths: z.int().check(z.minimum(10), z.maximum(1000)),
    /** Monthly household income up to which the full amount is paid, per unit of capped weight. */
    exemptionThresholdPerUnitWeightHalalas: amount,
    /**
     * Monthly household income from which nothing is paid: the base per unit of uncapped weight, a
     * rational number of halalas (20570 SAR / 3), rounded as `rounding` says, and at most the ceiling.
     */
    cutoff: z.strictObject({
      baseNumeratorHalalas: amount,
      baseDenominator: z.int().check(z.minimum(1), z.maximum(1_000_000)),
      rounding: roundingSchema,
      ceilingHalalas: amount,
    }),
    /** How the formula's amount (already floored to the halala) is rounded to what is paid. */
    rounding: roundingSchema,
    /** A rounded amount below this pays nothing this cycle. 0 turns the rule off. */
    minimumPaymentHalalas: amount,
  }),
);

/** One version of the entitlement policy. */
export type EntitlementPolicy = z.output<typeof entitlementPolicyObjectSchema>;

export const entitlementPolicySchema = /* @__PURE__ */ z.onFirstUse(() =>
  entitlementPolicyObjectSchema.check(
    z.superRefine((policy, ctx) => {
      const { fullAmountHalalas: amounts, weightTenths: weights } = policy;
      for (const member of ['adultDependent', 'minorDependent'] as const) {
        // amount = head amount x weight / 10, compared without dividing.
        if (amounts[member] * WEIGHT_UNIT_TENTHS !== amounts.head * weights[member]) {
          ctx.addIssue({
            code: 'custom',
            path: ['fullAmountHalalas', member],
            message: `${amounts[member]} disagrees with the weights: the head's ${amounts.head} x ${weights[member]}/${WEIGHT_UNIT_TENTHS}`,
          });
        }
      }
      // The cut-off only grows with the weight and the threshold stops at the cap, so checking every
      // weight up to the cap covers every household.
      for (let weight = WEIGHT_UNIT_TENTHS; weight <= policy.weightCapTenths; weight += 1) {
        const { exemptionThresholdHalalas, cutoffHalalas } = policyAmountsForWeight(policy, weight);
        if (cutoffHalalas <= exemptionThresholdHalalas) {
          ctx.addIssue({
            code: 'custom',
            path: ['cutoff'],
            message: `the cut-off (${cutoffHalalas}) must be above the exemption threshold (${exemptionThresholdHalalas}) at weight ${weight}/${WEIGHT_UNIT_TENTHS}`,
          });
          return;
        }
      }
    }),
  ),
);

/** The policy file: every version, oldest first. */
export const entitlementPoliciesSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.strictObject({ versions: z.array(entitlementPolicySchema).check(z.minLength(1)) }).check(
    z.superRefine(({ versions }, ctx) => {
      const seen = new Set<string>();
      versions.forEach((policy, index) => {
        if (seen.has(policy.version)) {
          ctx.addIssue({
            code: 'custom',
            path: ['versions', index, 'version'],
            message: `version "${policy.version}" appears more than once`,
          });
        }
        seen.add(policy.version);
        const previous = versions[index - 1];
        if (previous !== undefined && policy.effectiveFrom <= previous.effectiveFrom) {
          ctx.addIssue({
            code: 'custom',
            path: ['versions', index, 'effectiveFrom'],
            message: `${policy.effectiveFrom} must be after the previous version's ${previous.effectiveFrom}`,
          });
        }
      });
    }),
  ),
);

export type EntitlementPolicies = z.output<typeof entitlementPoliciesSchema>;

/** Validates an untrusted policy file, naming the file and every path that is wrong. */
export function parseEntitlementPolicies(input: unknown, origin: string): EntitlementPolicies {
  const result = entitlementPoliciesSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidEntitlementPolicyError(
      `${origin} is not valid: ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}

let bundled: EntitlementPolicies | undefined;

/** The policy versions that ship with dafaa (shared/entitlement/data/), validated on first use. */
export function bundledEntitlementPolicies(): EntitlementPolicies {
  bundled ??= parseEntitlementPolicies(
    entitlementPoliciesJson,
    'shared/entitlement/data/entitlement-policies.json',
  );
  return bundled;
}

/** The version in force in a cycle: the one with the latest `effectiveFrom` not after it. */
export function policyForCycle(policies: EntitlementPolicies, cycle: CycleId): EntitlementPolicy {
  let inForce: EntitlementPolicy | undefined;
  let earliest: EntitlementPolicy | undefined;
  for (const policy of policies.versions) {
    if (
      policy.effectiveFrom <= cycle &&
      !(inForce && inForce.effectiveFrom >= policy.effectiveFrom)
    ) {
      inForce = policy;
    }
    if (!earliest || policy.effectiveFrom < earliest.effectiveFrom) earliest = policy;
  }
  if (inForce) return inForce;
  throw new NoEntitlementPolicyError(
    earliest
      ? `no entitlement policy is in force in ${cycle}: the first version, ${earliest.version}, takes effect in ${earliest.effectiveFrom}`
      : `no entitlement policy is in force in ${cycle}: there are no policy versions`,
  );
}

/** The policy's amounts for one household weight, before income is considered. */
export interface PolicyAmounts {
  readonly cappedWeightTenths: number;
  readonly fullAmountHalalas: number;
  readonly exemptionThresholdHalalas: number;
  readonly cutoffHalalas: number;
}

/**
 * F, E and C for a household weight in tenths: F = head amount x capped weight, E = threshold per
 * unit x capped weight (both floored to the halala), C = cut-off base x uncapped weight, rounded by
 * the cut-off's rule and capped at its ceiling.
 */
export function policyAmountsForWeight(
  policy: EntitlementPolicy,
  weightTenths: number,
): PolicyAmounts {
  const cappedWeightTenths = Math.min(weightTenths, policy.weightCapTenths);
  const { cutoff } = policy;
  const cutoffUnit = HALALAS_PER_UNIT[cutoff.rounding.unit];
  const cutoffInUnits = multiplyDivide(
    cutoff.baseNumeratorHalalas,
    weightTenths,
    cutoff.baseDenominator * WEIGHT_UNIT_TENTHS * cutoffUnit,
    cutoff.rounding.mode,
  );
  return {
    cappedWeightTenths,
    fullAmountHalalas: multiplyDivide(
      policy.fullAmountHalalas.head,
      cappedWeightTenths,
      policy.weightTenths.head,
      'floor',
    ),
    exemptionThresholdHalalas: multiplyDivide(
      policy.exemptionThresholdPerUnitWeightHalalas,
      cappedWeightTenths,
      WEIGHT_UNIT_TENTHS,
      'floor',
    ),
    cutoffHalalas: Math.min(cutoffInUnits * cutoffUnit, cutoff.ceilingHalalas),
  };
}

export const HALALAS_PER_UNIT = { halala: 1, riyal: 100 } as const satisfies Record<
  Rounding['unit'],
  number
>;

/** Rounds a non-negative amount of halalas to the rule's unit (2345 -> 2300 for riyal, floor). */
export function applyRounding(amountHalalas: number, rounding: Rounding): number {
  const unit = HALALAS_PER_UNIT[rounding.unit];
  return multiplyDivide(amountHalalas, 1, unit, rounding.mode) * unit;
}

/**
 * a x b / divisor for non-negative integers, rounded by `mode`, exact at any size: the product is
 * taken in BigInt, and the result is an integer number again.
 */
export function multiplyDivide(a: number, b: number, divisor: number, mode: RoundingMode): number {
  const numerator = BigInt(a) * BigInt(b);
  const denominator = BigInt(divisor);
  const quotient =
    mode === 'floor'
      ? numerator / denominator
      : (2n * numerator + denominator) / (2n * denominator);
  return Number(quotient);
}
