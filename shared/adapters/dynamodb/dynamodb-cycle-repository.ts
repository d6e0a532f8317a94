import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CycleRecord,
  cycleRecordSchema,
  type SegmentRecord,
  segmentRecordSchema,
} from '../../cycles/cycle-record.ts';
import {
  type BeginRunOutcome,
  type CycleOutcome,
  type CycleRepository,
  type CycleRun,
  parseStored,
} from '../../cycles/ports.ts';
import { batchPut, expectAllStored } from './batch-write.ts';

/**
 * Cycles and their segments in one table: `pk = CYCLE#<month>`, with `sk = CYCLE` for the cycle and
 * `sk = SEGMENT#<0000>` for each segment, so one query returns a cycle's segments. Every item read
 * is parsed against its record's schema here: an unreadable one fails the read, named.
 */

const cycleKey = (cycle: string) => ({ pk: `CYCLE#${cycle}`, sk: 'CYCLE' });
const segmentKey = (cycle: string, segment: number) => ({
  pk: `CYCLE#${cycle}`,
  sk: `SEGMENT#${String(segment).padStart(4, '0')}`,
});
const withoutKeys = (item: Record<string, unknown>) => {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest;
};
const cycleOf = (item: Record<string, unknown>, what: string) =>
  parseStored(cycleRecordSchema, withoutKeys(item), what);
const segmentOf = (item: Record<string, unknown>, what: string) =>
  parseStored(segmentRecordSchema, withoutKeys(item), what);

export class DynamoDbCycleRepository implements CycleRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async createIfAbsent(cycle: CycleRecord, segments: readonly SegmentRecord[]) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...cycleKey(cycle.cycle), ...cycle },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(cycle.cycle);
      return {
        created: false,
        stored: parseStored(cycleRecordSchema, stored, `cycle ${cycle.cycle}`),
      };
    }
    // Written after the cycle: a segment missing after a crash here counts as pending.
    expectAllStored(
      this.tableName,
      await batchPut(
        this.client,
        this.tableName,
        segments.map((segment) => ({ ...segmentKey(segment.cycle, segment.segment), ...segment })),
      ),
    );
    return { created: true, stored: cycle };
  }

  async get(cycle: string): Promise<CycleRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: cycleKey(cycle), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : cycleOf(Item, `cycle ${cycle}`);
  }

  async beginRun(cycle: string, run: CycleRun, runsBefore: number): Promise<BeginRunOutcome> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: cycleKey(cycle),
          UpdateExpression: 'SET #status = :running, #runs = list_append(#runs, :run)',
          ConditionExpression:
            'attribute_exists(pk) AND size(#runs) = :before AND (attribute_not_exists(#hold) OR attribute_type(#hold, :null))',
          ExpressionAttributeNames: { '#status': 'status', '#runs': 'runs', '#hold': 'hold' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':run': [run],
            ':before': runsBefore,
            ':null': 'NULL',
          },
        }),
      );
      return 'begun';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(cycle);
      return stored?.hold ? 'on-hold' : 'changed-meanwhile';
    }
  }

  async finish(cycle: string, outcome: CycleOutcome): Promise<'finished' | 'changed-meanwhile'> {
    const { finishedRun, runCount, ...fields } = outcome;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: cycleKey(cycle),
          UpdateExpression: `SET #status = :status, totals = :totals, finalizedAt = :at, incompleteSegments = :incomplete${
            finishedRun === null ? '' : `, #runs[${finishedRun}].finishedAt = :at`
          }`,
          ConditionExpression: 'attribute_exists(pk) AND size(#runs) = :runCount',
          ExpressionAttributeNames: { '#status': 'status', '#runs': 'runs' },
          ExpressionAttributeValues: {
            ':status': fields.status,
            ':totals': fields.totals,
            ':at': fields.finalizedAt,
            ':incomplete': fields.incompleteSegments,
            ':runCount': runCount,
          },
        }),
      );
      return 'finished';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'changed-meanwhile';
      throw error;
    }
  }

  async setHold(cycle: string, hold: CycleRecord['hold']): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: cycleKey(cycle),
        UpdateExpression: 'SET #hold = :hold',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#hold': 'hold' },
        ExpressionAttributeValues: { ':hold': hold },
      }),
    );
  }

  async getSegment(cycle: string, segment: number): Promise<SegmentRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: segmentKey(cycle, segment),
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : segmentOf(Item, `segment ${segment} of cycle ${cycle}`);
  }

  async putSegment(segment: SegmentRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...segmentKey(segment.cycle, segment.segment), ...segment },
      }),
    );
  }

  async listSegments(cycle: string): Promise<SegmentRecord[]> {
    const items: SegmentRecord[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :segment)',
        ExpressionAttributeValues: { ':pk': `CYCLE#${cycle}`, ':segment': 'SEGMENT#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? [])
        items.push(segmentOf(item, `a segment of cycle ${cycle}`));
    }
    return items;
  }

  async listCycles(): Promise<CycleRecord[]> {
    const items: CycleRecord[] = [];
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: 'sk = :cycle',
        ExpressionAttributeValues: { ':cycle': 'CYCLE' },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) items.push(cycleOf(item, 'a stored cycle'));
    }
    return items;
  }
}
