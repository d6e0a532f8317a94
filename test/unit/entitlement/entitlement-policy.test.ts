import { describe, expect, it } from 'vitest';
import {
  bundledEntitlementPolicies,
  parseEntitlementPolicies,
  policyForCycle,
} from '../../../shared/entitlement/entitlement-policy.ts';
import {
  bundledEntitlementProvenance,
  parseEntitlementProvenance,
} from '../../../shared/entitlement/entitlement-provenance.ts';
import {
  InvalidEntitlementPolicyError,
  NoEntitlementPolicyError,
} from '../../../shared/entitlement/errors.ts';
import { c } from '../../support/calendar.ts';

const policies = bundledEntitlementPolicies();
const current = policyForCycle(policies, c('2026-01'));
const provenance = bundledEntitlementProvenance(policies);
/** A version's provenance, which every shipped version has. */
const provenanceOf = (version: string) => {
  const notes = provenance.versions[version];
  if (notes === undefined) throw new Error(`no provenance for ${version}`);
  return notes;
};

/** The shipped file with version 2023-10 changed, as untrusted input. */
const withCurrent = (changes: Record<string, unknown>): unknown => ({
  versions: policies.versions.map((policy) =>
    policy === current ? { ...current, ...changes } : policy,
  ),
});

describe('bundledEntitlementPolicies', () => {
  it('validates the shipped file, oldest version first', () => {
    expect(policies.versions.map(({ version, effectiveFrom }) => [version, effectiveFrom])).toEqual(
      [
        ['2017-12', '2017-12'],
        ['2022-07', '2022-07'],
        ['2023-10', '2023-10'],
        ['2026-12', '2026-12'],
      ],
    );
  });

  it('pays from 2026-12 the 2023-10 amounts as the formula gives them: to the halala, no minimum', () => {
    const { version, effectiveFrom, rounding, minimumPaymentHalalas, ...amounts } = policyForCycle(
      policies,
      c('2026-12'),
    );
    const {
      version: _v,
      effectiveFrom: _e,
      rounding: _r,
      minimumPaymentHalalas: _m,
      ...before
    } = current;

    expect(amounts).toEqual(before);
    expect(rounding).toEqual({ unit: 'halala', mode: 'half-up' });
    expect(minimumPaymentHalalas).toBe(0);
    expect([version, effectiveFrom, provenanceOf(version).rounding.basis]).toEqual([
      '2026-12',
      '2026-12',
      'chosen',
    ]);
  });

  it('ships the confirmed 2023-10 amounts and thresholds', () => {
    expect(current).toMatchObject({
      fullAmountHalalas: { head: 72_000, adultDependent: 36_000, minorDependent: 21_600 },
      weightTenths: { head: 10, adultDependent: 5, minorDependent: 3 },
      weightCapTenths: 29,
      exemptionThresholdPerUnitWeightHalalas: 431_000,
      cutoff: { baseNumeratorHalalas: 2_057_000, baseDenominator: 3, ceilingHalalas: 2_000_000 },
      rounding: { unit: 'riyal', mode: 'floor' },
      minimumPaymentHalalas: 1_000,
    });
    expect(provenanceOf(current.version).fullAmountHalalas.basis).toBe('confirmed');
    expect(provenanceOf(current.version).taper.basis).toBe('inferred');
  });

  it('marks the thresholds of the earlier versions as assumed', () => {
    const earlier = policies.versions.filter(
      (policy) => policy.effectiveFrom < current.effectiveFrom,
    );

    for (const { version } of earlier) {
      expect(provenanceOf(version).exemptionThresholdPerUnitWeightHalalas.basis).toBe('assumed');
      expect(provenanceOf(version).cutoff.base.basis).toBe('assumed');
    }
  });
});

describe('policyForCycle', () => {
  it.each([
    ['2017-12', '2017-12'],
    ['2022-06', '2017-12'],
    ['2022-07', '2022-07'],
    ['2023-09', '2022-07'],
    ['2023-10', '2023-10'],
    ['2026-11', '2023-10'],
    ['2026-12', '2026-12'],
  ])('applies to cycle %s the version %s', (cycle, version) => {
    expect(policyForCycle(policies, c(cycle)).version).toBe(version);
  });

  it('refuses a cycle before the first version, naming both', () => {
    expect(() => policyForCycle(policies, c('2017-11'))).toThrow(NoEntitlementPolicyError);
    expect(() => policyForCycle(policies, c('2017-11'))).toThrow(
      /no entitlement policy is in force in 2017-11: the first version, 2017-12, takes effect in 2017-12/,
    );
  });

  it('picks by effective month, not by position in the list', () => {
    const shuffled = { versions: [...policies.versions].reverse() };

    expect(policyForCycle(shuffled, c('2023-01')).version).toBe('2022-07');
  });
});

