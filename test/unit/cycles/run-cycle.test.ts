import { describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import type { CycleDeps } from '../../../shared/cycles/cycle-deps.ts';
import { CycleOnHoldError, CycleRunningError } from '../../../shared/cycles/cycle-guards.ts';
import { beginCycleRun, planCycle } from '../../../shared/cycles/plan-cycle.ts';
import { processSegment } from '../../../shared/cycles/process-segment.ts';
import { runCycle } from '../../../shared/cycles/run-cycle.ts';
import { inMemoryCycle } from '../../support/cycles.ts';

const CYCLE = '2026-12' as CycleId;
const register = () => [
  ...generateRegister({
    households: 120,
    seed: 3,
    arrearsDueBy: CYCLE,
    asOf: '2026-10-01' as IsoDate,
  }),
];

class Crash extends Error {}

/** The payments port fails after `limit` writes, as if the process had died there. */
function crashingAfter(deps: CycleDeps, limit: number): CycleDeps {
  let writes = 0;
  return {
    ...deps,
    payments: {
      ...deps.payments,
      get: deps.payments.get.bind(deps.payments),
      listCycle: deps.payments.listCycle.bind(deps.payments),
      writeOnce: async (record, settle) => {
        if (writes >= limit) throw new Crash('crashed');
        writes += 1;
        return deps.payments.writeOnce(record, settle);
      },
    },
  };
}

describe('runCycle', () => {
  it('writes one record per household and totals them', async () => {
    const { deps, households, payments, notifications } = inMemoryCycle();
    await households.putMany(register());

    const { cycle, failedSegments } = await runCycle(deps, { cycle: CYCLE, segmentConcurrency: 2 });

    expect(failedSegments).toEqual([]);
    expect(cycle).toMatchObject({
      status: 'completed',
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      totalSegments: 3,
    });
    expect(payments.records.size).toBe(120);
    expect(cycle.totals?.householdsSeen).toBe(120);
    const records = [...payments.records.values()];
    expect(cycle.totals?.amountHalalas).toBe(
      records.reduce((sum, record) => sum + record.amountHalalas, 0),
    );
    expect(cycle.totals?.paid).toBe(records.filter((record) => record.status === 'paid').length);
    expect(notifications.queued).toHaveLength(120 - (cycle.totals?.setAside ?? 0));
  });

  it('resumes a crashed segment from its checkpoint and pays nobody twice', async () => {
    const { deps, households, payments, cycles } = inMemoryCycle();
    await households.putMany(register());
    await planCycle(deps, CYCLE);

    await expect(
      processSegment(crashingAfter(deps, 12), { cycle: CYCLE, segment: 0 }),
    ).rejects.toThrow(Crash);
    const crashed = await cycles.getSegment(CYCLE, 0);
    expect(crashed).toMatchObject({ status: 'failed', lastError: 'crashed', attempts: 1 });
    expect(crashed?.cursor).not.toBeNull();

    const { cycle } = await runCycle(deps, { cycle: CYCLE, segmentConcurrency: 3 });
    expect(cycle.status).toBe('completed');
    expect(cycle.totals?.householdsSeen).toBe(120);
    expect([...payments.writes.values()].every((count) => count === 1)).toBe(true);
    expect(await cycles.getSegment(CYCLE, 0)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('writes nothing new and counts the same when a completed cycle runs again', async () => {
    const { deps, households, payments } = inMemoryCycle();
    await households.putMany(register());
    const first = await runCycle(deps, { cycle: CYCLE, segmentConcurrency: 3 });
    const before = structuredClone([...payments.records.values()]);

    const again = await runCycle(deps, { cycle: CYCLE, segmentConcurrency: 3, fullPass: true });

    expect([...payments.records.values()]).toEqual(before);
    expect(again.cycle.totals).toEqual({ ...first.cycle.totals, newlyWritten: 0 });
  });

  it('pays a household set aside earlier once its record is corrected, and only then', async () => {
    const { deps, households, payments } = inMemoryCycle();
    const records = register();
    const target = records.find((record) => record.kind === 'family') as Record<string, unknown>;
    const householdId = String(target.householdId);
    await households.putMany([
      ...records.filter((record) => record !== target),
      { ...target, bankAccount: { iban: 'SA1' } },
    ]);
    await runCycle(deps, { cycle: CYCLE, segmentConcurrency: 3 });
    expect(payments.records.get(`${CYCLE}#${householdId}`)?.status).toBe('set-aside');

    await households.putMany([target]);
    const { cycle } = await runCycle(deps, { cycle: CYCLE, segmentConcurrency: 3, fullPass: true });

    expect(payments.records.get(`${CYCLE}#${householdId}`)?.status).not.toBe('set-aside');
    expect(cycle.totals?.newlyWritten).toBe(1);
  });

  it('begins no second run while another runner, alive, has one under way', async () => {
    const { deps, households, payments } = inMemoryCycle();
    await households.putMany(register());
    const { cycle: planned } = await planCycle(deps, CYCLE);
    await beginCycleRun(deps, planned, false, null, 'host-a:101');

    await expect(
      runCycle(deps, { cycle: CYCLE, segmentConcurrency: 2, isRunnerAlive: () => true }),
    ).rejects.toThrow(CycleRunningError);
    expect(payments.records.size).toBe(0);
    // A runner that died leaves the cycle to the next one.
    const resumed = await runCycle(deps, {
      cycle: CYCLE,
      segmentConcurrency: 2,
      isRunnerAlive: () => false,
    });
    expect(resumed.cycle.status).toBe('completed');
  });

  it('starts no run of a cycle on hold, whoever asks', async () => {
    const { deps, households, payments } = inMemoryCycle();
    await households.putMany(register());
    const { cycle: planned } = await planCycle(deps, CYCLE);
    await deps.cycles.setHold(planned.cycle, {
      by: 'ops-amal',
      reason: 'bank file under review',
      at: '2026-12-01T08:00:00Z',
    });

    await expect(runCycle(deps, { cycle: CYCLE, segmentConcurrency: 2 })).rejects.toThrow(
      CycleOnHoldError,
    );
    expect(payments.records.size).toBe(0);
  });

  it('refuses a segment the plan does not have', async () => {
    const { deps, households } = inMemoryCycle();
    await households.putMany(register());
    await planCycle(deps, CYCLE);

    await expect(processSegment(deps, { cycle: CYCLE, segment: 3 })).rejects.toThrow(
      /segment 3 is not part of cycle 2026-12, which has segments 0 to 2/,
    );
  });

  it('finishes the other segments when one fails, and reports the cycle incomplete', async () => {
    const { deps, households } = inMemoryCycle();
    await households.putMany(register());
    const failing: CycleDeps = {
      ...deps,
      households: {
        ...deps.households,
        estimateCount: () => deps.households.estimateCount(),
        get: (id) => deps.households.get(id),
        putMany: (items) => deps.households.putMany(items),
        scanSegment: (input) =>
          input.segment === 1
            ? Promise.reject(new Error('segment 1 unreadable'))
            : deps.households.scanSegment(input),
      },
    };

    const { cycle, failedSegments } = await runCycle(failing, {
      cycle: CYCLE,
      segmentConcurrency: 3,
    });

    expect(failedSegments).toEqual([{ segment: 1, error: 'segment 1 unreadable' }]);
    expect(cycle).toMatchObject({ status: 'incomplete', incompleteSegments: [1] });
  });
});
