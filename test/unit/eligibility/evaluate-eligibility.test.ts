import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  addDays,
  fromDayNumber,
  type IsoDate,
  isoDate,
  toDayNumber,
  toYearMonthDay,
} from '../../../shared/calendar/calendar-date.ts';
import {
  defaultProgramRules,
  type EligibilityRules,
  programRulesSchema,
} from '../../../shared/config/program-rules.ts';
import {
  ageOn,
  BirthDateAfterAsOfError,
  EligibilityError,
  evaluateEligibility,
} from '../../../shared/eligibility/evaluate-eligibility.ts';
import {
  INELIGIBILITY_REASONS,
  type IneligibilityReason,
} from '../../../shared/eligibility/ineligibility-reasons.ts';
import { type Household, RESIDENCES } from '../../../shared/households/household.ts';
import { d } from '../../support/calendar.ts';
import {
  aHousehold,
  anIndependent,
  aPerson,
  type HouseholdOverrides,
  type PersonOverrides,
} from '../../support/households.ts';

const rules = defaultProgramRules.eligibility;
const asOf = d('2026-06-10');

/** The shipped eligibility rules with some thresholds changed, validated by the real schema. */
function rulesWith(
  overrides: Partial<z.input<typeof programRulesSchema.shape.eligibility>>,
): EligibilityRules {
  return programRulesSchema.shape.eligibility.parse({ ...rules, ...overrides });
}

/** The same day of the year, `years` earlier (not for a 29 February). */
function yearsBefore(date: IsoDate, years: number): IsoDate {
  const { year, month, day } = toYearMonthDay(date);
  return isoDate(year - years, month, day);
}

/** A family with the head eligible and one dependent as given. */
const withDependent = (dependent: PersonOverrides) => aHousehold({ dependents: [dependent] });
const evaluate = (household: Household, on: IsoDate = asOf) =>
  evaluateEligibility(rules, household, on);
const headReasons = (head: PersonOverrides, household: HouseholdOverrides = {}) =>
  evaluate(aHousehold({ ...household, head })).head.reasons;
const dependentReasons = (dependent: PersonOverrides) =>
  evaluate(withDependent(dependent)).dependents[0]?.reasons;

describe('ageOn', () => {
  it('counts whole years, turning a year older on the birthday', () => {
    expect(ageOn(d('2008-06-10'), d('2026-06-09'))).toBe(17);
    expect(ageOn(d('2008-06-10'), d('2026-06-10'))).toBe(18);
    expect(ageOn(d('2008-06-10'), d('2026-06-11'))).toBe(18);
    expect(ageOn(d('2008-12-31'), d('2026-01-01'))).toBe(17);
  });

  it('is zero on the day of birth', () => {
    expect(ageOn(d('2026-06-10'), d('2026-06-10'))).toBe(0);
  });

  it('turns a 29 February birthday a year older on 1 March when the year has no 29 February', () => {
    expect(ageOn(d('2008-02-29'), d('2026-02-28'))).toBe(17);
    expect(ageOn(d('2008-02-29'), d('2026-03-01'))).toBe(18);
    expect(ageOn(d('2008-02-29'), d('2028-02-28'))).toBe(19);
    expect(ageOn(d('2008-02-29'), d('2028-02-29'))).toBe(20);
  });

  it('refuses a birth date after the date asked about', () => {
    expect(() => ageOn(d('2026-06-11'), d('2026-06-10'))).toThrow(BirthDateAfterAsOfError);
    expect(() => ageOn(d('2026-06-11'), d('2026-06-10'))).toThrow(EligibilityError);
  });

  it('agrees with counting the birthdays passed, for any birth date and day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber(d('1900-01-01')), max: toDayNumber(d('2100-12-31')) }),
        fc.integer({ min: 0, max: 120 * 366 }),
        (birthDay, daysLater) => {
          // Arrange
          const birthDate = fromDayNumber(birthDay);
          const date = fromDayNumber(birthDay + daysLater);
          const born = toYearMonthDay(birthDate);
          const birthdayIn = (year: number) =>
            born.month === 2 && born.day === 29
              ? leapDayOr1March(year)
              : isoDate(year, born.month, born.day);
          let expected = 0;
          for (let year = born.year + 1; birthdayIn(year) <= date; year += 1) expected += 1;

          // Act / Assert
          expect(ageOn(birthDate, date)).toBe(expected);
        },
      ),
    );
  });
});

