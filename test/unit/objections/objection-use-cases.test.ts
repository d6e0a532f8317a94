import { describe, expect, it } from 'vitest';
import type { ObjectionRules } from '../../../shared/config/program-rules.ts';
import {
  InvalidManualArrearsError,
  InvalidObjectionTransitionError,
  ManualArrearsRequiredError,
  ObjectionAlreadyOpenError,
  ObjectionNotFoundError,
  ObjectionReasonsRequiredError,
  ObjectionStatusChangedError,
  ObjectionWindowClosedError,
  RejectionReasonRequiredError,
  RejectionReasonTooLongError,
} from '../../../shared/objections/errors.ts';
import {
  acceptObjection,
  rejectObjection,
  type SubmitObjectionInput,
  startObjectionReview,
  submitObjection,
} from '../../../shared/objections/objection-use-cases.ts';
import { c } from '../../support/calendar.ts';
import { InMemoryObjectionRepository } from '../../support/fakes/in-memory-objection-repository.ts';
import {
  HOUSEHOLD,
  ManualClock,
  OPERATOR,
  objectionRules,
  resultOnTheTenth,
  riyadhNoon,
  TableArrearsBasis,
} from '../../support/objections.ts';

/** The ports, with March 2026's result issued on 10 March and today 20 March. */
function setup(rules: Partial<ObjectionRules> = {}, basis = new TableArrearsBasis()) {
  const objections = new InMemoryObjectionRepository();
  const clock = new ManualClock(riyadhNoon('2026-03-20'));
  const deps = {
    objections,
    rules: objectionRules(rules),
    resultDate: resultOnTheTenth,
    arrearsBasis: basis,
    clock,
  };
  return { deps, objections, clock, basis };
}

const MARCH: SubmitObjectionInput = {
  householdId: HOUSEHOLD,
  resultCycle: c('2026-03'),
  subject: 'ineligibility',
  reasons: 'My income was recorded twice.',
  documents: ['doc/salary-certificate.pdf'],
};

/** Submits the March objection and takes it under review. */
async function underReview(deps: ReturnType<typeof setup>['deps']) {
  const submitted = await submitObjection(deps, MARCH);
  return startObjectionReview(deps, { objectionId: submitted.objectionId, operatorId: OPERATOR });
}

