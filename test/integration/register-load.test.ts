import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localCycleDeps } from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import {
  generateLabelledRegister,
  type RegisterOptions,
} from '../../cli/seed/generate-register.ts';
import { seedRegister } from '../../cli/seed/seed-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';

/**
 * Loading a register (issue 11, item 6): one record DynamoDB refuses used to make it refuse its
 * whole batch of 25. Now every storable record is stored and each refused one is reported.
 */

const options: RegisterOptions = {
  households: 400,
  seed: 11,
  arrearsDueBy: '2026-12' as CycleId,
  asOf: '2026-10-01' as IsoDate,
  badShare: 0.4,
};
let deps: CycleDeps;

beforeAll(async () => {
  const endpoint = inject('dynamodbEndpoint');
  const tables = tableNamesWithPrefix(`it-load-${randomUUID().slice(0, 8)}-`);
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  await createTables(client, tables);
  client.destroy();
  deps = localCycleDeps(endpoint, {}, tables, inject('sqsEndpoint'));
});

describe('loading a register with bad records', () => {
  it('stores every record the store can hold and reports each refused one with its reason', async () => {
    const labelled = [...generateLabelledRegister(options)];
    const refusedAtLoad = labelled.filter(
      ({ label }) => typeof label === 'object' && label.fate === 'refused-at-load',
    );
    expect(refusedAtLoad.length).toBeGreaterThan(5);

    const refused = await seedRegister(deps.households, options);

    expect(refused).toHaveLength(refusedAtLoad.length);
    for (const { reason } of refused) expect(reason).toMatch(/\w/);
    // Every other record is in the table, including the ones that shared a batch with a refused one.
    const stored = labelled.filter((record) => !refusedAtLoad.includes(record));
    for (const { record } of stored) {
      expect(await deps.households.get(String(record.householdId))).toBeDefined();
    }
  });

  it('says why: the item past 400 KB, the number past what DynamoDB holds, the key of the wrong type', async () => {
    const good: Record<string, unknown>[] = [
      ...generateLabelledRegister({ ...options, households: 30, badShare: 0 }),
    ].map(({ record }) => ({ ...record, householdId: `H7${String(record.householdId).slice(1)}` }));
    const [first, second, third] = good as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    const refused = await deps.households.putMany([
      ...good.slice(3),
      { ...first, notes: 'n'.repeat(450_000) },
      { ...second, monthlyIncomeHalalas: 2 ** 60 },
      { ...third, householdId: 7 },
    ]);

    expect(refused).toHaveLength(3);
    expect(refused).toEqual(
      expect.arrayContaining([
        { householdId: first.householdId, reason: expect.stringMatching(/item size/i) },
        { householdId: second.householdId, reason: expect.stringMatching(/MAX_SAFE_INTEGER/) },
        { householdId: '7', reason: expect.stringMatching(/mismatch/i) },
      ]),
    );
    for (const record of good.slice(3)) {
      expect(await deps.households.get(String(record.householdId))).toBeDefined();
    }
  });
});
