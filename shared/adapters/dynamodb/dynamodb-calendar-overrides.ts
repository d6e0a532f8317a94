import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CalendarOverride } from '../../calendar/bank-calendar-data.ts';
import {
  type CalendarOverrideRepository,
  overrideKey,
} from '../../ports/calendar-override-repository.ts';
import { listPartition } from './list-partition.ts';

/**
 * Calendar overrides in the cycles table, under `pk = CALENDAR`, `sk = <kind>#<date or month>`:
 * a handful of items a year, read whole by the tick and the calendar command.
 */
export class DynamoDbCalendarOverrides implements CalendarOverrideRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  list(): Promise<unknown[]> {
    return listPartition(this.client, this.tableName, 'CALENDAR');
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
