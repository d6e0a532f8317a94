import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localCycleDeps } from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import { type PaymentRecord, paymentRecordSchema } from '../../shared/cycles/payment-record.ts';
import { runMonth } from '../support/cycle-flow.ts';

/**
 * One household's data never stops anybody else's payment (issue 11): the records that once failed
 * a whole segment or the whole cycle, mixed into a good register on DynamoDB Local, are each set
 * aside with a reason; the month completes and every good household is assessed.
 */

const CYCLE = '2026-12' as CycleId;
let deps: CycleDeps;
let tables: DafaaTableNames;
let client: DynamoDBClient;
const good = [
  ...generateRegister({
    households: 120,
    seed: 5,
    arrearsDueBy: CYCLE,
    asOf: '2026-10-01' as IsoDate,
  }),
].filter(
  (record) =>
    (record as { kind?: unknown }).kind === 'family' ||
    (record as { kind?: unknown }).kind === 'independent',
);

/** A good record of the register, changed to carry one poison. */
function poisoned(index: number, change: (record: Record<string, unknown>) => void) {
  const record = structuredClone(good[index]) as Record<string, unknown>;
  record.householdId = `H9${String(index).padStart(7, '0')}`;
  change(record);
  return record;
}

const arrearsEntry = (objectionId: string, amountHalalas: number | string) => ({
  objectionId,
  payInCycle: CYCLE,
  lines: [{ cycle: '2026-10', amountHalalas }],
  totalHalalas: amountHalalas,
  settledInCycle: null,
});

beforeAll(async () => {
  const endpoint = inject('dynamodbEndpoint');
  tables = tableNamesWithPrefix(`it-poison-${randomUUID().slice(0, 8)}-`);
  client = new DynamoDBClient(localAwsClientConfig(endpoint));
  await createTables(client, tables);
  deps = localCycleDeps(endpoint, { minSegments: 2, pageSize: 25 }, tables, inject('sqsEndpoint'));
  await deps.households.putMany(good);
  const poisons = [
    poisoned(1, (r) => {
      r.arrears = { 'O-1': arrearsEntry('O-2', 150_000) };
    }),
    poisoned(2, (r) => {
      const id = 'O'.repeat(40_000);
      r.arrears = { [id]: arrearsEntry(id, 150_000) };
    }),
    poisoned(3, (r) => {
      r.arrears = Object.fromEntries(
        Array.from({ length: 150 }, (_, i) => [`O-${i}`, arrearsEntry(`O-${i}`, 100)]),
      );
    }),
    poisoned(4, (r) => {
      r.householdId = `H${'1'.repeat(1_100)}`;
    }),
    poisoned(5, (r) => {
      const huge = Number.MAX_SAFE_INTEGER - 1;
      r.arrears = { A: arrearsEntry('A', huge), B: arrearsEntry('B', huge) };
    }),
  ];
  await deps.households.putMany(poisons);
  // A number no JS number holds: written as DynamoDB's digits, as a register feed could.
  const unsafe = poisoned(6, (r) => {
    r.arrears = { A: arrearsEntry('A', 0) };
  });
  const item = marshall(unsafe, { removeUndefinedValues: true });
  const entry = (item.arrears?.M?.A?.M ?? {}) as Record<string, { N?: string; L?: unknown }>;
  entry.totalHalalas = { N: '123456789012345678901234567890' };
  await client.send(new PutItemCommand({ TableName: tables.households, Item: item }));
});

async function paymentsOf(cycle: CycleId): Promise<PaymentRecord[]> {
  const records: PaymentRecord[] = [];
  for await (const item of deps.payments.listCycle(cycle))
    records.push(paymentRecordSchema.parse(item));
  return records;
}

describe('a register with poisoned records', () => {
  it('completes the month: each poisoned household set aside with a reason, every good one assessed', async () => {
    const { outcome, cycle } = await runMonth(deps, { cycle: CYCLE });

    expect(outcome).toEqual({ ended: 'finalized', status: 'completed' });
    const records = await paymentsOf(CYCLE);
    const byId = new Map(records.map((record) => [record.householdId, record]));
    for (const index of [1, 2, 3, 5, 6]) {
      const record = byId.get(`H9${String(index).padStart(7, '0')}`);
      expect(record?.status, `poison ${index}`).toBe('set-aside');
      expect(record?.problems.length, `poison ${index}`).toBeGreaterThan(0);
    }
    // The 1,101-character id cannot be a key in the payments index: set aside and counted, unstored.
    expect(cycle.totals?.householdsSeen).toBe(good.length + 6);
    const goodIds = good.map((record) => String((record as { householdId: unknown }).householdId));
    expect(goodIds.filter((id) => !byId.has(id))).toEqual([]);
    expect(cycle.incompleteSegments).toEqual([]);
  });
});
