import { describe, expect, it } from 'vitest';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { beginCycleRun } from '../../../shared/cycles/begin-cycle-run.ts';
import type { CycleRecord } from '../../../shared/cycles/cycle-record.ts';
import { CycleError } from '../../../shared/cycles/errors.ts';
import { planCycle } from '../../../shared/cycles/plan-cycle.ts';
import type { CycleStarter } from '../../../shared/cycles/ports.ts';
import {
  type CycleExecutionStatuses,
  cycleExecutionName,
  cycleRetryExecutionName,
  type StartDueCyclesDeps,
  startDueCycles,
} from '../../../shared/cycles/start-due-cycles.ts';
import { c, calendarDeps } from '../../support/calendar.ts';
import { inMemoryCycle } from '../../support/cycles.ts';

/**
 * A state machine that remembers execution names, as Step Functions does, and how each ended
 * (running until a test says otherwise).
 */
class FakeCycleStarter implements CycleStarter, CycleExecutionStatuses {
  readonly executions = new Map<string, CycleId>();
  readonly statuses = new Map<string, string>();

  async start(input: { cycle: CycleId; executionName: string }) {
    if (this.executions.has(input.executionName)) return { started: false };
    this.executions.set(input.executionName, input.cycle);
    return { started: true };
  }

  async statusOf(executionName: string) {
    if (!this.executions.has(executionName)) return null;
    return this.statuses.get(executionName) ?? 'RUNNING';
  }

  /** An execution of that name ran (or runs) and is now `status`. */
  ended(cycle: string, executionName: string, status: string) {
    this.executions.set(executionName, c(cycle));
    this.statuses.set(executionName, status);
  }
}

/** Riyadh midnight plus half an hour on `date`: still the day before in UTC. */
const justAfterRiyadhMidnight = (date: string) =>
  new Date(new Date(`${date}T00:30:00Z`).getTime() - 3 * 60 * 60 * 1000);

/** The tick's dependencies, with these cycles already started (planned, and a run begun). */
async function tickOn(date: string, started: string[] = []) {
  const { deps, cycles } = inMemoryCycle();
  for (const cycle of started) {
    const { cycle: planned } = await planCycle(deps, c(cycle));
    await beginCycleRun(deps, planned, false);
  }
  const starter = new FakeCycleStarter();
  const tickDeps: StartDueCyclesDeps = {
    cycles,
    starter,
    executions: starter,
    calendar: calendarDeps(),
    clock: { now: () => justAfterRiyadhMidnight(date) },
  };
  return { deps: tickDeps, starter, cycleDeps: deps };
}

describe('startDueCycles', () => {
  it('starts the cycle due today under its deterministic name, on the Riyadh date', async () => {
    const { deps, starter } = await tickOn('2026-12-10', ['2026-11']);

    const result = await startDueCycles(deps, {});

    expect(result).toEqual({
      today: '2026-12-10',
      toStart: [
        {
          cycle: '2026-12',
          trigger: 'due-today',
          daysLate: 0,
          executionName: 'cycle-2026-12',
          started: true,
          onHold: false,
          endedWithoutRun: false,
          restartOf: null,
        },
      ],
    });
    expect([...starter.executions]).toEqual([['cycle-2026-12', '2026-12']]);
  });

  it('reports an execution that already exists as not started, without failing', async () => {
    const { deps, starter } = await tickOn('2026-12-10', ['2026-11']);
    starter.executions.set('cycle-2026-12', c('2026-12'));

    const result = await startDueCycles(deps, {});

    expect(result.toStart).toEqual([
      expect.objectContaining({ cycle: '2026-12', executionName: 'cycle-2026-12', started: false }),
    ]);
  });

  it('starts one execution when two ticks run the same day', async () => {
    const { deps, starter } = await tickOn('2026-12-10', ['2026-11']);

    const first = await startDueCycles(deps, {});
    const second = await startDueCycles(deps, {});

    expect(starter.executions.size).toBe(1);
    expect(first.toStart.map((start) => start.started)).toEqual([true]);
    expect(second.toStart.map((start) => start.started)).toEqual([false]);
  });

  it('starts a missed cycle on the next tick, saying so and how late', async () => {
    const { deps, starter } = await tickOn('2026-12-12', ['2026-11', '2026-10']);

    const result = await startDueCycles(deps, {});

    expect(result.toStart).toEqual([
      {
        cycle: '2026-12',
        trigger: 'missed',
        daysLate: 2,
        executionName: 'cycle-2026-12',
        started: true,
        onHold: false,
        endedWithoutRun: false,
        restartOf: null,
      },
    ]);
    expect([...starter.executions.keys()]).toEqual(['cycle-2026-12']);
  });

  it('does not move past a month whose run ended without paying it (it waited for approval)', async () => {
    const { deps, starter } = await tickOn('2026-12-10', ['2026-11']);
    // The month's execution starts, and ends at its approval gate: no run is recorded.
    await startDueCycles(deps, {});
    const later = { ...deps, clock: { now: () => justAfterRiyadhMidnight('2027-01-20') } };

    const result = await startDueCycles(later, {});

    expect(result.toStart).toEqual([
      expect.objectContaining({ cycle: '2026-12', started: false, endedWithoutRun: true }),
    ]);
    expect([...starter.executions.keys()]).toEqual(['cycle-2026-12']);
  });

  it('starts nothing on an ordinary day', async () => {
    const afterTheRun = await tickOn('2026-12-11', ['2026-12']);
    const freshDeployment = await tickOn('2026-12-05');

    expect(await startDueCycles(afterTheRun.deps, {})).toEqual({
      today: '2026-12-11',
      toStart: [],
    });
    expect((await startDueCycles(freshDeployment.deps, {})).toStart).toEqual([]);
    expect(afterTheRun.starter.executions.size + freshDeployment.starter.executions.size).toBe(0);
  });

  it('refuses to guess when a stored cycle is unreadable', async () => {
    const { deps } = await tickOn('2026-12-10');
    // The adapter refuses such an item (dynamodb-cycle-repository.test.ts); the tick checks again.
    const unreadable = { cycle: '2026-11' } as unknown as CycleRecord;
    const corrupt = { ...deps, cycles: { listCycles: async () => [unreadable] } };

    await expect(startDueCycles(corrupt, {})).rejects.toThrow(CycleError);
  });
});

