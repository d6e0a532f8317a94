import type { CycleId, IsoDate } from '../calendar/calendar-date.ts';
import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the objections module's errors. */
export class ObjectionError extends DafaaError {
  override readonly name: string = 'ObjectionError';
}

/** Filed more than `windowDays` after the eligibility result it contests. */
export class ObjectionWindowClosedError extends ObjectionError {
  override readonly name: string = 'ObjectionWindowClosedError';

  readonly resultCycle: CycleId;
  readonly resultDate: IsoDate;
  /** The last day an objection to this result could be filed. */
  readonly lastDay: IsoDate;
  readonly submittedOn: IsoDate;

  constructor(resultCycle: CycleId, resultDate: IsoDate, lastDay: IsoDate, submittedOn: IsoDate) {
    super(
      `the objection window for the ${resultCycle} result (issued ${resultDate}) closed on ${lastDay}; submitted ${submittedOn}`,
    );
    this.resultCycle = resultCycle;
    this.resultDate = resultDate;
    this.lastDay = lastDay;
    this.submittedOn = submittedOn;
  }
}

/** An objection to the same result (household and cycle) is still submitted or under review. */
export class ObjectionAlreadyOpenError extends ObjectionError {
  override readonly name: string = 'ObjectionAlreadyOpenError';

  readonly householdId: string;
  readonly resultCycle: CycleId;
  /** The open objection, when the store could say which one it is. */
  readonly openObjectionId: string | null;

  constructor(
    householdId: string,
    resultCycle: CycleId,
    openObjectionId: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      `household ${householdId} already has an open objection to the ${resultCycle} result${
        openObjectionId === null ? '' : ` (${openObjectionId})`
      }`,
      options,
    );
    this.householdId = householdId;
    this.resultCycle = resultCycle;
    this.openObjectionId = openObjectionId;
  }
}

/** The beneficiary gave no reasons (empty or blank text). */
export class ObjectionReasonsRequiredError extends ObjectionError {
  override readonly name: string = 'ObjectionReasonsRequiredError';

  constructor() {
    super('an objection must give its reasons');
  }
}

/** A rejection without a reason: the beneficiary is told why, and what to do next. */
/**
 * A rejection reason longer than a message can carry: it is shown to the beneficiary in the SMS and
 * the email, and queued in a message SQS limits to 256 KB.
 */
export class RejectionReasonTooLongError extends ObjectionError {
  override readonly name: string = 'RejectionReasonTooLongError';
}

export class RejectionReasonRequiredError extends ObjectionError {
  override readonly name: string = 'RejectionReasonRequiredError';

  readonly objectionId: string;

  constructor(objectionId: string) {
    super(`objection ${objectionId} cannot be rejected without a reason`);
    this.objectionId = objectionId;
  }
}

/** A status change the life cycle does not allow (submitted -> under-review -> accepted | rejected). */
export class InvalidObjectionTransitionError extends ObjectionError {
  override readonly name: string = 'InvalidObjectionTransitionError';

  readonly objectionId: string;
  readonly from: string;
  readonly to: string;

  constructor(objectionId: string, from: string, to: string) {
    super(`objection ${objectionId} cannot go from ${from} to ${to}`);
    this.objectionId = objectionId;
    this.from = from;
    this.to = to;
  }
}

/** No objection with this id. */
export class ObjectionNotFoundError extends ObjectionError {
  override readonly name: string = 'ObjectionNotFoundError';

  readonly objectionId: string;

  constructor(objectionId: string) {
    super(`objection ${objectionId} was not found`);
    this.objectionId = objectionId;
  }
}

/** An objection with this id is already stored (a create raced another one). */
export class ObjectionAlreadyExistsError extends ObjectionError {
  override readonly name: string = 'ObjectionAlreadyExistsError';

  readonly objectionId: string;

  constructor(objectionId: string, options?: { cause?: unknown }) {
    super(`objection ${objectionId} already exists`, options);
    this.objectionId = objectionId;
  }
}

/**
 * The stored objection is no longer in the status the write expected: someone else moved it since it
 * was read. Read it again and decide again.
 */
export class ObjectionStatusChangedError extends ObjectionError {
  override readonly name: string = 'ObjectionStatusChangedError';

  readonly objectionId: string;
  readonly expectedStatus: string;
  /** The stored status, when the store returned it; null when unknown. */
  readonly actualStatus: string | null;

  constructor(
    objectionId: string,
    expectedStatus: string,
    actualStatus: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      `objection ${objectionId} is no longer ${expectedStatus}${
        actualStatus === null ? '' : ` (now ${actualStatus})`
      }`,
      options,
    );
    this.objectionId = objectionId;
    this.expectedStatus = expectedStatus;
    this.actualStatus = actualStatus;
  }
}

/** Accepted while automatic arrears are off, and ops entered no arrears lines. */
export class ManualArrearsRequiredError extends ObjectionError {
  override readonly name: string = 'ManualArrearsRequiredError';

  readonly objectionId: string;

  constructor(objectionId: string) {
    super(
      `automatic arrears are off: accepting objection ${objectionId} needs the arrears lines entered by hand`,
    );
    this.objectionId = objectionId;
  }
}

/**
 * Arrears lines entered by hand that break the arrears rule (a month outside the result-to-acceptance
 * range, a month twice, more months than the cap, a zero amount), or given while the automatic rule is on.
 */
export class InvalidManualArrearsError extends ObjectionError {
  override readonly name: string = 'InvalidManualArrearsError';

  readonly objectionId: string;
  readonly problem: string;

  constructor(objectionId: string, problem: string) {
    super(`manual arrears for objection ${objectionId}: ${problem}`);
    this.objectionId = objectionId;
    this.problem = problem;
  }
}

/** The amount due or paid for a month is not a whole, non-negative number of halalas. */
export class InvalidArrearsBasisError extends ObjectionError {
  override readonly name: string = 'InvalidArrearsBasisError';

  readonly cycle: CycleId;
  readonly field: 'amountDue' | 'amountPaid';
  readonly value: number;

  constructor(cycle: CycleId, field: 'amountDue' | 'amountPaid', value: number) {
    super(`${field} for ${cycle} is ${value}: expected whole halalas, 0 or more`);
    this.cycle = cycle;
    this.field = field;
    this.value = value;
  }
}

/** An objection record that does not match its schema (bad ids, history out of order, ...). */
export class InvalidObjectionError extends ObjectionError {
  override readonly name: string = 'InvalidObjectionError';
}

/** An objection was accepted with arrears for a household the register does not hold. */
export class ObjectionHouseholdNotFoundError extends ObjectionError {
  override readonly name: string = 'ObjectionHouseholdNotFoundError';

  readonly objectionId: string;
  readonly householdId: string;

  constructor(objectionId: string, householdId: string) {
    super(
      `objection ${objectionId}: household ${householdId} is not in the register, so its arrears cannot be recorded`,
    );
    this.objectionId = objectionId;
    this.householdId = householdId;
  }
}
