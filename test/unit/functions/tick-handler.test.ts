import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTickHandler, type TickDeps } from '../../../functions/tick.ts';
import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import { beginCycleRun } from '../../../shared/cycles/begin-cycle-run.ts';
import { planCycle } from '../../../shared/cycles/plan-cycle.ts';
import { c, calendarDeps } from '../../support/calendar.ts';
import { type CapturedOutput, captureOutput } from '../../support/captured-output.ts';
import { inMemoryCycle } from '../../support/cycles.ts';

/** The tick on `now`, with `planned` cycles in the table and a starter that remembers names. */
async function tickAt(
  now: string,
  started: string[],
  options: Partial<Pick<TickDeps, 'starter' | 'executions'>> = {},
) {
  const { deps, cycles } = inMemoryCycle();
  for (const cycle of started) {
    const { cycle: planned } = await planCycle(deps, c(cycle));
    await beginCycleRun(deps, planned, false);
  }
  const executions = new Set<string>();
  const tickDeps: TickDeps = {
    cycles,
    ...options,
    starter: options.starter ?? {
      start: async ({ executionName }: { cycle: CycleId; executionName: string }) => {
        const started = !executions.has(executionName);
        executions.add(executionName);
        return { started };
      },
    },
    calendar: calendarDeps(),
    clock: { now: () => new Date(now) },
  };
  return { handler: createTickHandler(() => tickDeps), executions };
}

const SCHEDULER_EVENT = { 'scheduled-by': 'EventBridge Scheduler' };

describe('the tick Lambda handler', () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  it('starts the cycle due today, logs one line and counts it', async () => {
    const { handler, executions } = await tickAt('2026-12-09T21:05:00Z', ['2026-11']);

    const result = await handler(SCHEDULER_EVENT, {} as Context);

    expect(result.toStart).toEqual([expect.objectContaining({ cycle: '2026-12', started: true })]);
    expect([...executions]).toEqual(['cycle-2026-12']);
    expect(output.logs()).toEqual([
      {
        level: 'INFO',
        service: 'dafaa-test',
        message: 'tick',
        timestamp: expect.any(String),
        cold_start: expect.any(Boolean),
        sampling_rate: 0,
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
      },
    ]);
    const [metrics] = output.metrics();
    expect(metrics).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'dafaa',
            Dimensions: [['service']],
            Metrics: [
              { Name: 'CyclesStarted', Unit: 'Count' },
              { Name: 'CyclesMissed', Unit: 'Count' },
              { Name: 'TickSucceeded', Unit: 'Count' },
            ],
          },
        ],
      },
      CyclesStarted: 1,
      CyclesMissed: 0,
      TickSucceeded: 1,
    });
  });

  it('warns and counts a missed cycle it catches up', async () => {
    const { handler } = await tickAt('2026-12-11T21:05:00Z', ['2026-11']);

    await handler(SCHEDULER_EVENT, {} as Context);

    expect(output.logs()[0]).toMatchObject({ level: 'WARN', today: '2026-12-12' });
    expect(output.metrics()[0]).toMatchObject({ CyclesStarted: 1, CyclesMissed: 1 });
  });

  it('counts nothing started when a second tick finds the execution already there', async () => {
    const { handler, executions } = await tickAt('2026-12-09T21:05:00Z', ['2026-11']);

    await handler(SCHEDULER_EVENT, {} as Context);
    await handler(SCHEDULER_EVENT, {} as Context);

    expect(executions.size).toBe(1);
    expect(output.metrics().map((metrics) => metrics.CyclesStarted)).toEqual([1, 0]);
  });

  it('warns when it starts a month again after its execution ended unfinished', async () => {
    const failed = async (name: string) => (name === 'cycle-2026-12' ? 'FAILED' : null);
    const { handler, executions } = await tickAt('2026-12-10T21:05:00Z', ['2026-11'], {
      executions: { statusOf: failed },
    });
    executions.add('cycle-2026-12');

    const result = await handler(SCHEDULER_EVENT, {} as Context);

    expect(result.toStart).toEqual([
      expect.objectContaining({
        executionName: 'cycle-2026-12-retry-20261211',
        started: true,
        restartOf: { executionName: 'cycle-2026-12', status: 'FAILED' },
      }),
    ]);
    expect(output.logs()[0]).toMatchObject({ level: 'WARN' });
    expect(output.metrics()[0]).toMatchObject({ CyclesStarted: 1, TickSucceeded: 1 });
  });

  it('counts no success when the tick fails (26 hours without one raise the alarm)', async () => {
    const { handler } = await tickAt('2026-12-09T21:05:00Z', ['2026-11'], {
      starter: {
        start: async () => {
          throw new Error('ExecutionLimitExceeded');
        },
      },
    });

    await expect(handler(SCHEDULER_EVENT, {} as Context)).rejects.toThrow('ExecutionLimitExceeded');

    expect(output.metrics()).toEqual([]);
  });
});
