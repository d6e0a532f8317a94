import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type CalendarOverride,
  calendarOverrideSchema,
  parseCalendarFile,
} from '../../calendar/bank-calendar-data.ts';
import { type CalendarOverrideRepository, overrideKey } from '../../calendar/ports.ts';
import * as z from '../../validation/zod.ts';
import { listPartition } from './list-partition.ts';

/**
 * Calendar overrides in the cycles table, under `pk = CALENDAR`, `sk = <kind>#<date or month>`:
 * a handful of items a year, read whole and parsed by the tick and the calendar command. Their
 * revision is one item beside them (`pk = CALENDAR#REVISION`), moved in the same transaction as
 * every change, on the condition that it still holds the revision the change was checked against.
 */

const REVISION_KEY = { pk: 'CALENDAR#REVISION', sk: 'REVISION' };

export class DynamoDbCalendarOverrides implements CalendarOverrideRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async list(): Promise<CalendarOverride[]> {
    const items = await listPartition(this.client, this.tableName, 'CALENDAR');
    return parseCalendarFile(
      z.array(calendarOverrideSchema),
      items,
      'the stored calendar overrides',
    );
  }

  async read() {
    // The revision first: a change landing after it fails its condition; one before it is listed.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: REVISION_KEY, ConsistentRead: true }),
    );
    const revision = typeof Item?.revision === 'number' ? Item.revision : 0;
    return { overrides: await this.list(), revision };
  }

  async put(override: CalendarOverride, revision: number) {
    const item = { pk: 'CALENDAR', sk: `${override.kind}#${overrideKey(override)}`, ...override };
    const outcome = await this.change({ Put: { TableName: this.tableName, Item: item } }, revision);
    return outcome === 'item-condition' ? 'changed-meanwhile' : outcome;
  }

  async remove(kind: CalendarOverride['kind'], key: string, revision: number) {
    const outcome = await this.change(
      {
        Delete: {
          TableName: this.tableName,
          Key: { pk: 'CALENDAR', sk: `${kind}#${key}` },
          ConditionExpression: 'attribute_exists(sk)',
        },
      },
      revision,
    );
    return outcome === 'item-condition' ? 'absent' : outcome;
  }

  /** The change and the revision's move, together, if the revision is still `revision`. */
  private async change(
    write: NonNullable<
      ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
    >[number],
    revision: number,
  ): Promise<'done' | 'item-condition' | 'changed-meanwhile'> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            write,
            {
              Put: {
                TableName: this.tableName,
                Item: { ...REVISION_KEY, revision: revision + 1 },
                ConditionExpression:
                  revision === 0 ? 'attribute_not_exists(pk)' : 'revision = :revision',
                ...(revision === 0 ? {} : { ExpressionAttributeValues: { ':revision': revision } }),
              },
            },
          ],
        }),
      );
      return 'done';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [itemReason, revisionReason] = error.CancellationReasons ?? [];
      // Another change's transaction on the same items at the same moment: it won, check again.
      const codes = [itemReason?.Code, revisionReason?.Code];
      if (
        revisionReason?.Code === 'ConditionalCheckFailed' ||
        codes.includes('TransactionConflict')
      )
        return 'changed-meanwhile';
      if (itemReason?.Code === 'ConditionalCheckFailed') return 'item-condition';
      throw error;
    }
  }
}
