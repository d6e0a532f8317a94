import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import entitlementProvenanceJson from './data/entitlement-provenance.json' with { type: 'json' };
import type { EntitlementPolicies } from './entitlement-policy.ts';
import { InvalidEntitlementPolicyError } from './errors.ts';

/**
 * Where each value of each policy version comes from (shared/entitlement/data/
 * entitlement-provenance.json), one note per field under the field's own name, keyed by version.
 * Apart from the amounts (entitlement-policies.json) because nothing that pays reads it: the
 * Lambdas that compute entitlements are bundled without its 8 KiB of text. Every version has its
 * provenance and no other version has one: the tests hold the two files together.
 */

const text = /* @__PURE__ */ z.onFirstUse(() => z.string().check(z.trim(), z.minLength(1)));

/**
 * Where a value comes from: stated by the program (confirmed), fitting the published table exactly
 * (derived), our best reading (inferred), carried over from another version for want of a source
 * (assumed), or our decision where nothing is published (chosen). A field made of parts takes the
 * weakest basis of its parts; the note says which part is which.
 */
export const PROVENANCE_BASES = ['confirmed', 'derived', 'inferred', 'assumed', 'chosen'] as const;

const provenanceNoteSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.strictObject({ basis: z.enum(PROVENANCE_BASES), note: text }),
);

/** One note per field of the version, under the field's own name, so every value can be traced. */
export const provenanceSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.strictObject({
    summary: text,
    effectiveFrom: provenanceNoteSchema,
    fullAmountHalalas: provenanceNoteSchema,
    weightTenths: provenanceNoteSchema,
    weightCapTenths: provenanceNoteSchema,
    exemptionThresholdPerUnitWeightHalalas: provenanceNoteSchema,
    cutoff: z.strictObject({
      base: provenanceNoteSchema,
      rounding: provenanceNoteSchema,
      ceilingHalalas: provenanceNoteSchema,
    }),
    /** The straight line between the exemption threshold and the cut-off (code, not data). */
    taper: provenanceNoteSchema,
    rounding: provenanceNoteSchema,
    minimumPaymentHalalas: provenanceNoteSchema,
  }),
);

export type Provenance = z.output<typeof provenanceSchema>;

/** The provenance file: each version's notes under its id. */
export const entitlementProvenanceSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.strictObject({
    versions: z.record(z.string(), provenanceSchema),
  }),
);

export type EntitlementProvenance = z.output<typeof entitlementProvenanceSchema>;

/**
 * Validates an untrusted provenance file against the policy versions it describes, naming the file
 * and every path that is wrong: each version needs its notes, and notes need a version.
 */
export function parseEntitlementProvenance(
  input: unknown,
  policies: EntitlementPolicies,
  origin: string,
): EntitlementProvenance {
  const schema = entitlementProvenanceSchema.check(
    z.superRefine(({ versions }, ctx) => {
      const known = new Set(policies.versions.map(({ version }) => version));
      for (const version of known) {
        if (!(version in versions)) {
          ctx.addIssue({
            code: 'custom',
            path: ['versions', version],
            message: `version "${version}" has no provenance`,
          });
        }
      }
      for (const version of Object.keys(versions)) {
        if (!known.has(version)) {
          ctx.addIssue({
            code: 'custom',
            path: ['versions', version],
            message: `there is no policy version "${version}"`,
          });
        }
      }
    }),
  );
  const result = z.safeParse(schema, input);
  if (!result.success) {
    throw new InvalidEntitlementPolicyError(
      `${origin} is not valid: ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}

/** The provenance that ships with dafaa, validated against the shipped policy versions. */
export function bundledEntitlementProvenance(policies: EntitlementPolicies): EntitlementProvenance {
  return parseEntitlementProvenance(
    entitlementProvenanceJson,
    policies,
    'shared/entitlement/data/entitlement-provenance.json',
  );
}
