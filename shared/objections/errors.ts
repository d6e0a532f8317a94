import type { CycleId, IsoDate } from '../calendar/calendar-date.ts';
import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the objections module's errors. */
export class ObjectionError extends DafaaError {
  override readonly name: string = 'ObjectionError';
}

/** Filed more than `windowDays` after the eligibility result it contests. */
export class ObjectionWindowClosedError extends ObjectionError {
  override readonly name: string = 'ObjectionWindowClosedError';

  constructor(
    readonly resultCycle: CycleId,
    readonly resultDate: IsoDate,
    /** The last day an objection to this result could be filed. */
    readonly lastDay: IsoDate,
    readonly submittedOn: IsoDate,
  ) {
    super(
      `the objection window for the ${resultCycle} result (issued ${resultDate}) closed on ${lastDay}; submitted ${submittedOn}`,
    );
  }
}

/** An objection to the same result (household and cycle) is still submitted or under review. */
export class ObjectionAlreadyOpenError extends ObjectionError {
  override readonly name: string = 'ObjectionAlreadyOpenError';

  constructor(
    readonly householdId: string,
    readonly resultCycle: CycleId,
    /** The open objection, when the store could say which one it is. */
    readonly openObjectionId: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      `household ${householdId} already has an open objection to the ${resultCycle} result${
        openObjectionId === null ? '' : ` (${openObjectionId})`
      }`,
      options,
    );
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
export class RejectionReasonRequiredError extends ObjectionError {
  override readonly name: string = 'RejectionReasonRequiredError';

  constructor(readonly objectionId: string) {
    super(`objection ${objectionId} cannot be rejected without a reason`);
  }
}

/** A status change the life cycle does not allow (submitted -> under-review -> accepted | rejected). */
export class InvalidObjectionTransitionError extends ObjectionError {
  override readonly name: string = 'InvalidObjectionTransitionError';

  constructor(
    readonly objectionId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super(`objection ${objectionId} cannot go from ${from} to ${to}`);
  }
}

/** No objection with this id. */
export class ObjectionNotFoundError extends ObjectionError {
  override readonly name: string = 'ObjectionNotFoundError';

  constructor(readonly objectionId: string) {
    super(`objection ${objectionId} was not found`);
  }
}

/** An objection with this id is already stored (a create raced another one). */
export class ObjectionAlreadyExistsError extends ObjectionError {
  override readonly name: string = 'ObjectionAlreadyExistsError';

  constructor(
    readonly objectionId: string,
    options?: { cause?: unknown },
  ) {
    super(`objection ${objectionId} already exists`, options);
  }
}

/**
 * The stored objection is no longer in the status the write expected: someone else moved it since it
 * was read. Read it again and decide again.
 */
export class ObjectionStatusChangedError extends ObjectionError {
  override readonly name: string = 'ObjectionStatusChangedError';

  constructor(
    readonly objectionId: string,
    readonly expectedStatus: string,
    /** The stored status, when the store returned it; null when unknown. */
    readonly actualStatus: string | null,
    options?: { cause?: unknown },
  ) {
    super(
      `objection ${objectionId} is no longer ${expectedStatus}${
        actualStatus === null ? '' : ` (now ${actualStatus})`
      }`,
      options,
    );
  }
}

/** Accepted while automatic arrears are off, and ops entered no arrears lines. */
export class ManualArrearsRequiredError extends ObjectionError {
  override readonly name: string = 'ManualArrearsRequiredError';

  constructor(readonly objectionId: string) {
    super(
      `automatic arrears are off: accepting objection ${objectionId} needs the arrears lines entered by hand`,
    );
  }
}

/**
 * Arrears lines entered by hand that break the arrears rule (a month outside the result-to-acceptance
 * range, a month twice, more months than the cap, a zero amount), or given while the automatic rule is on.
 */
export class InvalidManualArrearsError extends ObjectionError {
  override readonly name: string = 'InvalidManualArrearsError';

  constructor(
    readonly objectionId: string,
    readonly problem: string,
  ) {
    super(`manual arrears for objection ${objectionId}: ${problem}`);
  }
}

/** The amount due or paid for a month is not a whole, non-negative number of halalas. */
export class InvalidArrearsBasisError extends ObjectionError {
  override readonly name: string = 'InvalidArrearsBasisError';

  constructor(
    readonly cycle: CycleId,
    readonly field: 'amountDue' | 'amountPaid',
    readonly value: number,
  ) {
    super(`${field} for ${cycle} is ${value}: expected whole halalas, 0 or more`);
  }
}

/** An objection record that does not match its schema (bad ids, history out of order, ...). */
export class InvalidObjectionError extends ObjectionError {
  override readonly name: string = 'InvalidObjectionError';
}

/** An objection was accepted with arrears for a household the register does not hold. */
export class ObjectionHouseholdNotFoundError extends ObjectionError {
  override readonly name: string = 'ObjectionHouseholdNotFoundError';

  constructor(
    readonly objectionId: string,
    readonly householdId: string,
  ) {
    super(
      `objection ${objectionId}: household ${householdId} is not in the register, so its arrears cannot be recorded`,
    );
  }
}
