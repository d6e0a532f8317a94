import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbCycleRepository } from '../../../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { type CycleRecord, pendingSegment } from '../../../shared/cycles/cycle-record.ts';
import { CycleError } from '../../../shared/cycles/errors.ts';
import { c, d } from '../../support/calendar.ts';

const TABLE = 'dafaa-local-cycles';

const planned: CycleRecord = {
  cycle: c('2026-12'),
  paymentNumber: 109,
  paymentDate: d('2026-12-10'),
  paymentDateReason: 'the 10th',
  policyVersion: '2023-10',
  calendarVersion: '1',
  status: 'planned',
  totalSegments: 4,
  householdEstimate: 100,
  plannedAt: '2026-12-01T09:00:00.000Z',
  runs: [],
  hold: null,
  totals: null,
  finalizedAt: null,
  incompleteSegments: [],
};

describe('DynamoDbCycleRepository', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let cycles: DynamoDbCycleRepository;

  beforeEach(() => {
    dynamodb.reset();
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'me-central-1' }));
    cycles = new DynamoDbCycleRepository(documents, TABLE);
  });

  afterEach(() => {
    dynamodb.reset();
  });

  it('reads a cycle consistently by its key and hands it back parsed, without the keys', async () => {
    const { hold: _hold, ...storedBeforeHolds } = planned;
    dynamodb.on(GetCommand).resolves({
      Item: { pk: 'CYCLE#2026-12', sk: 'CYCLE', ...storedBeforeHolds },
    });

    const record = await cycles.get('2026-12');

    expect(dynamodb.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Key: { pk: 'CYCLE#2026-12', sk: 'CYCLE' },
      ConsistentRead: true,
    });
    // A record stored before holds existed reads with the schema's default.
    expect(record).toEqual(planned);
  });

  it('answers undefined for a month not planned', async () => {
    dynamodb.on(GetCommand).resolves({});

    expect(await cycles.get('2026-12')).toBeUndefined();
  });

  it('refuses an unreadable cycle or segment with a named error, whichever read finds it', async () => {
    const unreadable = { pk: 'CYCLE#2026-11', sk: 'CYCLE', cycle: '2026-11' };
    dynamodb.on(GetCommand).resolves({ Item: unreadable });
    dynamodb.on(ScanCommand).resolves({ Items: [unreadable] });
    dynamodb.on(QueryCommand).resolves({
      Items: [{ pk: 'CYCLE#2026-11', sk: 'SEGMENT#0000', cycle: '2026-11', segment: 0 }],
    });

    await expect(cycles.get('2026-11')).rejects.toThrow(CycleError);
    await expect(cycles.get('2026-11')).rejects.toThrow(/cycle 2026-11 is not readable/);
    await expect(cycles.listCycles()).rejects.toThrow(CycleError);
    await expect(cycles.listSegments('2026-11')).rejects.toThrow(
      /a segment of cycle 2026-11 is not readable/,
    );
  });

  it("lists a cycle's segments by its partition, parsed", async () => {
    const segment = pendingSegment(c('2026-12'), 0, '2026-12-01T09:00:00.000Z');
    dynamodb.on(QueryCommand).resolves({
      Items: [{ pk: 'CYCLE#2026-12', sk: 'SEGMENT#0000', ...segment }],
    });

    const segments = await cycles.listSegments('2026-12');

    expect(dynamodb.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :segment)',
      ExpressionAttributeValues: { ':pk': 'CYCLE#2026-12', ':segment': 'SEGMENT#' },
      ConsistentRead: true,
    });
    expect(segments).toEqual([segment]);
  });
});
