import {
  addMonths,
  type CycleId,
  fromDayNumber,
  type IsoDate,
  toDayNumber,
} from '../../shared/calendar/calendar-date.ts';
import { BAD_RECORD_KINDS, type BadRecordKind } from './bad-records.ts';

/**
 * A deterministic, realistic synthetic household register: the same seed always gives the same
 * households. The mix (docs/data-model.md, "Synthetic register") exercises every rule: household
 * sizes, adults and minors, incomes in every band of the taper, each reason for ineligibility at
 * about the share one would expect, pending arrears, and a few malformed records that the cycle must
 * set aside.
 */

export interface RegisterOptions {
  readonly households: number;
  readonly seed: number;
  /** Arrears of the seeded accepted objections are due by this cycle. */
  readonly arrearsDueBy: CycleId;
  /** Ages are computed against this date. */
  readonly asOf: IsoDate;
  /** The share of records drawn from the corpus of bad records (cli/seed/bad-records.ts); 0 by default. */
  readonly badShare?: number;
}

/** A register record and what it is: good, one of the few malformed ones, or a kind of bad record. */
export interface LabelledRecord {
  readonly record: Record<string, unknown>;
  readonly label: 'good' | 'malformed' | BadRecordKind;
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (probability: number) => next() < probability,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    digits: (count: number) =>
      Array.from({ length: count }, () => Math.floor(next() * 10)).join(''),
  };
}

type Random = ReturnType<typeof createRandom>;

const FOREIGN = ['EG', 'YE', 'SY', 'JO', 'PK', 'IN', 'SD', 'PH'] as const;

/** The register, one record at a time (so 100,000 households never sit in memory twice). */
export function* generateRegister(options: RegisterOptions): Generator<Record<string, unknown>> {
  for (const { record } of generateLabelledRegister(options)) yield record;
}

/** The register with what each record is, for a test or a report to check each one's fate. */
export function* generateLabelledRegister(options: RegisterOptions): Generator<LabelledRecord> {
  const random = createRandom(options.seed);
  const badShare = options.badShare ?? 0;
  for (let index = 0; index < options.households; index += 1) {
    const household = generateHousehold(random, index, options);
    if (random.chance(0.005)) {
      yield { record: corrupt(random, household), label: 'malformed' };
    } else if (badShare > 0 && random.chance(badShare)) {
      const kind = random.pick(BAD_RECORD_KINDS);
      yield { record: kind.make(household, { cycle: options.arrearsDueBy }), label: kind };
    } else {
      yield { record: household, label: 'good' };
    }
  }
}

function birthDateForAge(random: Random, asOf: IsoDate, age: number): IsoDate {
  return fromDayNumber(toDayNumber(asOf) - Math.floor((age + random.next()) * 365.2425));
}

