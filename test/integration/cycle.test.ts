import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localCycleDeps } from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { assessHousehold } from '../../shared/cycles/assess-household.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import { cycleRecordSchema } from '../../shared/cycles/cycle-record.ts';
import { type PaymentRecord, paymentRecordSchema } from '../../shared/cycles/payment-record.ts';
import { planCycle } from '../../shared/cycles/plan-cycle.ts';
import { policyForCycle } from '../../shared/entitlement/entitlement-policy.ts';
import { householdSchema } from '../../shared/households/household.ts';
import { runMonth } from '../support/cycle-flow.ts';

/**
 * The cycle against DynamoDB Local: killed part-way through a segment and rerun, every household is
 * paid exactly once with the right total; a completed cycle rerun changes nothing; arrears are paid
 * once, and not again next month.
 */

const CYCLE = '2026-12' as CycleId;
const NEXT_CYCLE = '2027-01' as CycleId;
const HOUSEHOLDS = 400;
const tuning = { pageSize: 40, writeConcurrency: 8, minSegments: 3, householdsPerSegment: 1_000 };

class ProcessKilled extends Error {}

/** Gives a few households arrears from an accepted objection, due in the cycle under test. */
function withArrears(register: Record<string, unknown>[], indexes: readonly number[]) {
  return register.map((household, index) => {
    if (!indexes.includes(index)) return household;
    const objectionId = `O-${String(household.householdId)}-2026-08-1`;
    const lines = [
      { cycle: '2026-08', amountHalalas: 129_600 },
      { cycle: '2026-09', amountHalalas: 129_600 },
    ];
    return {
      ...household,
      arrears: {
        [objectionId]: {
          objectionId,
          payInCycle: CYCLE,
          lines,
          totalHalalas: 259_200,
          settledInCycle: null,
        },
      },
    };
  });
}

/** Every port call fails once `killAfterWrites` payments have been written: the process is dead. */
function killedAfter(
  deps: CycleDeps,
  killAfterWrites: number,
  writes: Map<string, number>,
): CycleDeps {
  let written = 0;
  const alive = () => {
    if (written >= killAfterWrites) throw new ProcessKilled('killed');
  };
  const guard = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          alive();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    ...deps,
    households: guard(deps.households),
    cycles: guard(deps.cycles),
    notifications: guard(deps.notifications),
    payments: countingWrites(guard(deps.payments), writes, () => {
      written += 1;
    }),
  };
}

/** Counts, per payment id, how many writes actually stored a record. */
function countingWrites(
  payments: CycleDeps['payments'],
  writes: Map<string, number>,
  onWrite: () => void = () => undefined,
): CycleDeps['payments'] {
  return {
    get: (cycle, householdId) => payments.get(cycle, householdId),
    listCycle: (cycle) => payments.listCycle(cycle),
    async writeOnce(record, settle) {
      const result = await payments.writeOnce(record, settle);
      if (result.outcome === 'written') {
        writes.set(record.paymentId, (writes.get(record.paymentId) ?? 0) + 1);
        onWrite();
      }
      return result;
    },
  };
}

async function allPayments(deps: CycleDeps, cycle: CycleId): Promise<PaymentRecord[]> {
  const records: PaymentRecord[] = [];
  for await (const record of deps.payments.listCycle(cycle)) records.push(record);
  return records.sort((a, b) => a.householdId.localeCompare(b.householdId));
}

