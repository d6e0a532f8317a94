import { describe, expect, it } from 'vitest';
import {
  InvalidObjectionError,
  InvalidObjectionTransitionError,
  RejectionReasonRequiredError,
} from '../../../shared/objections/errors.ts';
import {
  accept,
  BENEFICIARY,
  isOpen,
  type Objection,
  objectionIdOf,
  parseObjection,
  reject,
  startReview,
} from '../../../shared/objections/objection.ts';
import { c } from '../../support/calendar.ts';
import {
  acceptedObjection,
  arrearsFor,
  deepFreeze,
  HOUSEHOLD,
  OPERATOR,
  rejectedObjection,
  riyadhNoon,
  submittedObjection,
  underReviewObjection,
} from '../../support/objections.ts';

const by = { at: riyadhNoon('2026-05-05'), by: OPERATOR };

type Move = (objection: Objection) => Objection;
const MOVES: Record<'startReview' | 'accept' | 'reject', Move> = {
  startReview: (objection) => startReview(objection, by),
  accept: (objection) => accept(objection, { ...by, arrears: null }),
  reject: (objection) => reject(objection, { ...by, reason: 'Not supported by the documents.' }),
};

const STATES: Record<Objection['status'], () => Objection> = {
  submitted: submittedObjection,
  'under-review': underReviewObjection,
  accepted: acceptedObjection,
  rejected: rejectedObjection,
};