describe('submitObjection', () => {
  it('stores a submitted objection dated on the Riyadh day when filed', async () => {
    // Arrange: 22:30 UTC on 14 March is already 15 March in Riyadh
    const { deps, objections, clock } = setup();
    clock.set(new Date('2026-03-14T22:30:00Z'));

    // Act
    const objection = await submitObjection(deps, { ...MARCH, personId: 'P2' });

    // Assert
    expect(objection).toMatchObject({
      objectionId: 'O-H0000001-2026-03-1',
      status: 'submitted',
      submittedOn: '2026-03-15',
      personId: 'P2',
      documents: ['doc/salary-certificate.pdf'],
    });
    expect(await objections.get(objection.objectionId)).toEqual(objection);
    expect(objections.openGuardOf(HOUSEHOLD, c('2026-03'))).toBe(objection.objectionId);
  });

  it('accepts an objection on day 90 after the result', async () => {
    const { deps, clock } = setup();
    clock.setRiyadhDay('2026-06-08');

    const objection = await submitObjection(deps, MARCH);

    expect(objection.submittedOn).toBe('2026-06-08');
  });

  it('refuses an objection on day 91 after the result', async () => {
    const { deps, objections, clock } = setup();
    clock.setRiyadhDay('2026-06-09');

    await expect(submitObjection(deps, MARCH)).rejects.toThrow(ObjectionWindowClosedError);
    await expect(submitObjection(deps, MARCH)).rejects.toThrow(/closed on 2026-06-08/);
    expect(await objections.listByHousehold(HOUSEHOLD)).toEqual([]);
  });

  it('refuses at Riyadh midnight, while it is still day 90 in UTC', async () => {
    const { deps, clock } = setup();
    clock.set(new Date('2026-06-08T21:30:00Z'));

    await expect(submitObjection(deps, MARCH)).rejects.toThrow(ObjectionWindowClosedError);
  });

  it('takes the window from the rules', async () => {
    const { deps, clock } = setup({ windowDays: 30 });

    clock.setRiyadhDay('2026-04-09');
    await expect(submitObjection(deps, MARCH)).resolves.toMatchObject({ status: 'submitted' });
    clock.setRiyadhDay('2026-04-10');
    await expect(submitObjection(deps, { ...MARCH, resultCycle: c('2026-03') })).rejects.toThrow(
      ObjectionWindowClosedError,
    );
  });

  it.each(['', '   \n\t'])('refuses an objection when the reasons are "%s"', async (reasons) => {
    const { deps, objections } = setup();

    await expect(submitObjection(deps, { ...MARCH, reasons })).rejects.toThrow(
      ObjectionReasonsRequiredError,
    );
    expect(await objections.listByHousehold(HOUSEHOLD)).toEqual([]);
  });

  it('refuses a second objection to the same result while the first is submitted', async () => {
    const { deps } = setup();
    await submitObjection(deps, MARCH);

    await expect(submitObjection(deps, { ...MARCH, subject: 'amount' })).rejects.toThrow(
      ObjectionAlreadyOpenError,
    );
  });

  it('refuses a second objection to the same result while the first is under review', async () => {
    const { deps } = setup();
    await underReview(deps);

    await expect(submitObjection(deps, MARCH)).rejects.toThrow(ObjectionAlreadyOpenError);
  });

  it('lets only one of two simultaneous objections to a result through', async () => {
    const { deps, objections } = setup();

    const outcomes = await Promise.allSettled([
      submitObjection(deps, MARCH),
      submitObjection(deps, MARCH),
    ]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(ObjectionAlreadyOpenError);
    expect(await objections.listByHousehold(HOUSEHOLD)).toHaveLength(1);
  });

  it('allows objections to another cycle or from another household', async () => {
    const { deps } = setup();
    await submitObjection(deps, MARCH);

    const february = await submitObjection(deps, { ...MARCH, resultCycle: c('2026-02') });
    const neighbour = await submitObjection(deps, { ...MARCH, householdId: 'H0000002' });

    expect(february.objectionId).toBe('O-H0000001-2026-02-1');
    expect(neighbour.objectionId).toBe('O-H0000002-2026-03-1');
  });

  it('allows a new objection after a rejection, inside the window, as the next in sequence', async () => {
    // Arrange
    const { deps, objections, clock } = setup();
    const first = await underReview(deps);
    await rejectObjection(deps, {
      objectionId: first.objectionId,
      operatorId: OPERATOR,
      reason: 'No document supports the claim.',
    });
    clock.setRiyadhDay('2026-04-15');

    // Act
    const second = await submitObjection(deps, {
      ...MARCH,
      documents: ['doc/salary-certificate.pdf', 'doc/bank-statement.pdf'],
    });

    // Assert
    expect(second.objectionId).toBe('O-H0000001-2026-03-2');
    expect(second.sequence).toBe(2);
    expect((await objections.get(first.objectionId))?.status).toBe('rejected');
  });

  it('refuses a new objection after a rejection once the window has closed', async () => {
    const { deps, clock } = setup();
    const first = await underReview(deps);
    await rejectObjection(deps, {
      objectionId: first.objectionId,
      operatorId: OPERATOR,
      reason: 'No document supports the claim.',
    });
    clock.setRiyadhDay('2026-06-09');

    await expect(submitObjection(deps, MARCH)).rejects.toThrow(ObjectionWindowClosedError);
  });
});

describe('startObjectionReview', () => {
  it('puts a submitted objection under review and records who took it', async () => {
    // Arrange
    const { deps, objections, clock } = setup();
    const submitted = await submitObjection(deps, MARCH);
    clock.setRiyadhDay('2026-03-22');

    // Act
    const reviewed = await startObjectionReview(deps, {
      objectionId: submitted.objectionId,
      operatorId: OPERATOR,
      note: 'Income data requested',
    });

    // Assert
    expect(reviewed.status).toBe('under-review');
    expect(reviewed.history.at(-1)).toEqual({
      from: 'submitted',
      to: 'under-review',
      at: '2026-03-22T09:00:00.000Z',
      by: OPERATOR,
      note: 'Income data requested',
    });
    expect(await objections.get(submitted.objectionId)).toEqual(reviewed);
  });

  it('refuses an objection that does not exist', async () => {
    const { deps } = setup();

    await expect(
      startObjectionReview(deps, { objectionId: 'O-H0000001-2026-03-9', operatorId: OPERATOR }),
    ).rejects.toThrow(ObjectionNotFoundError);
  });

  it('refuses an objection that is already under review', async () => {
    const { deps } = setup();
    const reviewed = await underReview(deps);

    await expect(
      startObjectionReview(deps, { objectionId: reviewed.objectionId, operatorId: 'ops-faisal' }),
    ).rejects.toThrow(InvalidObjectionTransitionError);
  });

  it('lets only one of two operators take the same objection at the same time', async () => {
    const { deps, objections } = setup();
    const submitted = await submitObjection(deps, MARCH);

    const outcomes = await Promise.allSettled([
      startObjectionReview(deps, { objectionId: submitted.objectionId, operatorId: 'ops-amal' }),
      startObjectionReview(deps, { objectionId: submitted.objectionId, operatorId: 'ops-faisal' }),
    ]);

    const refused = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(ObjectionStatusChangedError);
    expect((await objections.get(submitted.objectionId))?.history).toHaveLength(2);
  });
});

describe('acceptObjection', () => {
  it('accepts with automatic arrears and adds them to the household, when accepted after the 10th', async () => {
    // Arrange: March result; the household was due 1,200.00 a month and paid 400.00 in April
    const basis = new TableArrearsBasis({ '2026-03': 120_000 }, { '2026-04': 40_000 }, 100_000);
    const { deps, objections, clock } = setup({}, basis);
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-05-12');

    // Act
    const accepted = await acceptObjection(deps, {
      objectionId: reviewed.objectionId,
      operatorId: OPERATOR,
    });

    // Assert
    const expected = {
      objectionId: reviewed.objectionId,
      payInCycle: '2026-07',
      lines: [
        { cycle: '2026-03', amountHalalas: 120_000 },
        { cycle: '2026-04', amountHalalas: 60_000 },
        { cycle: '2026-05', amountHalalas: 100_000 },
      ],
      totalHalalas: 280_000,
      settledInCycle: null,
    };
    expect(accepted.status).toBe('accepted');
    expect(accepted.arrears).toEqual(expected);
    expect(await objections.get(reviewed.objectionId)).toEqual(accepted);
    expect(objections.arrearsOf(HOUSEHOLD)).toEqual({ [reviewed.objectionId]: expected });
    expect(objections.openGuardOf(HOUSEHOLD, c('2026-03'))).toBeNull();
  });

  it('pays in the next cycle when accepted before the 10th', async () => {
    const { deps, clock } = setup();
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-05-09');

    const accepted = await acceptObjection(deps, {
      objectionId: reviewed.objectionId,
      operatorId: OPERATOR,
    });

    expect(accepted.arrears?.payInCycle).toBe('2026-06');
    expect(accepted.arrears?.lines.map((line) => line.cycle)).toEqual(['2026-03', '2026-04']);
  });

  it('accepts without arrears when every month was paid in full', async () => {
    const basis = new TableArrearsBasis({}, { '2026-03': 100_000, '2026-04': 100_000 });
    const { deps, objections, clock } = setup({}, basis);
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-05-09');

    const accepted = await acceptObjection(deps, {
      objectionId: reviewed.objectionId,
      operatorId: OPERATOR,
    });

    expect(accepted.status).toBe('accepted');
    expect(accepted.arrears).toBeNull();
    expect(objections.arrearsOf(HOUSEHOLD)).toEqual({});
  });

  it('takes the arrears ops entered when automatic arrears are off', async () => {
    // Arrange
    const { deps, objections, clock, basis } = setup({ automaticArrears: false });
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-05-12');

    // Act
    const accepted = await acceptObjection(deps, {
      objectionId: reviewed.objectionId,
      operatorId: OPERATOR,
      note: 'Case decided by the committee',
      manualArrears: [{ cycle: c('2026-04'), amountHalalas: 72_000 }],
    });

    // Assert
    expect(accepted.arrears).toEqual({
      objectionId: reviewed.objectionId,
      payInCycle: '2026-07',
      lines: [{ cycle: '2026-04', amountHalalas: 72_000 }],
      totalHalalas: 72_000,
      settledInCycle: null,
    });
    expect(objections.arrearsOf(HOUSEHOLD)[reviewed.objectionId]).toEqual(accepted.arrears);
    expect(basis.reads).toEqual([]);
  });

  it('refuses when automatic arrears are off and ops entered no lines', async () => {
    const { deps, objections } = setup({ automaticArrears: false });
    const reviewed = await underReview(deps);

    await expect(
      acceptObjection(deps, { objectionId: reviewed.objectionId, operatorId: OPERATOR }),
    ).rejects.toThrow(ManualArrearsRequiredError);
    await expect(
      acceptObjection(deps, {
        objectionId: reviewed.objectionId,
        operatorId: OPERATOR,
        manualArrears: [],
      }),
    ).rejects.toThrow(ManualArrearsRequiredError);
    expect((await objections.get(reviewed.objectionId))?.status).toBe('under-review');
    expect(objections.arrearsOf(HOUSEHOLD)).toEqual({});
  });

  it('refuses lines from ops when automatic arrears are on', async () => {
    const { deps } = setup();
    const reviewed = await underReview(deps);

    await expect(
      acceptObjection(deps, {
        objectionId: reviewed.objectionId,
        operatorId: OPERATOR,
        manualArrears: [{ cycle: c('2026-03'), amountHalalas: 1 }],
      }),
    ).rejects.toThrow(InvalidManualArrearsError);
  });

  it('refuses an objection that was not reviewed, without reading any amounts', async () => {
    const { deps, basis } = setup();
    const submitted = await submitObjection(deps, MARCH);

    await expect(
      acceptObjection(deps, { objectionId: submitted.objectionId, operatorId: OPERATOR }),
    ).rejects.toThrow(InvalidObjectionTransitionError);
    expect(basis.reads).toEqual([]);
  });

  it('refuses an objection that does not exist', async () => {
    const { deps } = setup();

    await expect(
      acceptObjection(deps, { objectionId: 'O-H0000001-2026-03-1', operatorId: OPERATOR }),
    ).rejects.toThrow(ObjectionNotFoundError);
  });

  it('adds no arrears when a rejection got there first', async () => {
    // Arrange: two operators decide the same objection at once
    const { deps, objections, clock } = setup();
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-05-12');

    // Act
    const outcomes = await Promise.allSettled([
      rejectObjection(deps, {
        objectionId: reviewed.objectionId,
        operatorId: 'ops-faisal',
        reason: 'The income is confirmed by the authorities.',
      }),
      acceptObjection(deps, { objectionId: reviewed.objectionId, operatorId: OPERATOR }),
    ]);

    // Assert
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect(outcomes[1]?.status === 'rejected' && outcomes[1].reason).toBeInstanceOf(
      ObjectionStatusChangedError,
    );
    expect((await objections.get(reviewed.objectionId))?.status).toBe('rejected');
    expect(objections.arrearsOf(HOUSEHOLD)).toEqual({});
  });
});

describe('rejectObjection', () => {
  it('rejects with the reason, records who did, and frees the result', async () => {
    // Arrange
    const { deps, objections, clock } = setup();
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-04-02');

    // Act
    const rejected = await rejectObjection(deps, {
      objectionId: reviewed.objectionId,
      operatorId: 'ops-faisal',
      reason: 'The income is confirmed by the authorities.',
    });

    // Assert
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectionReason: 'The income is confirmed by the authorities.',
      arrears: null,
    });
    expect(rejected.history.map((entry) => [entry.to, entry.by])).toEqual([
      ['submitted', 'beneficiary'],
      ['under-review', OPERATOR],
      ['rejected', 'ops-faisal'],
    ]);
    expect(await objections.get(reviewed.objectionId)).toEqual(rejected);
    expect(objections.openGuardOf(HOUSEHOLD, c('2026-03'))).toBeNull();
  });

  it('refuses a rejection without a reason', async () => {
    const { deps, objections } = setup();
    const reviewed = await underReview(deps);

    await expect(
      rejectObjection(deps, {
        objectionId: reviewed.objectionId,
        operatorId: OPERATOR,
        reason: ' ',
      }),
    ).rejects.toThrow(RejectionReasonRequiredError);
    expect((await objections.get(reviewed.objectionId))?.status).toBe('under-review');
  });

  it('refuses a rejection reason longer than a message can show, and keeps the objection', async () => {
    const { deps, objections } = setup();
    const reviewed = await underReview(deps);

    await expect(
      rejectObjection(deps, {
        objectionId: reviewed.objectionId,
        operatorId: OPERATOR,
        reason: 'س'.repeat(1_001),
      }),
    ).rejects.toThrow(RejectionReasonTooLongError);
    expect((await objections.get(reviewed.objectionId))?.status).toBe('under-review');
    const rejected = await rejectObjection(deps, {
      objectionId: reviewed.objectionId,
      operatorId: OPERATOR,
      reason: 'س'.repeat(1_000),
    });
    expect(rejected.status).toBe('rejected');
  });

  it('refuses to reject an objection that was already accepted', async () => {
    const { deps, clock } = setup();
    const reviewed = await underReview(deps);
    clock.setRiyadhDay('2026-05-12');
    await acceptObjection(deps, { objectionId: reviewed.objectionId, operatorId: OPERATOR });

    await expect(
      rejectObjection(deps, {
        objectionId: reviewed.objectionId,
        operatorId: OPERATOR,
        reason: 'Second thoughts.',
      }),
    ).rejects.toThrow(InvalidObjectionTransitionError);
  });
});
