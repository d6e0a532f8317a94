import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { defaultProgramRules, type ObjectionRules } from '../../shared/config/program-rules.ts';
import type { ArrearsEntry } from '../../shared/households/household.ts';
import type { Halalas } from '../../shared/money/halalas.ts';
import {
  accept,
  createObjection,
  type NewObjection,
  type Objection,
  reject,
  startReview,
} from '../../shared/objections/objection.ts';
import type { ArrearsBasis, Clock } from '../../shared/objections/objection-use-cases.ts';
import { c, d } from './calendar.ts';

/** The published objection rules, with the changes a test makes. */
export function objectionRules(changes: Partial<ObjectionRules> = {}): ObjectionRules {
  return { ...defaultProgramRules.objections, ...changes };
}

/** Noon in Riyadh on `date`, as an instant. */
export const riyadhNoon = (date: string): Date => new Date(`${date}T12:00:00+03:00`);

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  #now: Date;

  constructor(start: Date) {
    this.#now = start;
  }

  now(): Date {
    return new Date(this.#now.getTime());
  }

  set(instant: Date): void {
    this.#now = instant;
  }

  /** Moves to noon in Riyadh on `date`. */
  setRiyadhDay(date: string): void {
    this.#now = riyadhNoon(date);
  }
}

/** Every cycle's result issued on its 10th (the regular payment day). */
export const resultOnTheTenth = (cycle: CycleId): IsoDate => d(`${cycle}-10`);

/** What each month was due and paid: `due` (default 100000 halalas) and `paid` (default 0). */
export class TableArrearsBasis implements ArrearsBasis {
  readonly reads: string[] = [];

  readonly due: Readonly<Record<string, Halalas>>;
  readonly paid: Readonly<Record<string, Halalas>>;
  readonly defaultDue: Halalas;

  constructor(
    due: Readonly<Record<string, Halalas>> = {},
    paid: Readonly<Record<string, Halalas>> = {},
    defaultDue: Halalas = 100_000,
  ) {
    this.due = due;
    this.paid = paid;
    this.defaultDue = defaultDue;
  }

  async amountDue(householdId: string, cycle: CycleId): Promise<Halalas> {
    this.reads.push(`due ${householdId} ${cycle}`);
    return this.due[cycle] ?? this.defaultDue;
  }

  async amountPaid(householdId: string, cycle: CycleId): Promise<Halalas> {
    this.reads.push(`paid ${householdId} ${cycle}`);
    return this.paid[cycle] ?? 0;
  }
}

export const HOUSEHOLD = 'H0000001';
export const OPERATOR = 'ops-amal';

/** A submitted objection to household H0000001's March 2026 result. */
export function submittedObjection(changes: Partial<NewObjection> = {}): Objection {
  return createObjection({
    householdId: HOUSEHOLD,
    resultCycle: c('2026-03'),
    sequence: 1,
    subject: 'ineligibility',
    reasons: 'My income was recorded twice.',
    documents: ['doc/salary-certificate.pdf'],
    submittedOn: d('2026-03-20'),
    at: riyadhNoon('2026-03-20'),
    ...changes,
  });
}

export function underReviewObjection(): Objection {
  return startReview(submittedObjection(), { at: riyadhNoon('2026-03-22'), by: OPERATOR });
}

export function arrearsFor(objection: Objection): ArrearsEntry {
  return {
    objectionId: objection.objectionId,
    payInCycle: c('2026-06'),
    lines: [{ cycle: c('2026-03'), amountHalalas: 100_000 }],
    totalHalalas: 100_000,
    settledInCycle: null,
  };
}

export function acceptedObjection(): Objection {
  const objection = underReviewObjection();
  return accept(objection, {
    at: riyadhNoon('2026-05-05'),
    by: OPERATOR,
    arrears: arrearsFor(objection),
  });
}

export function rejectedObjection(): Objection {
  return reject(underReviewObjection(), {
    at: riyadhNoon('2026-05-05'),
    by: OPERATOR,
    reason: 'The income is confirmed by the authorities.',
  });
}

/** Freezes a value and everything in it, so that a mutation throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
