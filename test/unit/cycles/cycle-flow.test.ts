import { describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { beginCycleRun } from '../../../shared/cycles/begin-cycle-run.ts';
import type { CycleDeps } from '../../../shared/cycles/cycle-deps.ts';
import { CycleOnHoldError, CycleRunningError } from '../../../shared/cycles/cycle-guards.ts';
import { paySegment } from '../../../shared/cycles/pay-segment.ts';
import { planCycle } from '../../../shared/cycles/plan-cycle.ts';
import { runMonth } from '../../support/cycle-flow.ts';
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

/**
 * The cycle's flow as deployed: the synthesized state machine (plan, projections, the approval gate,
 * the payment map, finalize) executed by an ASL interpreter over in-memory fakes.
 */
describe('the cycle state machine', () => {
  it('writes one record per household and totals them', async () => {
    const { deps, households, payments, notifications } = inMemoryCycle();
    await households.putMany(register());

    const { cycle, outcome } = await runMonth(deps, { cycle: CYCLE });

    expect(outcome).toEqual({ ended: 'finalized', status: 'completed' });
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

    await expect(paySegment(crashingAfter(deps, 12), { cycle: CYCLE, segment: 0 })).rejects.toThrow(
      Crash,
    );
    const crashed = await cycles.getSegment(CYCLE, 0);
    expect(crashed).toMatchObject({ status: 'failed', lastError: 'crashed', attempts: 1 });
    expect(crashed?.cursor).not.toBeNull();

    const { cycle } = await runMonth(deps, { cycle: CYCLE });
    expect(cycle.status).toBe('completed');
    expect(cycle.totals?.householdsSeen).toBe(120);
    expect([...payments.writes.values()].every((count) => count === 1)).toBe(true);
    expect(await cycles.getSegment(CYCLE, 0)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('writes nothing new and counts the same when a completed cycle runs again', async () => {
    const { deps, households, payments } = inMemoryCycle();
    await households.putMany(register());
    const first = await runMonth(deps, { cycle: CYCLE });
    const before = structuredClone([...payments.records.values()]);

    const again = await runMonth(deps, { cycle: CYCLE, fullPass: true });

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
    await runMonth(deps, { cycle: CYCLE });
    expect(payments.records.get(`${CYCLE}#${householdId}`)?.status).toBe('set-aside');

    await households.putMany([target]);
    const { cycle } = await runMonth(deps, { cycle: CYCLE, fullPass: true });

    expect(payments.records.get(`${CYCLE}#${householdId}`)?.status).not.toBe('set-aside');
    expect(cycle.totals?.newlyWritten).toBe(1);
  });

  it('begins no second run while another runner, alive, has one under way', async () => {
    const { deps, households, payments } = inMemoryCycle();
    await households.putMany(register());
    const { cycle: planned } = await planCycle(deps, CYCLE);
    await beginCycleRun(deps, planned, false, null, 'host-a:101');

    const refused = await runMonth(deps, { cycle: CYCLE }, { isRunnerAlive: () => true });

    expect(refused.outcome).toMatchObject({ ended: 'failed', error: CycleRunningError.name });
    expect(payments.records.size).toBe(0);
    // A runner that died leaves the cycle to the next one.
    const resumed = await runMonth(deps, { cycle: CYCLE }, { isRunnerAlive: () => false });
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

    const { outcome } = await runMonth(deps, { cycle: CYCLE });

    expect(outcome).toMatchObject({ ended: 'failed', error: CycleOnHoldError.name });
    expect(payments.records.size).toBe(0);
  });

  it('refuses a segment the plan does not have', async () => {
    const { deps, households } = inMemoryCycle();
    await households.putMany(register());
    await planCycle(deps, CYCLE);

    await expect(paySegment(deps, { cycle: CYCLE, segment: 3 })).rejects.toThrow(
      /segment 3 is not part of cycle 2026-12, which has segments 0 to 2/,
    );
  });

  it('fails the execution when a segment fails, finalizing the cycle incomplete; the other segments pay once', async () => {
    const { deps, households, payments } = inMemoryCycle();
    await households.putMany(register());
    // Segment 1 can be read (the projection passes) but not paid.
    const failing: CycleDeps = {
      ...deps,
      payments: {
        get: deps.payments.get.bind(deps.payments),
        listCycle: deps.payments.listCycle.bind(deps.payments),
        writeOnce: (record, settle) =>
          record.segment === 1
            ? Promise.reject(new Error('segment 1 unwritable'))
            : deps.payments.writeOnce(record, settle),
      },
    };

    const { cycle, outcome } = await runMonth(failing, { cycle: CYCLE });

    // With three segments one failure is past the map's tolerated share, in AWS as here.
    expect(outcome).toMatchObject({ ended: 'failed', cause: 'segment 1 unwritable' });
    expect(cycle.status).toBe('incomplete');
    expect(cycle.incompleteSegments).toContain(1);
    expect(await deps.cycles.getSegment(CYCLE, 1)).toMatchObject({ status: 'failed' });
    for (const segment of [0, 2]) {
      expect(await deps.cycles.getSegment(CYCLE, segment)).toMatchObject({ status: 'done' });
    }
    expect([...payments.writes.values()].every((count) => count === 1)).toBe(true);
  });
});