describe('cycleExecutionName', () => {
  it('names the execution after the cycle, the same every time', () => {
    expect(cycleExecutionName(c('2026-12'))).toBe('cycle-2026-12');
    expect(cycleExecutionName(c('2026-12'))).toBe(cycleExecutionName(c('2026-12')));
  });
});

describe('startDueCycles and cycles only planned', () => {
  it('does not take a cycle only planned (ahead, or by a dry run) for one that started', async () => {
    const { deps, starter, cycleDeps } = await tickOn('2027-01-12', ['2026-11']);
    await planCycle(cycleDeps, c('2027-03'));

    const { toStart } = await startDueCycles(deps);

    expect(toStart.map((start) => [start.cycle, start.trigger])).toEqual([
      ['2026-12', 'missed'],
      ['2027-01', 'missed'],
    ]);
    expect([...starter.executions.keys()]).toEqual(['cycle-2026-12', 'cycle-2027-01']);
  });
});

describe('startDueCycles and holds', () => {
  it('leaves a cycle on hold, saying so, and starts it once released', async () => {
    const { deps, starter, cycleDeps } = await tickOn('2026-12-10', ['2026-11']);
    const { cycle: december } = await planCycle(cycleDeps, c('2026-12'));
    await cycleDeps.cycles.setHold(december.cycle, {
      by: 'ops-amal',
      reason: 'bank file under review',
      at: '2026-12-09T10:00:00Z',
    });

    const held = await startDueCycles(deps);
    expect(held.toStart).toEqual([
      expect.objectContaining({ cycle: '2026-12', started: false, onHold: true }),
    ]);
    expect(starter.executions.size).toBe(0);

    await cycleDeps.cycles.setHold(december.cycle, null);
    const released = await startDueCycles(deps);
    expect(released.toStart).toEqual([
      expect.objectContaining({ cycle: '2026-12', started: true, onHold: false }),
    ]);
  });
});

describe('cycleRetryExecutionName', () => {
  it("names the month's next attempt after the day, the same all day", () => {
    expect(cycleRetryExecutionName(c('2026-12'), '2026-12-11' as IsoDate)).toBe(
      'cycle-2026-12-retry-20261211',
    );
  });
});

