import { type IsoDate, toYearMonthDay } from '../calendar/calendar-date.ts';
import type { EligibilityRules } from '../config/program-rules.ts';
import { DafaaError } from '../errors/dafaa-error.ts';
import type { Household, Person } from '../households/household.ts';
import type { IneligibilityReason } from './ineligibility-reasons.ts';

/**
 * Eligibility of a household for one cycle: goes in the eligibility rules, the household as the
 * register holds it and the date of the result; comes out a result for the head and each dependent,
 * with every reason that fails, and the counts of eligible dependents the household weight uses.
 */

/** Base of the eligibility module's errors. */
export class EligibilityError extends DafaaError {
  override readonly name: string = 'EligibilityError';
}

/** A birth date later than the date the age is asked for: the record is wrong, there is no age. */
export class BirthDateAfterAsOfError extends EligibilityError {
  override readonly name: string = 'BirthDateAfterAsOfError';
}

/** The result for one person: the head of household or a dependent. */
export interface PersonEligibility {
  readonly personId: string;
  readonly role: 'head' | 'dependent';
  /** Whole years on the date of the result. */
  readonly age: number;
  /** `age >= rules.adultAge`: an adult dependent weighs 0.5, a minor 0.3. */
  readonly adult: boolean;
  readonly eligible: boolean;
  /** Empty when eligible; otherwise every rule that fails, in `INELIGIBILITY_REASONS` order. */
  readonly reasons: readonly IneligibilityReason[];
}

/** The result for a household: paid this cycle only if the head is eligible. */
export interface HouseholdEligibility {
  /** The household is paid this cycle only if the head is eligible. */
  readonly eligible: boolean;
  readonly head: PersonEligibility;
  /** Every dependent, in the register's order, evaluated even when the head is not eligible. */
  readonly dependents: readonly PersonEligibility[];
  /** Eligible dependents aged `adultAge` or over; an ineligible dependent does not count. */
  readonly eligibleAdultDependents: number;
  /** Eligible dependents under `adultAge`. */
  readonly eligibleMinorDependents: number;
  /** The head's reasons: why the household is not paid. Empty when it is. */
  readonly reasons: readonly IneligibilityReason[];
}

/**
 * Evaluates the head and every dependent of a household against the eligibility rules on `asOf`.
 * Pure: the thresholds come from `rules`, the facts from `household`.
 *
 * @throws {BirthDateAfterAsOfError} when someone in the household is born after `asOf`.
 */
export function evaluateEligibility(
  rules: EligibilityRules,
  household: Household,
  asOf: IsoDate,
): HouseholdEligibility {
  const headAge = ageInHousehold(household, household.head, 'head', asOf);
  const head = personResult(rules, household.head, 'head', headAge, [
    ...everyoneReasons(rules, household.head),
    ...(household.kind === 'independent' ? independentReasons(rules, household, headAge) : []),
  ]);
  const dependents = household.dependents.map((person) =>
    personResult(rules, person, 'dependent', ageInHousehold(household, person, 'dependent', asOf), [
      ...everyoneReasons(rules, person),
      ...dependentReasons(person),
    ]),
  );
  const eligibleDependents = dependents.filter((dependent) => dependent.eligible);
  const eligibleAdultDependents = eligibleDependents.filter((dependent) => dependent.adult).length;
  return {
    eligible: head.eligible,
    head,
    dependents,
    eligibleAdultDependents,
    eligibleMinorDependents: eligibleDependents.length - eligibleAdultDependents,
    reasons: head.reasons,
  };
}

/**
 * Whole years from `birthDate` to `date`. Someone born on 29 February turns a year older on
 * 1 March in a year without one.
 *
 * @throws {BirthDateAfterAsOfError} when `birthDate` is after `date`.
 */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  if (date < birthDate) {
    throw new BirthDateAfterAsOfError(`born on ${birthDate}, so there is no age on ${date}`);
  }
  const born = toYearMonthDay(birthDate);
  const on = toYearMonthDay(date);
  const birthdayPassed = on.month > born.month || (on.month === born.month && on.day >= born.day);
  return on.year - born.year - (birthdayPassed ? 0 : 1);
}

/** `ageOn`, with an error that names the household and the person. */
function ageInHousehold(
  household: Household,
  person: Person,
  role: PersonEligibility['role'],
  asOf: IsoDate,
): number {
  if (asOf < person.birthDate) {
    throw new BirthDateAfterAsOfError(
      `household ${household.householdId}: ${role} ${person.personId} is born on ${person.birthDate}, after ${asOf}`,
    );
  }
  return ageOn(person.birthDate, asOf);
}

function personResult(
  rules: EligibilityRules,
  person: Person,
  role: PersonEligibility['role'],
  age: number,
  reasons: readonly IneligibilityReason[],
): PersonEligibility {
  return {
    personId: person.personId,
    role,
    age,
    adult: age >= rules.adultAge,
    eligible: reasons.length === 0,
    reasons,
  };
}

/** Citizenship, residence, shelter or prison, and matching data: the rules for the head and every dependent. */
function everyoneReasons(rules: EligibilityRules, person: Person): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  if (!isCitizenOrExcepted(person)) reasons.push('not-saudi-citizen');
  if (person.daysAbroadThisYear > rules.maxDaysAbroadPerYear) reasons.push('abroad-over-limit');
  if (person.residence === 'shelter') reasons.push('in-shelter');
  if (person.residence === 'prison') reasons.push('in-prison');
  if (!person.dataVerified) reasons.push('data-mismatch');
  return reasons;
}

/** A Saudi citizen, a Saudi mother's child, a Saudi's non-Saudi spouse, or a mobility-card holder. */
function isCitizenOrExcepted(person: Person): boolean {
  return person.nationality === 'SA' || person.citizenshipException !== null || person.mobilityCard;
}

function dependentReasons(person: Person): IneligibilityReason[] {
  return person.relation === 'child' && person.married ? ['married-child'] : [];
}

/** The independent individual: old enough, unmarried, housed on their own, alone, registered when allowed. */
function independentReasons(
  rules: EligibilityRules,
  household: Household,
  headAge: number,
): IneligibilityReason[] {
  const reasons: IneligibilityReason[] = [];
  if (headAge < rules.independentMinimumAge) reasons.push('independent-under-age');
  if (household.head.married) reasons.push('independent-married');
  if (
    household.housingProof === null ||
    !rules.acceptedHousingProofs.includes(household.housingProof)
  ) {
    reasons.push('independent-without-housing-proof');
  }
  if (registeredWhileSuspended(rules, household.registeredOn)) {
    reasons.push('independent-registration-suspended');
  }
  if (household.dependents.length > 0) reasons.push('independent-with-dependents');
  return reasons;
}

/** Inside a window: from `from` (included) to `until` (excluded), or still open when `until` is null. */
function registeredWhileSuspended(rules: EligibilityRules, registeredOn: IsoDate): boolean {
  // `YYYY-MM-DD` strings compare as the dates they name.
  return rules.independentRegistrationSuspensions.some(
    ({ from, until }) => from <= registeredOn && (until === null || registeredOn < until),
  );
}
