import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import type { CalendarOverride } from '../../calendar/bank-calendar-data.ts';
import {
  type CalendarOverrideRepository,
  overrideKey,
} from '../../ports/calendar-override-repository.ts';

/**
 * Calendar overrides in the cycles table, under `pk = CALENDAR`, `sk = <kind>#<date or month>`:
 * a handful of items a year, read whole by the tick and the calendar command.
 */
export class DynamoDbCalendarOverrides implements CalendarOverrideRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<unknown[]> {
    const items: unknown[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :calendar',
        ExpressionAttributeValues: { ':calendar': 'CALENDAR' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const { pk: _pk, sk: _sk, ...override } of page.Items ?? []) items.push(override);
    }
    return items;
  }

  async put(override: CalendarOverride): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: 'CALENDAR', sk: `${override.kind}#${overrideKey(override)}`, ...override },
      }),
    );
  }

  async remove(kind: CalendarOverride['kind'], key: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: 'CALENDAR', sk: `${kind}#${key}` },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes !== undefined;
  }
}
