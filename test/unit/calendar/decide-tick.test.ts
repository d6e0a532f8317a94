import { describe, expect, it } from 'vitest';
import { cycleDueOn, decideTick } from '../../../shared/calendar/decide-tick.ts';
import { c, calendarDeps, d, override } from '../../support/calendar.ts';

const deps = calendarDeps();
const started = (plan: ReturnType<typeof decideTick>) =>
  plan.map(({ disbursement, trigger, daysLate }) => ({
    cycle: disbursement.cycle,
    trigger,
    daysLate,
  }));

describe('cycleDueOn', () => {
  it('names the cycle that pays on a day, and none on other days', () => {
    expect(cycleDueOn(deps, d('2027-03-04'))?.cycle).toBe('2027-03');
    expect(cycleDueOn(deps, d('2027-03-10'))).toBeNull();
    expect(cycleDueOn(deps, d('2026-01-11'))?.cycle).toBe('2026-01');
  });

  it("finds next month's cycle when its date was moved into this month", () => {
    const early = calendarDeps([
      override({ kind: 'payment-date', cycle: '2027-04', date: '2027-03-31' }),
    ]);
    expect(cycleDueOn(early, d('2027-03-31'))?.cycle).toBe('2027-04');
    expect(cycleDueOn(early, d('2027-04-11'))).toBeNull();
  });
});

describe('decideTick', () => {
  it('starts the cycle due today', () => {
    expect(
      started(decideTick(deps, { today: d('2026-12-10'), lastStartedCycle: c('2026-11') })),
    ).toEqual([{ cycle: '2026-12', trigger: 'due-today', daysLate: 0 }]);
  });

  it('starts nothing on an ordinary day or when the cycle already started', () => {
    expect(decideTick(deps, { today: d('2026-12-11'), lastStartedCycle: c('2026-12') })).toEqual(
      [],
    );
    expect(decideTick(deps, { today: d('2026-12-10'), lastStartedCycle: c('2026-12') })).toEqual(
      [],
    );
    expect(decideTick(deps, { today: d('2026-12-05'), lastStartedCycle: null })).toEqual([]);
  });

  it('catches up a missed cycle on the next tick, oldest first, and says how late', () => {
    expect(
      started(decideTick(deps, { today: d('2027-01-12'), lastStartedCycle: c('2026-11') })),
    ).toEqual([
      { cycle: '2026-12', trigger: 'missed', daysLate: 33 },
      { cycle: '2027-01', trigger: 'missed', daysLate: 2 },
    ]);
  });

  it('follows an override to its new day', () => {
    const moved = calendarDeps([
      override({ kind: 'payment-date', cycle: '2027-03', date: '2027-03-03' }),
    ]);
    expect(
      started(decideTick(moved, { today: d('2027-03-03'), lastStartedCycle: c('2027-02') })),
    ).toEqual([{ cycle: '2027-03', trigger: 'due-today', daysLate: 0 }]);
    expect(decideTick(moved, { today: d('2027-03-04'), lastStartedCycle: c('2027-03') })).toEqual(
      [],
    );
  });

  it('does not backfill the program history on a fresh deployment', () => {
    expect(started(decideTick(deps, { today: d('2027-03-04'), lastStartedCycle: null }))).toEqual([
      { cycle: '2027-03', trigger: 'due-today', daysLate: 0 },
    ]);
  });
});