describe('the payout cycle on DynamoDB Local', () => {
  let deps: CycleDeps;
  const register = withArrears(
    [
      ...generateRegister({
        households: HOUSEHOLDS,
        seed: 7,
        arrearsDueBy: CYCLE,
        asOf: '2026-10-01' as IsoDate,
      }),
    ],
    [3, 50, 299],
  );

  beforeAll(async () => {
    const endpoint = inject('dynamodbEndpoint');
    const tableNames = tableNamesWithPrefix(`it-${randomUUID().slice(0, 8)}-`);
    const client = new DynamoDBClient(localAwsClientConfig(endpoint));
    await createTables(client, tableNames);
    client.destroy();
    deps = localCycleDeps(endpoint, tuning, tableNames, inject('sqsEndpoint'));
    await deps.households.putMany(register);
  });

  it('pays every household exactly once with the right total after being killed part-way through a segment', async () => {
    const writes = new Map<string, number>();
    const killed = await runMonth(
      killedAfter(deps, 150, writes),
      { cycle: CYCLE },
      { recordsFrom: deps },
    );
    expect(killed.outcome).toMatchObject({ ended: 'failed', cause: 'killed' });
    const writtenBeforeKill = writes.size;
    expect(writtenBeforeKill).toBeGreaterThanOrEqual(150);
    expect(writtenBeforeKill).toBeLessThan(HOUSEHOLDS);

    // The killed execution's runner is gone, so the month's next run resumes where it stopped.
    const { cycle, outcome } = await runMonth(
      { ...deps, payments: countingWrites(deps.payments, writes) },
      { cycle: CYCLE },
      { isRunnerAlive: (runner) => runner !== killed.executionName },
    );

    expect(outcome).toEqual({ ended: 'finalized', status: 'completed' });
    expect(cycle.status).toBe('completed');
    const records = await allPayments(deps, CYCLE);
    expect(records.map((record) => record.householdId)).toEqual(
      register.map((household) => String(household.householdId)).sort(),
    );
    expect([...writes].filter(([, count]) => count !== 1)).toEqual([]);
    expect(writes.size).toBe(HOUSEHOLDS);

    // The right total: what each household is owed, assessed independently of the run.
    const context = {
      cycle: CYCLE,
      paymentNumber: cycle.paymentNumber,
      paymentDate: cycle.paymentDate,
      policy: policyForCycle(deps.policies, CYCLE),
      rules: deps.rules,
      segment: 0,
      writtenAt: '',
    };
    const expected = register.map(
      (raw) => assessHousehold(context, String(raw.householdId), raw).record,
    );
    const sum = (list: readonly PaymentRecord[], pick: (record: PaymentRecord) => number) =>
      list.reduce((total, record) => total + pick(record), 0);
    expect(sum(records, (record) => record.totalHalalas)).toBe(
      sum(expected, (record) => record.totalHalalas),
    );
    expect(cycle.totals).toMatchObject({
      householdsSeen: HOUSEHOLDS,
      paid: expected.filter((record) => record.status === 'paid').length,
      setAside: expected.filter((record) => record.status === 'set-aside').length,
      amountHalalas: sum(expected, (record) => record.amountHalalas),
      arrearsHalalas: sum(expected, (record) => record.arrearsHalalas),
    });
    expect(cycle.totals?.setAside).toBeGreaterThan(0);
    expect(cycle.totals?.arrearsHalalas).toBeGreaterThan(0);
  });

  it('changes nothing when a completed cycle is run again', async () => {
    const before = await allPayments(deps, CYCLE);
    const writes = new Map<string, number>();
    const { cycle } = await runMonth(
      { ...deps, payments: countingWrites(deps.payments, writes) },
      { cycle: CYCLE, fullPass: true },
    );
    expect(writes.size).toBe(0);
    expect(await allPayments(deps, CYCLE)).toEqual(before);
    expect(cycle.totals?.newlyWritten).toBe(0);
    expect(cycle.totals?.householdsSeen).toBe(HOUSEHOLDS);
    expect(cycle.runs).toHaveLength(3);
  });

  it('pays arrears once: settled on the household, and not paid again next month', async () => {
    const withArrears = (await allPayments(deps, CYCLE)).filter(
      (record) => record.arrearsHalalas > 0,
    );
    expect(withArrears.length).toBeGreaterThan(0);
    for (const record of withArrears) {
      const household = householdSchema.parse(await deps.households.get(record.householdId));
      expect(Object.values(household.arrears).map((entry) => entry.settledInCycle)).toEqual([
        CYCLE,
      ]);
    }
    await runMonth(deps, { cycle: NEXT_CYCLE });
    for (const record of withArrears) {
      const next = paymentRecordSchema.parse(
        await deps.payments.get(NEXT_CYCLE, record.householdId),
      );
      expect(next.arrearsHalalas).toBe(0);
    }
  });
});

describe('the cycle record on DynamoDB Local: a run begins only onto the record as read', () => {
  it('refuses a second run begun from the same reading, and a run of a cycle put on hold; finishing keeps the hold', async () => {
    const endpoint = inject('dynamodbEndpoint');
    const tableNames = tableNamesWithPrefix(`it-${randomUUID().slice(0, 8)}-`);
    const client = new DynamoDBClient(localAwsClientConfig(endpoint));
    await createTables(client, tableNames);
    client.destroy();
    const deps = localCycleDeps(endpoint, tuning, tableNames, inject('sqsEndpoint'));
    await planCycle(deps, CYCLE);
    const run = (runner: string) => ({
      startedAt: '2026-12-10T00:05:00.000Z',
      finishedAt: null,
      fullPass: false,
      runner,
    });

    expect(await deps.cycles.beginRun(CYCLE, run('cycle-2026-12'), 0)).toBe('begun');
    expect(await deps.cycles.beginRun(CYCLE, run('run-2026-12-x'), 0)).toBe('changed-meanwhile');
    const hold = { by: 'ops-amal', reason: 'bank file check', at: '2026-12-10T01:00:00.000Z' };
    await deps.cycles.setHold(CYCLE, hold);
    expect(await deps.cycles.beginRun(CYCLE, run('rerun-2026-12-y'), 1)).toBe('on-hold');

    const outcome = {
      status: 'incomplete' as const,
      totals: null,
      finalizedAt: '2026-12-10T02:00:00.000Z',
      incompleteSegments: [0],
      finishedRun: 0,
    };
    // A finish read before another run began is that run's business: refused.
    expect(await deps.cycles.finish(CYCLE, { ...outcome, runCount: 0 })).toBe('changed-meanwhile');
    await deps.cycles.finish(CYCLE, {
      status: 'incomplete',
      totals: null,
      finalizedAt: '2026-12-10T02:00:00.000Z',
      incompleteSegments: [0],
      finishedRun: 0,
      runCount: 1,
    });
    const stored = cycleRecordSchema.parse(await deps.cycles.get(CYCLE));
    expect(stored).toMatchObject({
      status: 'incomplete',
      hold,
      incompleteSegments: [0],
      runs: [{ runner: 'cycle-2026-12', finishedAt: '2026-12-10T02:00:00.000Z' }],
    });
  });
});