describe('startDueCycles and executions that ended unfinished', () => {
  /** A month whose run began under `runner` and whose execution then ended as `status`. */
  async function ranAndEnded(date: string, status: string, runner = 'cycle-2026-12') {
    const tick = await tickOn(date, ['2026-11']);
    const { cycle: december } = await planCycle(tick.cycleDeps, c('2026-12'));
    await beginCycleRun(tick.cycleDeps, december, false, null, runner);
    tick.starter.ended('2026-12', runner, status);
    return tick;
  }

  it.each(['FAILED', 'TIMED_OUT', 'ABORTED'])(
    'starts a month again under a new name when its execution ended %s before it ran',
    async (status) => {
      const { deps, starter } = await tickOn('2026-12-11', ['2026-11']);
      starter.ended('2026-12', 'cycle-2026-12', status);

      const { toStart } = await startDueCycles(deps);

      expect(toStart).toEqual([
        {
          cycle: '2026-12',
          trigger: 'missed',
          daysLate: 1,
          executionName: 'cycle-2026-12-retry-20261211',
          started: true,
          onHold: false,
          endedWithoutRun: false,
          restartOf: { executionName: 'cycle-2026-12', status },
        },
      ]);
      expect([...starter.executions.keys()]).toEqual([
        'cycle-2026-12',
        'cycle-2026-12-retry-20261211',
      ]);
    },
  );

  it('starts the last month again when its execution failed after its run began', async () => {
    const { deps, starter } = await ranAndEnded('2026-12-12', 'FAILED');

    const { toStart } = await startDueCycles(deps);

    expect(toStart).toEqual([
      {
        cycle: '2026-12',
        trigger: 'restart',
        daysLate: 2,
        executionName: 'cycle-2026-12-retry-20261212',
        started: true,
        onHold: false,
        endedWithoutRun: false,
        restartOf: { executionName: 'cycle-2026-12', status: 'FAILED' },
      },
    ]);
    expect(starter.executions.has('cycle-2026-12-retry-20261212')).toBe(true);
  });

  it('asks about the attempt that ran last: each day that fails gets one more, under its own name', async () => {
    const { deps, starter } = await ranAndEnded(
      '2026-12-12',
      'TIMED_OUT',
      'cycle-2026-12-retry-20261211',
    );
    const nextDay = { ...deps, clock: { now: () => justAfterRiyadhMidnight('2026-12-13') } };

    const { toStart } = await startDueCycles(nextDay);

    expect(toStart).toEqual([
      expect.objectContaining({
        executionName: 'cycle-2026-12-retry-20261213',
        started: true,
        restartOf: { executionName: 'cycle-2026-12-retry-20261211', status: 'TIMED_OUT' },
      }),
    ]);
    expect(starter.executions.size).toBe(2);
  });

  it('starts the next attempt once a day however often the tick runs', async () => {
    const { deps, starter } = await ranAndEnded('2026-12-12', 'FAILED');

    const first = await startDueCycles(deps);
    const second = await startDueCycles(deps);

    expect(first.toStart.map((start) => start.started)).toEqual([true]);
    expect(second.toStart).toEqual([
      expect.objectContaining({ executionName: 'cycle-2026-12-retry-20261212', started: false }),
    ]);
    expect(starter.executions.size).toBe(2);
  });

  it.each(['RUNNING', 'SUCCEEDED'])(
    'leaves a month whose execution is %s, and does not move past it before it ran',
    async (status) => {
      const { deps, starter } = await tickOn('2026-12-11', ['2026-11']);
      starter.ended('2026-12', 'cycle-2026-12', status);

      const { toStart } = await startDueCycles(deps);

      expect(toStart).toEqual([
        expect.objectContaining({
          executionName: 'cycle-2026-12',
          started: false,
          endedWithoutRun: true,
          restartOf: null,
        }),
      ]);
      expect(starter.executions.size).toBe(1);
    },
  );

  it('leaves a month that ran to its end (an incomplete one is rerun by ops)', async () => {
    const { deps, starter } = await ranAndEnded('2026-12-12', 'SUCCEEDED');

    expect((await startDueCycles(deps)).toStart).toEqual([]);
    expect(starter.executions.size).toBe(1);
  });

  it('never starts a completed month again, whatever its last execution did', async () => {
    const { deps, starter, cycleDeps } = await ranAndEnded('2026-12-12', 'FAILED');
    await cycleDeps.cycles.finish(c('2026-12'), {
      status: 'completed',
      totals: null,
      finalizedAt: '2026-12-10T01:00:00Z',
      incompleteSegments: [],
      finishedRun: 0,
      runCount: 1,
    });

    expect((await startDueCycles(deps)).toStart).toEqual([]);
    expect(starter.executions.size).toBe(1);
  });

  it('leaves a failed month on hold until it is released', async () => {
    const { deps, starter, cycleDeps } = await ranAndEnded('2026-12-12', 'FAILED');
    await cycleDeps.cycles.setHold(c('2026-12'), {
      by: 'ops-amal',
      reason: 'bank file under review',
      at: '2026-12-11T10:00:00Z',
    });

    expect((await startDueCycles(deps)).toStart).toEqual([]);
    expect(starter.executions.size).toBe(1);
  });

  it('leaves a failed month to ops where no execution can be asked (a local stack)', async () => {
    const { deps, starter } = await ranAndEnded('2026-12-12', 'FAILED');
    const { executions: _none, ...local } = deps;

    expect((await startDueCycles(local)).toStart).toEqual([]);
    expect(starter.executions.size).toBe(1);
  });

  it('asks nothing about a run recorded by a local runner (host:pid)', async () => {
    const { deps, starter } = await ranAndEnded('2026-12-12', 'FAILED', 'ops-laptop:4242');
    const asked: string[] = [];
    const asking = {
      ...deps,
      executions: {
        statusOf: async (name: string) => {
          asked.push(name);
          return starter.statusOf(name);
        },
      },
    };

    expect((await startDueCycles(asking)).toStart).toEqual([]);
    expect(asked).toEqual([]);
  });
});
