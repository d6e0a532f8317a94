import { describe, expect, it } from 'vitest';
import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import { assessHousehold } from '../../../shared/cycles/assess-household.ts';
import { cycleRecordSchema, segmentRecordSchema } from '../../../shared/cycles/cycle-record.ts';
import {
  addTallies,
  countRecord,
  cycleTallySchema,
  emptyTally,
} from '../../../shared/cycles/cycle-tally.ts';
import { paymentRecordSchema } from '../../../shared/cycles/payment-record.ts';
import { aDecemberContext } from '../../support/cycles.ts';
import { aHouseholdRecord } from '../../support/households.ts';

/** Contact problems in the cycle's records and totals: counted by reason, read from older records. */

const cycle = '2026-12' as CycleId;
const context = aDecemberContext(0);
const recordOf = (contact: Record<string, unknown>) => {
  const raw = aHouseholdRecord({ contact });
  return assessHousehold(context, raw.householdId, raw).record;
};

describe('the cycle tally of contact problems', () => {
  it('counts each problem by its reason, and the households paid as usual', () => {
    const records = [
      recordOf({}),
      recordOf({ email: 'x@y..com' }),
      recordOf({ email: 42 }),
      recordOf({ mobile: 'n/a', email: 'n/a' }),
      recordOf({ email: null }),
    ];

    const tally = records.reduce((sum, record) => countRecord(sum, record, true), emptyTally());

    expect(tally.paid).toBe(5);
    expect(tally.contactProblems).toEqual({ 'invalid-email': 3, 'invalid-mobile': 1 });
    expect(tally.byReason).toEqual({});
  });

  it("adds the segments' counts up into the cycle's totals", () => {
    const a = countRecord(emptyTally(), recordOf({ email: 'x@y..com' }), true);
    const b = countRecord(
      countRecord(emptyTally(), recordOf({ mobile: '0' }), true),
      recordOf({ email: 'x@y..com' }),
      true,
    );

    expect(addTallies(a, b).contactProblems).toEqual({ 'invalid-email': 2, 'invalid-mobile': 1 });
  });

  it('reads a tally, segment, cycle and payment record written before problems were kept', () => {
    const { contactProblems: _tally, ...oldTally } = emptyTally();
    const { contactProblems: _record, ...oldRecord } = recordOf({});

    expect(cycleTallySchema.parse(oldTally).contactProblems).toEqual({});
    expect(paymentRecordSchema.parse(oldRecord).contactProblems).toEqual([]);
    expect(
      segmentRecordSchema.parse({
        cycle,
        segment: 0,
        status: 'done',
        cursor: null,
        tally: oldTally,
        attempts: 1,
        updatedAt: '2026-12-01T09:00:00.000Z',
        lastError: null,
      }).tally.contactProblems,
    ).toEqual({});
    expect(
      cycleRecordSchema.parse({
        cycle,
        paymentNumber: 109,
        paymentDate: '2026-12-10',
        paymentDateReason: 'the 10th',
        policyVersion: '2023-10',
        calendarVersion: 'test',
        status: 'completed',
        totalSegments: 1,
        householdEstimate: 1,
        plannedAt: '2026-12-01T09:00:00Z',
        runs: [],
        totals: oldTally,
        finalizedAt: '2026-12-01T10:00:00Z',
        incompleteSegments: [],
      }).totals?.contactProblems,
    ).toEqual({});
  });
});
