import { addDays, type CycleId, daysBetween, type IsoDate } from '../calendar/calendar-date.ts';
import { riyadhDateOf } from '../calendar/riyadh-clock.ts';
import type { ObjectionRules } from '../config/program-rules.ts';
import type { ArrearsEntry, ArrearsLine } from '../households/household.ts';
import type { Halalas } from '../money/halalas.ts';
import { arrearsCycles, computeArrears, manualArrears } from './compute-arrears.ts';
import {
  InvalidManualArrearsError,
  ManualArrearsRequiredError,
  ObjectionAlreadyOpenError,
  ObjectionNotFoundError,
  ObjectionReasonsRequiredError,
  ObjectionWindowClosedError,
} from './errors.ts';
import {
  accept,
  assertTransition,
  createObjection,
  type Objection,
  type ObjectionSubject,
  reject,
  startReview,
} from './objection.ts';
import type { ObjectionRepository } from './ports.ts';

/** The time now; the Riyadh date of it is the day an objection is filed or decided on. */
export interface Clock {
  now(): Date;
}

/** What a household should have been paid in a month, and what it was paid. */
export interface ArrearsBasis {
  amountDue(householdId: string, cycle: CycleId): Promise<Halalas>;
  amountPaid(householdId: string, cycle: CycleId): Promise<Halalas>;
}

/** Everything the objection use cases use; each takes only its part. */
export interface ObjectionDeps {
  readonly objections: ObjectionRepository;
  readonly rules: ObjectionRules;
  /** The date the eligibility result of a cycle was issued: its payment date. */
  readonly resultDate: (cycle: CycleId) => IsoDate;
  readonly arrearsBasis: ArrearsBasis;
  readonly clock: Clock;
}

async function load(
  deps: Pick<ObjectionDeps, 'objections'>,
  objectionId: string,
): Promise<Objection> {
  const objection = await deps.objections.get(objectionId);
  if (objection === null) throw new ObjectionNotFoundError(objectionId);
  return objection;
}

export type SubmitObjectionDeps = Pick<
  ObjectionDeps,
  'objections' | 'rules' | 'resultDate' | 'clock'
>;

export interface SubmitObjectionInput {
  readonly householdId: string;
  readonly resultCycle: CycleId;
  readonly subject: ObjectionSubject;
  /** The person whose own result is contested; absent for the household's result. */
  readonly personId?: string | undefined;
  readonly reasons: string;
  readonly documents?: readonly string[] | undefined;
  /** Defaults to `beneficiary`; an operator id when the call centre files it for them. */
  readonly submittedBy?: string | undefined;
}

/**
 * Files an objection to a cycle's eligibility result.
 * In: the household, the contested cycle, subject, reasons and documents. Out: the new objection (submitted).
 *
 * Refused when the reasons are blank, when the Riyadh date today is more than `windowDays` after the
 * result date, or when an objection to the same result is still open. The id's sequence follows the
 * household's earlier objections to that result.
 */
export async function submitObjection(
  deps: SubmitObjectionDeps,
  input: SubmitObjectionInput,
): Promise<Objection> {
  if (input.reasons.trim() === '') throw new ObjectionReasonsRequiredError();
  const now = deps.clock.now();
  const submittedOn = riyadhDateOf(now);
  const resultDate = deps.resultDate(input.resultCycle);
  if (daysBetween(resultDate, submittedOn) > deps.rules.windowDays) {
    const lastDay = addDays(resultDate, deps.rules.windowDays);
    throw new ObjectionWindowClosedError(input.resultCycle, resultDate, lastDay, submittedOn);
  }
  const open = await deps.objections.findOpen(input.householdId, input.resultCycle);
  if (open !== null) {
    throw new ObjectionAlreadyOpenError(input.householdId, input.resultCycle, open.objectionId);
  }
  const earlier = (await deps.objections.listByHousehold(input.householdId)).filter(
    (objection) => objection.resultCycle === input.resultCycle,
  );
  const sequence = Math.max(0, ...earlier.map((objection) => objection.sequence)) + 1;
  const objection = createObjection({
    householdId: input.householdId,
    resultCycle: input.resultCycle,
    sequence,
    subject: input.subject,
    personId: input.personId,
    reasons: input.reasons,
    documents: input.documents,
    submittedOn,
    at: now,
    by: input.submittedBy,
  });
  await deps.objections.create(objection);
  return objection;
}

export type StartObjectionReviewDeps = Pick<ObjectionDeps, 'objections' | 'clock'>;

