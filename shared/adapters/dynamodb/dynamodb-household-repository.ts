import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type {
  HouseholdPage,
  HouseholdRepository,
  RefusedHousehold,
} from '../../households/ports.ts';
import { batchPut } from './batch-write.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

/** The household register in DynamoDB: one item per household, keyed by `householdId`. */
export class DynamoDbHouseholdRepository implements HouseholdRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async estimateCount(): Promise<number> {
    const { Table } = await this.client.send(
      new DescribeTableCommand({ TableName: this.tableName }),
    );
    return Table?.ItemCount ?? 0;
  }

  async scanSegment(input: {
    segment: number;
    totalSegments: number;
    cursor: string | null;
    pageSize: number;
  }): Promise<HouseholdPage> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        Segment: input.segment,
        TotalSegments: input.totalSegments,
        Limit: input.pageSize,
        ExclusiveStartKey: decodeCursor(input.cursor),
      }),
    );
    return {
      records: (Items ?? []).map((raw) => ({ householdId: String(raw.householdId), raw })),
      cursor: encodeCursor(LastEvaluatedKey),
    };
  }

  async get(householdId: string): Promise<unknown | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { householdId }, ConsistentRead: true }),
    );
    return Item;
  }

  async putMany(records: readonly Record<string, unknown>[]): Promise<readonly RefusedHousehold[]> {
    const refused = await batchPut(this.client, this.tableName, records);
    return refused.map(({ item, reason }) => ({
      householdId: String(item.householdId).slice(0, 24),
      reason,
    }));
  }
}
