import { describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import type { CycleId, IsoDate } from '../../../shared/calendar/calendar-date.ts';
import {
  DRY_RUN_LIST_CAP,
  type DryRunChange,
  dryRunCycle,
} from '../../../shared/cycles/dry-run-cycle.ts';
import type { PaymentRecord } from '../../../shared/cycles/payment-record.ts';
import { runMonth } from '../../support/cycle-flow.ts';
import { inMemoryCycle, readOnlyCycle } from '../../support/cycles.ts';

const NOVEMBER = '2026-11' as CycleId;
const DECEMBER = '2026-12' as CycleId;
const BUDGET = 100_000_000_00;

const register = (households = 160) => [
  ...generateRegister({
    households,
    seed: 3,
    arrearsDueBy: DECEMBER,
    asOf: '2026-09-01' as IsoDate,
  }),
];

/** What the dry run's comparison should find, computed plainly from two months' written records. */
function expectedChanges(before: PaymentRecord[], after: PaymentRecord[]) {
  const last = new Map(before.map((record) => [record.householdId, record]));
  const now = new Map(after.map((record) => [record.householdId, record]));
  const ids = [...new Set([...last.keys(), ...now.keys()])].sort();
  const paid = (record: PaymentRecord | undefined) => record?.status === 'paid';
  return {
    added: ids.filter((id) => paid(now.get(id)) && !paid(last.get(id))),
    dropped: ids.filter((id) => paid(last.get(id)) && !paid(now.get(id))),
    changed: ids.filter(
      (id) =>
        paid(last.get(id)) &&
        paid(now.get(id)) &&
        last.get(id)?.amountHalalas !== now.get(id)?.amountHalalas,
    ),
  };
}

const records = (payments: { records: Map<string, PaymentRecord> }, cycle: CycleId) =>
  [...payments.records.values()].filter((record) => record.cycle === cycle);
const ids = (entries: readonly DryRunChange[]) => entries.map((entry) => entry.householdId);

describe('dryRunCycle', () => {
  it('writes nothing, and projects exactly what the run then records', async () => {
    const { deps, households, payments, cycles, notifications } = inMemoryCycle();
    await households.putMany(register());
    const registerBefore = structuredClone([...households.records.entries()]);

    const dry = await dryRunCycle(readOnlyCycle(deps), { cycle: DECEMBER, budgetHalalas: BUDGET });

    expect(payments.records.size).toBe(0);
    expect(cycles.cycles.size).toBe(0);
    expect(cycles.segments.size).toBe(0);
    expect(notifications.queued).toEqual([]);
    expect([...households.records.entries()]).toEqual(registerBefore);
    expect(dry).toMatchObject({
      planned: false,
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      alreadyWritten: 0,
      wouldWriteNew: 160,
    });

    const { cycle } = await runMonth(deps, { cycle: DECEMBER });

    expect(dry.totals).toEqual(cycle.totals);
    expect(dry.totalSegments).toBe(cycle.totalSegments);
    expect(dry.totalHalalas).toBe(
      (cycle.totals?.amountHalalas ?? 0) + (cycle.totals?.arrearsHalalas ?? 0),
    );
    const written = records(payments, DECEMBER);
    expect(dry.arrearsLines).toEqual({
      count: written.reduce((sum, record) => sum + record.arrearsLines.length, 0),
      totalHalalas: cycle.totals?.arrearsHalalas,
    });
    expect(dry.arrearsLines.count).toBeGreaterThan(0);
  });

  it('counts a month already run as it stands, and would write nothing more', async () => {
    const { deps, households } = inMemoryCycle();
    await households.putMany(register());
    const { cycle } = await runMonth(deps, { cycle: DECEMBER });

    const dry = await dryRunCycle(readOnlyCycle(deps), { cycle: DECEMBER, budgetHalalas: BUDGET });

    // The arrears are settled on the register now; the records that carry them still count them.
    expect(dry.totals).toEqual({ ...cycle.totals, newlyWritten: 0 });
    expect(dry).toMatchObject({ planned: true, alreadyWritten: 160, wouldWriteNew: 0 });
  });

  it('would replace a set-aside record once the household is corrected, as the run does', async () => {
    const { deps, households, payments } = inMemoryCycle();
    const registered = register();
    const target = registered.find((record) => record.kind === 'family');
    if (!target) throw new Error('the register has no family');
    await households.putMany([
      ...registered.filter((record) => record !== target),
      { ...target, bankAccount: { iban: 'SA1' } },
    ]);
    await runMonth(deps, { cycle: DECEMBER });
    await households.putMany([target]);

    const dry = await dryRunCycle(readOnlyCycle(deps), { cycle: DECEMBER, budgetHalalas: BUDGET });
    const rerun = await runMonth(deps, { cycle: DECEMBER, fullPass: true });

    expect(dry.wouldWriteNew).toBe(1);
    expect(dry.totals).toEqual(rerun.cycle.totals);
    expect(payments.records.get(`${DECEMBER}#${String(target.householdId)}`)?.status).not.toBe(
      'set-aside',
    );
  });

  it('reports the households added, dropped and changed when the register changes', async () => {
    const { deps, households, payments } = inMemoryCycle();
    const registered = register();
    await households.putMany(registered);
    await runMonth(deps, { cycle: NOVEMBER });
    const november = records(payments, NOVEMBER);
    const fullyPaid = november.filter(
      (record) =>
        record.status === 'paid' &&
        record.arrearsHalalas === 0 &&
        record.entitlement?.band === 'full',
    );
    const [raised, removed, priced, copied] = fullyPaid;
    if (!raised || !removed || !priced || !copied) throw new Error('too few households paid');
    const stored = (record: PaymentRecord) => {
      const household = households.records.get(record.householdId);
      if (!household) throw new Error(`${record.householdId} is not in the register`);
      return household;
    };
    // One household's income moves into the taper (still paid, less); another's above the cut-off.
    const entitlement = raised.entitlement as {
      exemptionThresholdHalalas: number;
      cutoffHalalas: number;
    };
    const tapered =
      Math.round(
        (entitlement.exemptionThresholdHalalas +
          (entitlement.cutoffHalalas - entitlement.exemptionThresholdHalalas) / 4) /
          100,
      ) * 100;
    households.records.set(raised.householdId, {
      ...stored(raised),
      monthlyIncomeHalalas: tapered,
    });
    households.records.set(priced.householdId, {
      ...stored(priced),
      monthlyIncomeHalalas: 100_000_000,
    });
    households.records.delete(removed.householdId);
    households.records.set('H99999999', { ...stored(copied), householdId: 'H99999999' });

    const dry = await dryRunCycle(readOnlyCycle(deps), { cycle: DECEMBER, budgetHalalas: BUDGET });
    await runMonth(deps, { cycle: DECEMBER });

    const expected = expectedChanges(november, records(payments, DECEMBER));
    expect(dry.previousRecords).toBe(160);
    expect({
      added: dry.added.count,
      dropped: dry.dropped.count,
      changed: dry.changed.count,
    }).toEqual({
      added: expected.added.length,
      dropped: expected.dropped.length,
      changed: expected.changed.length,
    });
    expect(ids(dry.added.entries)).toEqual(expected.added);
    expect(ids(dry.dropped.entries)).toEqual(expected.dropped);
    expect(ids(dry.changed.entries)).toEqual(expected.changed);

    expect(dry.added.entries).toContainEqual({
      householdId: 'H99999999',
      before: 0,
      after: payments.records.get(`${DECEMBER}#H99999999`)?.amountHalalas,
      arrearsHalalas: payments.records.get(`${DECEMBER}#H99999999`)?.arrearsHalalas,
      reasons: ['no-record-last-month'],
    });
    expect(dry.dropped.entries).toContainEqual({
      householdId: removed.householdId,
      before: removed.amountHalalas,
      after: 0,
      arrearsHalalas: 0,
      reasons: ['not-in-register'],
    });
    expect(dry.dropped.entries).toContainEqual({
      householdId: priced.householdId,
      before: priced.amountHalalas,
      after: 0,
      arrearsHalalas: 0,
      reasons: ['income-above-cutoff'],
    });
    const change = dry.changed.entries.find((entry) => entry.householdId === raised.householdId);
    // November was paid under 2023-10, December under 2026-12: both reasons are named.
    expect(change).toMatchObject({
      before: raised.amountHalalas,
      reasons: ['policy-changed', 'income-changed'],
    });
    expect(change?.after).toBeGreaterThan(0);
    expect(change?.after).toBeLessThan(raised.amountHalalas);
  });

  it('lists at most 50 of each but counts them all, the first by household id', async () => {
    const { deps, households } = inMemoryCycle();
    await households.putMany(register());

    const dry = await dryRunCycle(readOnlyCycle(deps), { cycle: DECEMBER, budgetHalalas: BUDGET });

    // No record last month: every household paid now is added.
    expect(dry.previousRecords).toBe(0);
    expect(dry.added.count).toBe(dry.totals.paid);
    expect(dry.added.count).toBeGreaterThan(DRY_RUN_LIST_CAP);
    expect(dry.added.entries).toHaveLength(DRY_RUN_LIST_CAP);
    const sorted = ids(dry.added.entries).toSorted();
    expect(ids(dry.added.entries)).toEqual(sorted);
    expect(dry.added.entries.every((entry) => entry.reasons[0] === 'no-record-last-month')).toBe(
      true,
    );
    expect(dry).toMatchObject({ dropped: { count: 0, entries: [] }, changed: { count: 0 } });
  });

  it('holds the total against the budget', async () => {
    const { deps, households } = inMemoryCycle();
    await households.putMany(register());

    const within = await dryRunCycle(readOnlyCycle(deps), {
      cycle: DECEMBER,
      budgetHalalas: BUDGET,
    });
    const tight = await dryRunCycle(readOnlyCycle(deps), {
      cycle: DECEMBER,
      budgetHalalas: 100_000,
    });

    expect(within.overBudgetHalalas).toBe(0);
    expect(tight).toMatchObject({
      budgetHalalas: 100_000,
      overBudgetHalalas: within.totalHalalas - 100_000,
    });
  });
});