function generateHousehold(
  random: Random,
  index: number,
  options: RegisterOptions,
): Record<string, unknown> {
  let personCounter = 0;
  const householdId = `H${String(index + 1).padStart(8, '0')}`;
  const person = (relation: string, age: number, overrides: Record<string, unknown> = {}) => {
    personCounter += 1;
    const adult = age >= 18;
    return {
      personId: `P${String(index + 1).padStart(8, '0')}${String(personCounter).padStart(2, '0')}`,
      nationalId: `1${random.digits(9)}`,
      birthDate: birthDateForAge(random, options.asOf, age),
      relation,
      nationality: 'SA',
      citizenshipException: null,
      mobilityCard: false,
      daysAbroadThisYear: random.chance(0.02) ? random.int(91, 200) : random.int(0, 30),
      residence: adult && random.chance(0.004) ? random.pick(['shelter', 'prison']) : 'home',
      dataVerified: !random.chance(0.02),
      married: relation === 'child' && adult && random.chance(0.05),
      ...overrides,
    };
  };

  const independent = random.chance(0.08);
  const head = person(
    'head',
    independent ? random.int(18, 34) : random.int(24, 72),
    headNationality(random),
  );
  const dependents: Record<string, unknown>[] = [];
  if (!independent) {
    if (random.chance(0.85)) {
      dependents.push(
        person(
          'spouse',
          random.int(20, 65),
          random.chance(0.05)
            ? { nationality: random.pick(FOREIGN), citizenshipException: 'spouse-of-saudi' }
            : {},
        ),
      );
    }
    const children = random.pick([0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8]);
    for (let child = 0; child < children; child += 1)
      dependents.push(person('child', random.int(0, 26)));
    if (random.chance(0.05)) dependents.push(person('parent', random.int(60, 90)));
  }

  // Income in every band of the taper: none, below the exemption threshold, tapered, above the cut-off.
  const weight = 1 + dependents.length * 0.4;
  const band = random.next();
  const perWeightRiyals =
    band < 0.25
      ? 0
      : band < 0.55
        ? random.int(1, 4300)
        : band < 0.85
          ? random.int(4311, 6850)
          : random.int(6860, 9000);
  const monthlyIncomeHalalas = Math.round(perWeightRiyals * weight) * 100;

  const registeredOn =
    independent && random.chance(0.1)
      ? fromDayNumber(toDayNumber('2020-03-01' as IsoDate) + random.int(0, 2000))
      : fromDayNumber(toDayNumber('2017-09-01' as IsoDate) + random.int(0, 900));

  return {
    householdId,
    kind: independent ? 'independent' : 'family',
    registeredOn,
    head,
    dependents,
    monthlyIncomeHalalas,
    housingProof: independent
      ? random.chance(0.9)
        ? random.pick(['title-deed', 'ejar-lease', 'university-housing'])
        : null
      : null,
    contact: {
      mobile: random.pick([
        `05${random.digits(8)}`,
        `9665${random.digits(8)}`,
        `+966 5${random.digits(1)} ${random.digits(3)} ${random.digits(4)}`,
      ]),
      email: random.chance(0.7) ? `beneficiary${index + 1}@example.sa` : null,
      language: random.chance(0.1) ? 'en' : 'ar',
      smsOptOut: random.chance(0.01),
      emailOptOut: random.chance(0.03),
    },
    bankAccount: { iban: `SA${random.digits(22)}` },
    arrears: random.chance(0.005) ? pendingArrears(random, householdId, options.arrearsDueBy) : {},
  };
}

function headNationality(random: Random): Record<string, unknown> {
  const draw = random.next();
  if (draw < 0.005)
    return { nationality: random.pick(FOREIGN), citizenshipException: 'child-of-saudi-mother' };
  if (draw < 0.01) return { nationality: random.pick(FOREIGN), mobilityCard: true };
  if (draw < 0.015) return { nationality: random.pick(FOREIGN) };
  return {};
}

function pendingArrears(
  random: Random,
  householdId: string,
  dueBy: CycleId,
): Record<string, unknown> {
  const objectionId = `O-${householdId}-seed`;
  const months = random.int(1, 5);
  const first = addMonths(dueBy, -(months + 2));
  const lines = Array.from({ length: months }, (_, month) => ({
    cycle: addMonths(first, month),
    amountHalalas: random.int(200, 2088) * 100,
  }));
  return {
    [objectionId]: {
      objectionId,
      payInCycle: dueBy,
      lines,
      totalHalalas: lines.reduce((sum, line) => sum + line.amountHalalas, 0),
      settledInCycle: null,
    },
  };
}

/** The malformed records a real register holds now and then: each breaks one field. */
function corrupt(random: Random, household: Record<string, unknown>): Record<string, unknown> {
  const damage = random.int(0, 4);
  switch (damage) {
    case 0:
      return { ...household, bankAccount: { iban: `SA${random.digits(10)}` } };
    case 1:
      return { ...household, monthlyIncomeHalalas: -random.int(1, 100_000) };
    case 2:
      return { ...household, head: { ...(household.head as object), birthDate: '1985-02-30' } };
    case 3:
      return { ...household, dependents: null };
    default:
      return { ...household, kind: 'family-of-four' };
  }
}