export interface StartObjectionReviewInput {
  readonly objectionId: string;
  readonly operatorId: string;
  readonly note?: string | undefined;
}

/**
 * An operator takes a submitted objection up for review.
 * In: the objection id and the operator. Out: the objection, under review.
 */
export async function startObjectionReview(
  deps: StartObjectionReviewDeps,
  input: StartObjectionReviewInput,
): Promise<Objection> {
  const objection = await load(deps, input.objectionId);
  const reviewed = startReview(objection, {
    at: deps.clock.now(),
    by: input.operatorId,
    note: input.note,
  });
  await deps.objections.save(reviewed, objection.status);
  return reviewed;
}

export type AcceptObjectionDeps = Pick<
  ObjectionDeps,
  'objections' | 'rules' | 'arrearsBasis' | 'clock'
>;

export interface AcceptObjectionInput {
  readonly objectionId: string;
  readonly operatorId: string;
  readonly note?: string | undefined;
  /**
   * The arrears lines ops decided on: required (non-empty) when automatic arrears are off, refused
   * when they are on (the rule computes them).
   */
  readonly manualArrears?: readonly ArrearsLine[] | undefined;
}

async function automaticArrears(
  deps: AcceptObjectionDeps,
  objection: Objection,
  acceptedOn: IsoDate,
): Promise<ArrearsEntry | null> {
  const cycles = arrearsCycles(deps.rules, objection.resultCycle, acceptedOn);
  const amounts = new Map(
    await Promise.all(
      cycles.map(async (cycle) => {
        const [due, paid] = await Promise.all([
          deps.arrearsBasis.amountDue(objection.householdId, cycle),
          deps.arrearsBasis.amountPaid(objection.householdId, cycle),
        ]);
        return [cycle, { due, paid }] as const;
      }),
    ),
  );
  return computeArrears(deps.rules, {
    objectionId: objection.objectionId,
    resultCycle: objection.resultCycle,
    acceptedOn,
    amountDue: (cycle) => amounts.get(cycle)?.due ?? 0,
    amountPaid: (cycle) => amounts.get(cycle)?.paid ?? 0,
  });
}

/**
 * Accepts an objection under review and records the arrears it produces.
 * In: the objection id, the operator, and manual arrears lines when the automatic rule is off.
 * Out: the accepted objection, its `arrears` set (null when nothing is owed); the same entry is added
 * to the household's arrears, in one transaction with the acceptance.
 */
export async function acceptObjection(
  deps: AcceptObjectionDeps,
  input: AcceptObjectionInput,
): Promise<Objection> {
  const objection = await load(deps, input.objectionId);
  assertTransition(objection, 'accepted');
  const now = deps.clock.now();
  const acceptedOn = riyadhDateOf(now);
  const manual = input.manualArrears ?? [];
  let arrears: ArrearsEntry | null;
  if (deps.rules.automaticArrears) {
    if (manual.length > 0) {
      throw new InvalidManualArrearsError(
        objection.objectionId,
        'automatic arrears are on: the rule computes them',
      );
    }
    arrears = await automaticArrears(deps, objection, acceptedOn);
  } else {
    if (manual.length === 0) throw new ManualArrearsRequiredError(objection.objectionId);
    arrears = manualArrears(deps.rules, {
      objectionId: objection.objectionId,
      resultCycle: objection.resultCycle,
      acceptedOn,
      lines: manual,
    });
  }
  const accepted = accept(objection, { at: now, by: input.operatorId, note: input.note, arrears });
  await deps.objections.acceptWithArrears(accepted, accepted.arrears);
  return accepted;
}

export type RejectObjectionDeps = Pick<ObjectionDeps, 'objections' | 'clock'>;

export interface RejectObjectionInput {
  readonly objectionId: string;
  readonly operatorId: string;
  /** Why, in words the beneficiary is shown. */
  readonly reason: string;
  readonly note?: string | undefined;
}

/**
 * Rejects an objection under review.
 * In: the objection id, the operator and the reason. Out: the rejected objection; its result is free
 * for a new objection while the window is open.
 */
export async function rejectObjection(
  deps: RejectObjectionDeps,
  input: RejectObjectionInput,
): Promise<Objection> {
  const objection = await load(deps, input.objectionId);
  const rejected = reject(objection, {
    at: deps.clock.now(),
    by: input.operatorId,
    reason: input.reason,
    note: input.note,
  });
  await deps.objections.save(rejected, objection.status);
  return rejected;
}
