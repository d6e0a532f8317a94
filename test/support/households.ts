import type * as z from 'zod';
import {
  type Household,
  householdSchema,
  type Person,
  personSchema,
} from '../../shared/households/household.ts';

/**
 * Test households: an eligible Saudi family by default, with only what a test is about overridden.
 * Every record goes through the real schema, so a builder (or an override) that makes an invalid
 * record fails loudly instead of testing something the register would never hold.
 */

type PersonInput = z.input<typeof personSchema>;
type HouseholdInput = z.input<typeof householdSchema>;

/** Any person fields; dates as plain `YYYY-MM-DD` strings. */
export type PersonOverrides = Partial<PersonInput>;

/**
 * Any household fields. `head` and each of `dependents` are overrides merged onto a default person
 * (pass a whole `aPerson(...)` to set them all); `contact` and `bankAccount` merge onto the defaults.
 */
export type HouseholdOverrides = Partial<
  Omit<HouseholdInput, 'head' | 'dependents' | 'contact' | 'bankAccount'>
> & {
  head?: PersonOverrides;
  dependents?: readonly PersonOverrides[];
  contact?: Partial<HouseholdInput['contact']>;
  bankAccount?: Partial<HouseholdInput['bankAccount']>;
};

let sequence = 0;

/** A fresh number per call, so ids never collide inside a test. */
function next(): number {
  sequence += 1;
  return sequence;
}

/**
 * A person who passes every eligibility rule: a Saudi living at home, unmarried, born 2010-05-15
 * (a minor until 2028-05-15), data verified, never abroad. A dependent child unless `relation` says
 * otherwise; `personId` and `nationalId` are unique unless given.
 */
export function aPerson(overrides: PersonOverrides = {}): Person {
  const n = next();
  return personSchema.parse({
    personId: `P${n}`,
    nationalId: `1${String(n).padStart(9, '0')}`,
    birthDate: '2010-05-15',
    relation: 'child',
    nationality: 'SA',
    citizenshipException: null,
    mobilityCard: false,
    daysAbroadThisYear: 0,
    residence: 'home',
    dataVerified: true,
    married: false,
    ...overrides,
  });
}

/**
 * An eligible family household with no dependents and no income: a married Saudi head born
 * 1980-03-20, registered 2018-01-01, contact in Arabic, a valid IBAN, no arrears. The head keeps
 * relation "head"; dependents default to children (see `aPerson`).
 */
export function aHousehold(overrides: HouseholdOverrides = {}): Household {
  return householdSchema.parse(aHouseholdRecord(overrides));
}

/**
 * The register record `aHousehold` parses: the household as the register holds it, before the
 * schema (a mobile number as written, not yet in E.164; no contact problems worked out). For a test
 * of what the schema, or the cycle reading the register, makes of a record.
 */
export function aHouseholdRecord(overrides: HouseholdOverrides = {}): HouseholdInput {
  const n = next();
  const { head = {}, dependents = [], contact = {}, bankAccount = {}, ...rest } = overrides;
  return {
    householdId: `H${String(n).padStart(7, '0')}`,
    kind: 'family',
    registeredOn: '2018-01-01',
    head: aPerson({ relation: 'head', birthDate: '1980-03-20', married: true, ...head }),
    dependents: dependents.map((dependent) => aPerson(dependent)),
    monthlyIncomeHalalas: 0,
    housingProof: null,
    contact: {
      mobile: '0551234567',
      email: 'beneficiary@example.com',
      language: 'ar',
      smsOptOut: false,
      emailOptOut: false,
      ...contact,
    },
    bankAccount: { iban: `SA${String(n).padStart(22, '0')}`, ...bankAccount },
    arrears: {},
    ...rest,
  };
}

/**
 * An eligible independent individual (الفرد المستقل): unmarried, born 1995-07-01, with an Ejar
 * lease, registered 2019-06-01 (before the March 2020 suspension), no dependents.
 */
export function anIndependent(overrides: HouseholdOverrides = {}): Household {
  const { head = {}, ...rest } = overrides;
  return aHousehold({
    kind: 'independent',
    registeredOn: '2019-06-01',
    housingProof: 'ejar-lease',
    ...rest,
    head: { birthDate: '1995-07-01', married: false, ...head },
  });
}