describe('objection', () => {
  it('starts submitted, with the submission as the first history entry, when created', () => {
    // Act
    const objection = submittedObjection({ reasons: '  My income was recorded twice.  ' });

    // Assert
    expect(objection).toMatchObject({
      objectionId: 'O-H0000001-2026-03-1',
      householdId: HOUSEHOLD,
      resultCycle: '2026-03',
      status: 'submitted',
      personId: null,
      reasons: 'My income was recorded twice.',
      rejectionReason: null,
      arrears: null,
    });
    expect(objection.history).toEqual([
      {
        from: null,
        to: 'submitted',
        at: '2026-03-20T09:00:00.000Z',
        by: BENEFICIARY,
        note: null,
      },
    ]);
  });

  it('builds the id from household, result cycle and sequence', () => {
    expect(objectionIdOf('H0000001', c('2026-03'), 2)).toBe('O-H0000001-2026-03-2');
    expect(submittedObjection({ sequence: 3 }).objectionId).toBe('O-H0000001-2026-03-3');
  });

  it('keeps a dependent and the documents when the objection is about a person', () => {
    const objection = submittedObjection({ personId: 'P2', documents: [] });

    expect(objection.personId).toBe('P2');
    expect(objection.documents).toEqual([]);
  });

  it.each([
    ['submitted', 'startReview', 'under-review'],
    ['under-review', 'accept', 'accepted'],
    ['under-review', 'reject', 'rejected'],
  ] as const)('moves %s to %s (%s)', (from, move, to) => {
    // Arrange
    const objection = STATES[from]();

    // Act
    const moved = MOVES[move](objection);

    // Assert
    expect(moved.status).toBe(to);
    expect(moved.history).toHaveLength(objection.history.length + 1);
    expect(moved.history.at(-1)).toEqual({
      from,
      to,
      at: '2026-05-05T09:00:00.000Z',
      by: OPERATOR,
      note: null,
    });
  });

  it.each([
    ['submitted', 'accept'],
    ['submitted', 'reject'],
    ['under-review', 'startReview'],
    ['accepted', 'startReview'],
    ['accepted', 'accept'],
    ['accepted', 'reject'],
    ['rejected', 'startReview'],
    ['rejected', 'accept'],
    ['rejected', 'reject'],
  ] as const)('refuses %s -> %s', (from, move) => {
    const objection = STATES[from]();

    expect(() => MOVES[move](objection)).toThrow(InvalidObjectionTransitionError);
  });

  it('names the objection and both statuses when it refuses a transition', () => {
    expect(() => MOVES.accept(submittedObjection())).toThrow(
      'objection O-H0000001-2026-03-1 cannot go from submitted to accepted',
    );
  });

  it('keeps every transition in the history when the objection runs its course', () => {
    // Arrange
    const submitted = submittedObjection();

    // Act
    const reviewed = startReview(submitted, {
      at: riyadhNoon('2026-03-22'),
      by: 'ops-amal',
      note: 'Income data requested',
    });
    const rejected = reject(reviewed, {
      at: riyadhNoon('2026-04-02'),
      by: 'ops-faisal',
      reason: 'The income is confirmed by the authorities.',
    });

    // Assert
    expect(
      rejected.history.map(({ from, to, by: who, note }) => ({ from, to, who, note })),
    ).toEqual([
      { from: null, to: 'submitted', who: BENEFICIARY, note: null },
      { from: 'submitted', to: 'under-review', who: 'ops-amal', note: 'Income data requested' },
      { from: 'under-review', to: 'rejected', who: 'ops-faisal', note: null },
    ]);
    expect(rejected.rejectionReason).toBe('The income is confirmed by the authorities.');
  });

  it('never changes the objection it is given', () => {
    // Arrange
    const submitted = deepFreeze(submittedObjection());
    const reviewed = deepFreeze(underReviewObjection());
    const before = structuredClone([submitted, reviewed]);

    // Act
    startReview(submitted, by);
    accept(reviewed, { ...by, arrears: arrearsFor(reviewed) });
    reject(reviewed, { ...by, reason: 'No grounds.' });

    // Assert
    expect([submitted, reviewed]).toEqual(before);
  });

  it('records the arrears on the objection when accepted with arrears', () => {
    const reviewed = underReviewObjection();

    const accepted = accept(reviewed, { ...by, arrears: arrearsFor(reviewed) });

    expect(accepted.arrears).toEqual(arrearsFor(reviewed));
    expect(accepted.rejectionReason).toBeNull();
  });

  it('refuses arrears that belong to another objection', () => {
    const reviewed = underReviewObjection();
    const otherArrears = { ...arrearsFor(reviewed), objectionId: 'O-H0000001-2026-03-2' };

    expect(() => accept(reviewed, { ...by, arrears: otherArrears })).toThrow(InvalidObjectionError);
  });

  it.each(['', '   '])('refuses a rejection when the reason is "%s"', (reason) => {
    expect(() => reject(underReviewObjection(), { ...by, reason })).toThrow(
      RejectionReasonRequiredError,
    );
  });

  it('tells open statuses from closed ones', () => {
    expect(isOpen('submitted')).toBe(true);
    expect(isOpen('under-review')).toBe(true);
    expect(isOpen('accepted')).toBe(false);
    expect(isOpen('rejected')).toBe(false);
  });
});

describe('objection schema', () => {
  it('reads back a record that went through JSON, as a table would return it', () => {
    const stored = JSON.parse(JSON.stringify(acceptedObjection())) as unknown;

    expect(parseObjection(stored)).toEqual(acceptedObjection());
  });

  it.each([
    ['a rejection without a reason', { ...rejectedObjection(), rejectionReason: null }],
    ['a reason without a rejection', { ...underReviewObjection(), rejectionReason: 'No.' }],
    ['a status that is not the last transition', { ...submittedObjection(), status: 'accepted' }],
    ['an id that does not match', { ...submittedObjection(), objectionId: 'O-H0000001-2026-04-1' }],
    [
      'arrears before acceptance',
      { ...underReviewObjection(), arrears: arrearsFor(submittedObjection()) },
    ],
    ['blank reasons', { ...submittedObjection(), reasons: '  ' }],
    [
      'a history that skips the review',
      {
        ...acceptedObjection(),
        history: [
          submittedObjection().history[0],
          { ...acceptedObjection().history[2], from: 'submitted' },
        ],
      },
    ],
  ])('refuses %s', (_, record) => {
    expect(() => parseObjection(record)).toThrow(InvalidObjectionError);
  });
});