/** 29 February when the year has one, 1 March otherwise. */
function leapDayOr1March(year: number): IsoDate {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return leap ? isoDate(year, 2, 29) : isoDate(year, 3, 1);
}

describe('evaluateEligibility', () => {
  describe('an eligible family', () => {
    it('counts eligible dependents as adults or minors and gives no reasons', () => {
      // Arrange
      const household = aHousehold({
        dependents: [
          { relation: 'spouse', birthDate: '1985-01-01', married: true },
          { relation: 'child', birthDate: '2005-09-01' },
          { relation: 'child', birthDate: '2012-02-01' },
          { relation: 'child', birthDate: '2020-11-30' },
        ],
      });

      // Act
      const result = evaluate(household);

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.reasons).toEqual([]);
      expect(result.head).toEqual({
        personId: household.head.personId,
        role: 'head',
        age: 46,
        adult: true,
        eligible: true,
        reasons: [],
      });
      expect(
        result.dependents.map(({ role, age, adult, eligible }) => ({ role, age, adult, eligible })),
      ).toEqual([
        { role: 'dependent', age: 41, adult: true, eligible: true },
        { role: 'dependent', age: 20, adult: true, eligible: true },
        { role: 'dependent', age: 14, adult: false, eligible: true },
        { role: 'dependent', age: 5, adult: false, eligible: true },
      ]);
      expect(result.eligibleAdultDependents).toBe(2);
      expect(result.eligibleMinorDependents).toBe(2);
    });

    it('reports the dependents in the order the register holds them', () => {
      // Arrange
      const household = aHousehold({ dependents: [{}, {}, {}] });

      // Act
      const result = evaluate(household);

      // Assert
      expect(result.dependents.map((dependent) => dependent.personId)).toEqual(
        household.dependents.map((dependent) => dependent.personId),
      );
    });

    it('pays a head with no dependents', () => {
      // Act
      const result = evaluate(aHousehold());

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.dependents).toEqual([]);
      expect(result.eligibleAdultDependents).toBe(0);
      expect(result.eligibleMinorDependents).toBe(0);
    });
  });

  describe('citizenship', () => {
    it('makes the household ineligible when the head is not Saudi and no exception applies', () => {
      // Act
      const result = evaluate(aHousehold({ head: { nationality: 'EG' } }));

      // Assert
      expect(result.eligible).toBe(false);
      expect(result.head.eligible).toBe(false);
      expect(result.reasons).toEqual(['not-saudi-citizen']);
      expect(result.head.reasons).toEqual(['not-saudi-citizen']);
    });

    it('drops a non-Saudi dependent with no exception from the count, and still pays the household', () => {
      // Act
      const result = evaluate(
        aHousehold({
          dependents: [
            { relation: 'spouse', birthDate: '1985-01-01', nationality: 'EG' },
            { relation: 'child', nationality: 'EG' },
          ],
        }),
      );

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.dependents.map((dependent) => dependent.reasons)).toEqual([
        ['not-saudi-citizen'],
        ['not-saudi-citizen'],
      ]);
      expect(result.eligibleAdultDependents).toBe(0);
      expect(result.eligibleMinorDependents).toBe(0);
    });

    it('counts the child of a Saudi mother and a non-Saudi father as a dependent', () => {
      // Act
      const result = evaluate(
        withDependent({ nationality: 'JO', citizenshipException: 'child-of-saudi-mother' }),
      );

      // Assert
      expect(result.dependents[0]?.eligible).toBe(true);
      expect(result.eligibleMinorDependents).toBe(1);
    });

    it('accepts the adult child of a Saudi mother as the head of household', () => {
      expect(
        headReasons({
          birthDate: '1990-04-01',
          nationality: 'JO',
          citizenshipException: 'child-of-saudi-mother',
        }),
      ).toEqual([]);
    });

    it('counts the non-Saudi spouse of a Saudi head as a dependent', () => {
      // Arrange
      const spouse = aPerson({
        relation: 'spouse',
        birthDate: '1988-08-08',
        nationality: 'SY',
        citizenshipException: 'spouse-of-saudi',
        married: true,
      });

      // Act
      const result = evaluate(aHousehold({ dependents: [spouse] }));

      // Assert
      expect(result.dependents[0]?.reasons).toEqual([]);
      expect(result.eligibleAdultDependents).toBe(1);
    });

    it('accepts the non-Saudi spouse of a Saudi as the head of household', () => {
      expect(headReasons({ nationality: 'SY', citizenshipException: 'spouse-of-saudi' })).toEqual(
        [],
      );
    });

    it('accepts a mobility-card holder, as head or as dependent, whatever the nationality', () => {
      // Act
      const result = evaluate(
        aHousehold({
          head: { nationality: 'XX', mobilityCard: true },
          dependents: [{ nationality: 'XX', mobilityCard: true }],
        }),
      );

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.dependents[0]?.eligible).toBe(true);
      expect(result.eligibleMinorDependents).toBe(1);
    });

    it('treats a Saudi national as a citizen without any exception', () => {
      expect(headReasons({ nationality: 'SA', citizenshipException: null })).toEqual([]);
      expect(dependentReasons({ nationality: 'SA', citizenshipException: null })).toEqual([]);
    });
  });

  describe('residence in the Kingdom', () => {
    it.each([
      [0, []],
      [89, []],
      [90, []],
      [91, ['abroad-over-limit']],
      [366, ['abroad-over-limit']],
    ] as const)('gives a head %i days abroad the reasons %j', (days, expected) => {
      expect(headReasons({ daysAbroadThisYear: days })).toEqual(expected);
    });

    it.each([
      [90, []],
      [91, ['abroad-over-limit']],
    ] as const)('gives a dependent %i days abroad the reasons %j', (days, expected) => {
      expect(dependentReasons({ daysAbroadThisYear: days })).toEqual(expected);
    });

    it('drops a dependent who was abroad too long from the count', () => {
      // Act
      const result = evaluate(withDependent({ daysAbroadThisYear: 91 }));

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.eligibleMinorDependents).toBe(0);
    });

    it('reads the limit from the rules, not from the code', () => {
      // Arrange
      const strict = rulesWith({ maxDaysAbroadPerYear: 60 });
      const lenient = rulesWith({ maxDaysAbroadPerYear: 120 });
      const at = (days: number) =>
        aHousehold({
          head: { daysAbroadThisYear: days },
          dependents: [{ daysAbroadThisYear: days }],
        });

      // Act / Assert
      expect(evaluateEligibility(strict, at(60), asOf).eligible).toBe(true);
      expect(evaluateEligibility(strict, at(61), asOf).reasons).toEqual(['abroad-over-limit']);
      expect(evaluateEligibility(strict, at(61), asOf).dependents[0]?.reasons).toEqual([
        'abroad-over-limit',
      ]);
      expect(evaluateEligibility(lenient, at(91), asOf).eligible).toBe(true);
      expect(evaluateEligibility(lenient, at(120), asOf).eligibleMinorDependents).toBe(1);
      expect(evaluateEligibility(lenient, at(121), asOf).reasons).toEqual(['abroad-over-limit']);
    });

    it('fails the residence rule exactly when the days abroad exceed the configured limit', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 366 }),
          fc.integer({ min: 0, max: 366 }),
          (limit, days) => {
            // Arrange
            const household = aHousehold({
              head: { daysAbroadThisYear: days },
              dependents: [{ daysAbroadThisYear: days }],
            });

            // Act
            const result = evaluateEligibility(
              rulesWith({ maxDaysAbroadPerYear: limit }),
              household,
              asOf,
            );

            // Assert
            const expected = days > limit ? ['abroad-over-limit'] : [];
            expect(result.head.reasons).toEqual(expected);
            expect(result.dependents[0]?.reasons).toEqual(expected);
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('shelter and prison', () => {
    it('gives a head living in a shelter the reason in-shelter', () => {
      expect(headReasons({ residence: 'shelter' })).toEqual(['in-shelter']);
    });

    it('gives a dependent living in a shelter the reason in-shelter', () => {
      expect(dependentReasons({ residence: 'shelter' })).toEqual(['in-shelter']);
    });

    it('gives a head in prison the reason in-prison', () => {
      expect(headReasons({ residence: 'prison' })).toEqual(['in-prison']);
    });

    it('gives a dependent in prison the reason in-prison', () => {
      expect(dependentReasons({ residence: 'prison' })).toEqual(['in-prison']);
    });

    it('drops a dependent in prison from the count and still pays the household', () => {
      // Act
      const result = evaluate(
        aHousehold({ dependents: [{ birthDate: '2000-01-01', residence: 'prison' }, {}] }),
      );

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.eligibleAdultDependents).toBe(0);
      expect(result.eligibleMinorDependents).toBe(1);
    });
  });

  describe('data matching the authorities', () => {
    it('gives a head whose data does not match the reason data-mismatch', () => {
      expect(headReasons({ dataVerified: false })).toEqual(['data-mismatch']);
    });

    it('gives a dependent whose data does not match the reason data-mismatch', () => {
      expect(dependentReasons({ dataVerified: false })).toEqual(['data-mismatch']);
    });
  });

  describe('married children', () => {
    it('gives a dependent child who married the reason married-child', () => {
      // Act
      const result = evaluate(withDependent({ birthDate: '2003-01-01', married: true }));

      // Assert
      expect(result.dependents[0]?.reasons).toEqual(['married-child']);
      expect(result.eligibleAdultDependents).toBe(0);
      expect(result.eligible).toBe(true);
    });

    it('keeps a married spouse, parent or other dependent eligible', () => {
      // Act
      const result = evaluate(
        aHousehold({
          dependents: [
            { relation: 'spouse', birthDate: '1985-01-01', married: true },
            { relation: 'parent', birthDate: '1950-01-01', married: true },
            { relation: 'other', birthDate: '1990-01-01', married: true },
          ],
        }),
      );

      // Assert
      expect(result.dependents.every((dependent) => dependent.eligible)).toBe(true);
      expect(result.eligibleAdultDependents).toBe(3);
    });

    it('keeps a married head of a family eligible', () => {
      expect(headReasons({ married: true })).toEqual([]);
    });
  });

  describe('adults and minors', () => {
    it('makes a dependent an adult on the day they turn 18', () => {
      // Act
      const result = evaluate(withDependent({ birthDate: yearsBefore(asOf, 18) }));

      // Assert
      expect(result.dependents[0]?.age).toBe(18);
      expect(result.dependents[0]?.adult).toBe(true);
      expect(result.eligibleAdultDependents).toBe(1);
      expect(result.eligibleMinorDependents).toBe(0);
    });

    it('keeps a dependent a minor the day before they turn 18', () => {
      // Act
      const result = evaluate(withDependent({ birthDate: addDays(yearsBefore(asOf, 18), 1) }));

      // Assert
      expect(result.dependents[0]?.age).toBe(17);
      expect(result.dependents[0]?.adult).toBe(false);
      expect(result.eligibleAdultDependents).toBe(0);
      expect(result.eligibleMinorDependents).toBe(1);
    });

    it('makes a dependent born on 29 February an adult on 1 March of a year without one', () => {
      // Arrange
      const household = withDependent({ birthDate: '2008-02-29' });

      // Act
      const before = evaluate(household, d('2026-02-28'));
      const after = evaluate(household, d('2026-03-01'));

      // Assert
      expect(before.dependents[0]?.adult).toBe(false);
      expect(after.dependents[0]?.adult).toBe(true);
    });

    it('reads the adult age from the rules', () => {
      // Arrange
      const household = withDependent({ birthDate: yearsBefore(asOf, 18) });

      // Act
      const result = evaluateEligibility(rulesWith({ adultAge: 21 }), household, asOf);

      // Assert
      expect(result.dependents[0]?.adult).toBe(false);
      expect(result.eligibleMinorDependents).toBe(1);
    });

    it('reports the age and adulthood of the head too', () => {
      // Act
      const result = evaluate(aHousehold({ head: { birthDate: '1980-06-11' } }));

      // Assert
      expect(result.head.age).toBe(45);
      expect(result.head.adult).toBe(true);
    });

    it('refuses a household with someone born after the date of the result', () => {
      expect(() => evaluate(aHousehold({ head: { birthDate: '2026-06-11' } }))).toThrow(
        BirthDateAfterAsOfError,
      );
      const household = withDependent({ personId: 'P777', birthDate: '2026-06-11' });
      expect(() => evaluate(household)).toThrow(/P777 is born on 2026-06-11, after 2026-06-10/);
    });
  });

  describe('the independent individual', () => {
    it('pays an independent who meets every condition', () => {
      // Act
      const result = evaluate(anIndependent());

      // Assert
      expect(result.eligible).toBe(true);
      expect(result.reasons).toEqual([]);
      expect(result.dependents).toEqual([]);
    });

    it('accepts an independent on the day they turn 18', () => {
      expect(
        evaluate(anIndependent({ head: { birthDate: yearsBefore(asOf, 18) } })).reasons,
      ).toEqual([]);
    });

    it('refuses an independent the day before they turn 18', () => {
      // Act
      const result = evaluate(
        anIndependent({ head: { birthDate: addDays(yearsBefore(asOf, 18), 1) } }),
      );

      // Assert
      expect(result.eligible).toBe(false);
      expect(result.reasons).toEqual(['independent-under-age']);
    });

    it('reads the minimum age of an independent from the rules', () => {
      // Arrange
      const household = anIndependent({ head: { birthDate: yearsBefore(asOf, 20) } });

      // Act / Assert
      expect(
        evaluateEligibility(rulesWith({ independentMinimumAge: 21 }), household, asOf).reasons,
      ).toEqual(['independent-under-age']);
      expect(
        evaluateEligibility(rulesWith({ independentMinimumAge: 20 }), household, asOf).reasons,
      ).toEqual([]);
    });

    it('refuses a married independent', () => {
      expect(evaluate(anIndependent({ head: { married: true } })).reasons).toEqual([
        'independent-married',
      ]);
    });

    it('refuses an independent without proof of housing', () => {
      expect(evaluate(anIndependent({ housingProof: null })).reasons).toEqual([
        'independent-without-housing-proof',
      ]);
    });

    it.each(['title-deed', 'ejar-lease', 'university-housing'] as const)(
      'accepts an independent whose proof of housing is a %s',
      (housingProof) => {
        expect(evaluate(anIndependent({ housingProof })).reasons).toEqual([]);
      },
    );

    it('refuses a proof of housing the rules do not accept', () => {
      // Arrange
      const leaseOnly = rulesWith({ acceptedHousingProofs: ['ejar-lease'] });

      // Act / Assert
      expect(
        evaluateEligibility(leaseOnly, anIndependent({ housingProof: 'university-housing' }), asOf)
          .reasons,
      ).toEqual(['independent-without-housing-proof']);
      expect(
        evaluateEligibility(leaseOnly, anIndependent({ housingProof: 'ejar-lease' }), asOf).reasons,
      ).toEqual([]);
    });

    it('refuses an independent with dependents, and still evaluates and counts the dependents', () => {
      // Act
      const result = evaluate(
        anIndependent({ dependents: [{}, { birthDate: '2000-01-01', dataVerified: false }] }),
      );

      // Assert
      expect(result.eligible).toBe(false);
      expect(result.reasons).toEqual(['independent-with-dependents']);
      expect(result.dependents.map((dependent) => dependent.reasons)).toEqual([
        [],
        ['data-mismatch'],
      ]);
      expect(result.eligibleMinorDependents).toBe(1);
      expect(result.eligibleAdultDependents).toBe(0);
    });

    it('does not apply the independent conditions to the head of a family', () => {
      expect(
        headReasons(
          { birthDate: '2009-01-01', married: false },
          { housingProof: null, registeredOn: '2021-01-01' },
        ),
      ).toEqual([]);
    });
  });

  describe('the suspension of new independents', () => {
    const window = (from: string, until: string | null) =>
      rulesWith({ independentRegistrationSuspensions: [{ from, until, source: 'test' }] });
    const registeredOn = (date: string, on: EligibilityRules = rules) =>
      evaluateEligibility(on, anIndependent({ registeredOn: date }), asOf).reasons;

    it.each([
      ['2020-02-29', []],
      ['2020-03-01', ['independent-registration-suspended']],
      ['2023-07-15', ['independent-registration-suspended']],
      ['2025-11-30', ['independent-registration-suspended']],
      ['2025-12-01', []],
      ['2026-01-05', []],
    ] as const)(
      'gives an independent registered on %s under the shipped rules %j',
      (date, expected) => {
        expect(registeredOn(date)).toEqual(expected);
      },
    );

    it('counts the first day of a window in and the day it ends out', () => {
      // Arrange
      const suspended = window('2020-03-01', '2021-03-01');

      // Act / Assert
      expect(registeredOn('2020-02-29', suspended)).toEqual([]);
      expect(registeredOn('2020-03-01', suspended)).toEqual(['independent-registration-suspended']);
      expect(registeredOn('2021-02-28', suspended)).toEqual(['independent-registration-suspended']);
      expect(registeredOn('2021-03-01', suspended)).toEqual([]);
    });

    it('keeps a window with no end open until further notice', () => {
      // Arrange
      const open = window('2020-03-01', null);

      // Act / Assert
      expect(registeredOn('2020-02-29', open)).toEqual([]);
      expect(registeredOn('2020-03-01', open)).toEqual(['independent-registration-suspended']);
      expect(registeredOn('2026-06-10', open)).toEqual(['independent-registration-suspended']);
    });

    it('checks every window', () => {
      // Arrange
      const two = rulesWith({
        independentRegistrationSuspensions: [
          { from: '2020-03-01', until: '2021-01-01', source: 'first' },
          { from: '2024-01-01', until: null, source: 'second' },
        ],
      });

      // Act / Assert
      expect(registeredOn('2020-06-01', two)).toEqual(['independent-registration-suspended']);
      expect(registeredOn('2022-06-01', two)).toEqual([]);
      expect(registeredOn('2024-06-01', two)).toEqual(['independent-registration-suspended']);
    });

    it('accepts every registration when no window is configured', () => {
      expect(
        registeredOn('2023-07-15', rulesWith({ independentRegistrationSuspensions: [] })),
      ).toEqual([]);
    });

    it('does not apply to a family registered inside a window', () => {
      expect(evaluate(aHousehold({ registeredOn: '2023-07-15' })).eligible).toBe(true);
    });
  });

  describe('several reasons at once', () => {
    it('gives a head every rule that fails, in the reasons order', () => {
      expect(
        headReasons({
          nationality: 'EG',
          daysAbroadThisYear: 200,
          residence: 'prison',
          dataVerified: false,
        }),
      ).toEqual(['not-saudi-citizen', 'abroad-over-limit', 'in-prison', 'data-mismatch']);
    });

    it('gives a dependent every rule that fails, in the reasons order', () => {
      expect(
        dependentReasons({
          birthDate: '2004-01-01',
          nationality: 'EG',
          daysAbroadThisYear: 91,
          residence: 'shelter',
          dataVerified: false,
          married: true,
        }),
      ).toEqual([
        'not-saudi-citizen',
        'abroad-over-limit',
        'in-shelter',
        'data-mismatch',
        'married-child',
      ]);
    });

    it('gives an independent every rule that fails, with the rules for everyone first', () => {
      // Act
      const result = evaluate(
        anIndependent({
          registeredOn: '2021-01-01',
          housingProof: null,
          head: { birthDate: '2009-01-01', married: true, residence: 'shelter' },
          dependents: [{}],
        }),
      );

      // Assert
      expect(result.reasons).toEqual([
        'in-shelter',
        'independent-under-age',
        'independent-married',
        'independent-without-housing-proof',
        'independent-registration-suspended',
        'independent-with-dependents',
      ]);
    });
  });

  describe('an ineligible head', () => {
    it('stops the household being paid but still evaluates and reports every dependent', () => {
      // Arrange
      const household = aHousehold({
        head: { residence: 'prison' },
        dependents: [
          { relation: 'spouse', birthDate: '1985-01-01' },
          { relation: 'child', birthDate: '2015-01-01' },
          { relation: 'child', birthDate: '2016-01-01', nationality: 'EG' },
        ],
      });

      // Act
      const result = evaluate(household);

      // Assert
      expect(result.eligible).toBe(false);
      expect(result.reasons).toEqual(['in-prison']);
      expect(result.head.eligible).toBe(false);
      expect(result.dependents.map((dependent) => dependent.eligible)).toEqual([true, true, false]);
      expect(result.eligibleAdultDependents).toBe(1);
      expect(result.eligibleMinorDependents).toBe(1);
    });
  });

  it('can give every reason code there is', () => {
    // Arrange
    const cases: Household[] = [
      aHousehold({
        head: { nationality: 'EG', daysAbroadThisYear: 91, residence: 'shelter' },
        dependents: [{ residence: 'prison', dataVerified: false, married: true }],
      }),
      anIndependent({
        registeredOn: '2021-01-01',
        housingProof: null,
        head: { birthDate: '2009-01-01', married: true },
        dependents: [{}],
      }),
    ];

    // Act
    const seen = new Set(
      cases
        .map((household) => evaluate(household))
        .flatMap((result) => [result.head, ...result.dependents])
        .flatMap((person) => person.reasons),
    );

    // Assert
    expect([...seen].sort()).toEqual([...INELIGIBILITY_REASONS].sort());
  });

  describe('for any household', () => {
    const person = fc.record({
      birthDate: fc
        .integer({ min: toDayNumber(d('1930-01-01')), max: toDayNumber(asOf) })
        .map(fromDayNumber),
      relation: fc.constantFrom('spouse', 'child', 'parent', 'other'),
      nationality: fc.constantFrom('SA', 'SA', 'SA', 'EG', 'YE', 'XX'),
      citizenshipException: fc.constantFrom(null, null, 'child-of-saudi-mother', 'spouse-of-saudi'),
      mobilityCard: fc.boolean(),
      daysAbroadThisYear: fc.oneof(
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 366 }),
      ),
      residence: fc.constantFrom(...RESIDENCES, 'home', 'home'),
      dataVerified: fc.constantFrom(true, true, true, false),
      married: fc.constantFrom(false, false, true),
    });
    const household = fc
      .record({
        kind: fc.constantFrom('family', 'independent'),
        registeredOn: fc.constantFrom('2018-01-01', '2020-03-01', '2025-12-01'),
        housingProof: fc.constantFrom(null, 'title-deed', 'ejar-lease', 'university-housing'),
        head: person.map(({ relation: _relation, ...rest }) => rest),
        dependents: fc.array(person, { maxLength: 12 }),
      })
      .map((overrides) => aHousehold(overrides));

    it('counts exactly the eligible dependents as adults or minors, never more than there are', () => {
      fc.assert(
        fc.property(household, (subject) => {
          // Act
          const result = evaluate(subject);

          // Assert
          const eligible = result.dependents.filter((dependent) => dependent.eligible);
          const counted = result.eligibleAdultDependents + result.eligibleMinorDependents;
          expect(counted).toBe(eligible.length);
          expect(counted).toBeLessThanOrEqual(subject.dependents.length);
          expect(result.eligibleAdultDependents).toBe(
            eligible.filter((dependent) => dependent.adult).length,
          );
          expect(result.dependents).toHaveLength(subject.dependents.length);
        }),
        { numRuns: 300 },
      );
    });

    it('is eligible exactly when there is no reason, and pays the household exactly when the head is', () => {
      fc.assert(
        fc.property(household, (subject) => {
          // Act
          const result = evaluate(subject);

          // Assert
          expect(result.eligible).toBe(result.head.eligible);
          expect(result.reasons).toEqual(result.head.reasons);
          for (const each of [result.head, ...result.dependents]) {
            expect(each.eligible).toBe(each.reasons.length === 0);
            expect(each.adult).toBe(each.age >= rules.adultAge);
            expect(each.reasons).toEqual(inReasonsOrder(each.reasons));
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});

function inReasonsOrder(reasons: readonly IneligibilityReason[]): IneligibilityReason[] {
  return [...reasons].sort(
    (a, b) => INELIGIBILITY_REASONS.indexOf(a) - INELIGIBILITY_REASONS.indexOf(b),
  );
}
