import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbHouseholdRepository } from '../../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { DynamoDbObjectionRepository } from '../../shared/adapters/dynamodb/dynamodb-objection-repository.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import { householdSchema } from '../../shared/households/household.ts';
import {
  ObjectionAlreadyExistsError,
  ObjectionAlreadyOpenError,
  ObjectionHouseholdNotFoundError,
  ObjectionNotFoundError,
  ObjectionStatusChangedError,
} from '../../shared/objections/errors.ts';
import { accept, type Objection, reject, startReview } from '../../shared/objections/objection.ts';
import { c } from '../support/calendar.ts';
import { aHousehold } from '../support/households.ts';
import {
  arrearsFor,
  HOUSEHOLD,
  OPERATOR,
  riyadhNoon,
  submittedObjection,
} from '../support/objections.ts';

/** The DynamoDB objection store keeps the same promises as the in-memory fake the unit tests use. */

const by = { at: riyadhNoon('2026-04-01'), by: OPERATOR };

describe('DynamoDbObjectionRepository', () => {
  let objections: DynamoDbObjectionRepository;
  let households: DynamoDbHouseholdRepository;

  beforeAll(async () => {
    const endpoint = inject('dynamodbEndpoint');
    const names = tableNamesWithPrefix(`it-obj-${randomUUID().slice(0, 8)}-`);
    const client = new DynamoDBClient(localAwsClientConfig(endpoint));
    await createTables(client, names);
    client.destroy();
    const documents = createDocumentClient(localAwsClientConfig(endpoint));
    objections = new DynamoDbObjectionRepository(documents, names.objections, names.households);
    households = new DynamoDbHouseholdRepository(documents, names.households);
    await households.putMany([{ ...aHousehold({ householdId: HOUSEHOLD }) }]);
  });

  it('keeps one open objection per result, and frees the result when it is decided', async () => {
    const first = submittedObjection();
    await objections.create(first);
    await expect(objections.create(submittedObjection({ sequence: 2 }))).rejects.toThrow(
      ObjectionAlreadyOpenError,
    );
    expect(await objections.findOpen(HOUSEHOLD, c('2026-03'))).toEqual(first);

    const reviewed = startReview(first, by);
    await objections.save(reviewed, 'submitted');
    await expect(objections.save(startReview(first, by), 'submitted')).rejects.toThrow(
      ObjectionStatusChangedError,
    );
    await objections.save(reject(reviewed, { ...by, reason: 'No grounds.' }), 'under-review');

    expect(await objections.findOpen(HOUSEHOLD, c('2026-03'))).toBeNull();
    await expect(objections.create(submittedObjection())).rejects.toThrow(
      ObjectionAlreadyExistsError,
    );
    await objections.create(submittedObjection({ sequence: 2 }));
    expect((await objections.get('O-H0000001-2026-03-2'))?.status).toBe('submitted');
  });

  it('accepts an objection under review and adds its arrears to the household, in one transaction', async () => {
    const first = submittedObjection({ resultCycle: c('2026-02') });
    await objections.create(first);
    const reviewed = startReview(first, by);
    const accepted = accept(reviewed, { ...by, arrears: arrearsFor(reviewed) });

    await expect(objections.acceptWithArrears(accepted, accepted.arrears)).rejects.toThrow(
      ObjectionStatusChangedError,
    );
    await objections.save(reviewed, 'submitted');
    await objections.acceptWithArrears(accepted, accepted.arrears);

    const household = householdSchema.parse(await households.get(HOUSEHOLD));
    expect(household.arrears[first.objectionId]).toEqual(arrearsFor(reviewed));
    expect((await objections.get(first.objectionId))?.status).toBe('accepted');
    expect(await objections.findOpen(HOUSEHOLD, c('2026-02'))).toBeNull();
  });

  it('refuses what it does not hold: an unknown objection, or arrears for an unknown household', async () => {
    const unknown = startReview(submittedObjection({ householdId: 'H0000999' }), by);
    await expect(objections.save(unknown, 'submitted')).rejects.toThrow(ObjectionNotFoundError);

    const stranger = submittedObjection({ householdId: 'H0000777' });
    await objections.create(stranger);
    const reviewed = startReview(stranger, by);
    await objections.save(reviewed, 'submitted');
    const accepted = accept(reviewed, { ...by, arrears: arrearsFor(reviewed) });
    await expect(objections.acceptWithArrears(accepted, accepted.arrears)).rejects.toThrow(
      ObjectionHouseholdNotFoundError,
    );
    expect((await objections.get(stranger.objectionId))?.status).toBe('under-review');
  });

  it('lists a household by result cycle, then sequence', async () => {
    const listed = await objections.listByHousehold(HOUSEHOLD);
    expect(listed.map((objection) => objection.objectionId)).toEqual([
      'O-H0000001-2026-02-1',
      'O-H0000001-2026-03-1',
      'O-H0000001-2026-03-2',
    ]);
  });
  it('lists the queue by status, oldest id first, up to the limit, and never a guard item', async () => {
    const queued = ['2025-09', '2025-10', '2025-11'].map((month) =>
      submittedObjection({ resultCycle: c(month) }),
    );
    for (const objection of queued) await objections.create(objection);
    await objections.save(startReview(queued[2] as Objection, by), 'submitted');

    const submitted = await objections.listByStatus('submitted', 100);
    expect(submitted.map((objection) => objection.objectionId)).toEqual(
      expect.arrayContaining([queued[0]?.objectionId, queued[1]?.objectionId]),
    );
    expect(submitted.every((objection) => objection.status === 'submitted')).toBe(true);
    expect(submitted.map((objection) => objection.objectionId)).toEqual(
      submitted.map((objection) => objection.objectionId).sort(),
    );
    expect(await objections.listByStatus('submitted', 1)).toHaveLength(1);
    expect(
      (await objections.listByStatus('under-review', 100)).map((o) => o.objectionId),
    ).toContain(queued[2]?.objectionId);
  });
});