describe('parseEntitlementPolicies', () => {
  it('names the file and the field when a value is malformed', () => {
    const input = withCurrent({ weightCapTenths: 2.9 });

    expect(() => parseEntitlementPolicies(input, 'policies.json')).toThrow(
      InvalidEntitlementPolicyError,
    );
    expect(() => parseEntitlementPolicies(input, 'policies.json')).toThrow(
      /policies.json is not valid: versions\.2\.weightCapTenths: /,
    );
  });

  it('refuses a missing field and an unknown one', () => {
    const { minimumPaymentHalalas: _, ...withoutMinimum } = current;
    const missing = { versions: [withoutMinimum] };
    const misspelt = { versions: [{ ...withoutMinimum, minimumPaymentHalala: 1_000 }] };

    expect(() => parseEntitlementPolicies(missing, 'x.json')).toThrow(
      /versions\.0\.minimumPaymentHalalas/,
    );
    expect(() => parseEntitlementPolicies(misspelt, 'x.json')).toThrow(/minimumPaymentHalala\b/);
  });

  it('refuses a negative amount and a month that does not exist', () => {
    expect(() =>
      parseEntitlementPolicies(withCurrent({ minimumPaymentHalalas: -1 }), 'x.json'),
    ).toThrow(/versions\.2\.minimumPaymentHalalas/);
    expect(() =>
      parseEntitlementPolicies(withCurrent({ effectiveFrom: '2023-13' }), 'x.json'),
    ).toThrow(/versions\.2\.effectiveFrom: 2023-13 is not a month/);
  });

  it('refuses a version that appears twice', () => {
    const input = withCurrent({ version: '2022-07' });

    expect(() => parseEntitlementPolicies(input, 'x.json')).toThrow(
      /versions\.2\.version: version "2022-07" appears more than once/,
    );
  });

  it('refuses versions whose effective months do not strictly increase', () => {
    const input = withCurrent({ effectiveFrom: '2022-07' });

    expect(() => parseEntitlementPolicies(input, 'x.json')).toThrow(
      /versions\.2\.effectiveFrom: 2022-07 must be after the previous version's 2022-07/,
    );
  });

  it("refuses dependents' amounts that disagree with the weights", () => {
    const input = withCurrent({
      fullAmountHalalas: { ...current.fullAmountHalalas, minorDependent: 22_000 },
    });

    expect(() => parseEntitlementPolicies(input, 'x.json')).toThrow(
      /versions\.2\.fullAmountHalalas\.minorDependent: 22000 disagrees with the weights/,
    );
  });

  it('refuses a cut-off that does not stay above the exemption threshold', () => {
    // E at the cap is 12,499 SAR: a 12,000 SAR ceiling would leave no tapered band there.
    const input = withCurrent({ cutoff: { ...current.cutoff, ceilingHalalas: 1_200_000 } });

    expect(() => parseEntitlementPolicies(input, 'x.json')).toThrow(
      /versions\.2\.cutoff: the cut-off \(1200000\) must be above the exemption threshold/,
    );
  });

  it('refuses a head weight other than the unit', () => {
    const input = withCurrent({ weightTenths: { ...current.weightTenths, head: 5 } });

    expect(() => parseEntitlementPolicies(input, 'x.json')).toThrow(
      /versions\.2\.weightTenths\.head/,
    );
  });

  it('accepts its own output again', () => {
    const reparsed = parseEntitlementPolicies(policies, 'x.json');

    expect(reparsed).toEqual(policies);
  });
});

describe('parseEntitlementProvenance', () => {
  /** The shipped provenance with version 2023-10's notes changed, as untrusted input. */
  const withCurrentNotes = (notes: unknown): unknown => ({
    versions: { ...provenance.versions, [current.version]: notes },
  });

  it('refuses a field without its provenance', () => {
    const { taper: _, ...notes } = provenanceOf(current.version);

    expect(() => parseEntitlementProvenance(withCurrentNotes(notes), policies, 'p.json')).toThrow(
      InvalidEntitlementPolicyError,
    );
    expect(() => parseEntitlementProvenance(withCurrentNotes(notes), policies, 'p.json')).toThrow(
      /p.json is not valid: versions\.2023-10\.taper/,
    );
  });

  it('refuses a basis it does not know', () => {
    const notes = { ...provenanceOf(current.version), taper: { basis: 'guessed', note: 'x' } };

    expect(() => parseEntitlementProvenance(withCurrentNotes(notes), policies, 'p.json')).toThrow(
      /versions\.2023-10\.taper\.basis/,
    );
  });

  it('refuses a policy version without provenance, and provenance without a version', () => {
    const { [current.version]: _, ...others } = provenance.versions;
    const stray = {
      versions: { ...provenance.versions, '2030-01': provenanceOf(current.version) },
    };

    expect(() => parseEntitlementProvenance({ versions: others }, policies, 'p.json')).toThrow(
      /versions\.2023-10: version "2023-10" has no provenance/,
    );
    expect(() => parseEntitlementProvenance(stray, policies, 'p.json')).toThrow(
      /versions\.2030-01: there is no policy version "2030-01"/,
    );
  });
});
