import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CycleId } from '../../calendar/calendar-date.ts';
import type { ArrearsEntry } from '../../households/household.ts';
import {
  ObjectionAlreadyExistsError,
  ObjectionAlreadyOpenError,
  ObjectionHouseholdNotFoundError,
  ObjectionNotFoundError,
  ObjectionStatusChangedError,
} from '../../objections/errors.ts';
import {
  isOpen,
  type Objection,
  type ObjectionStatus,
  type OpenObjectionStatus,
  parseObjection,
} from '../../objections/objection.ts';
import type { ObjectionRepository } from '../../objections/ports.ts';
import { OBJECTIONS_BY_HOUSEHOLD_INDEX, OBJECTIONS_BY_STATUS_INDEX } from './index-names.ts';

/**
 * Objections in DynamoDB, keyed by `objectionId`, with a guard item `OPEN#<household>#<cycle>` in
 * the same table while an objection to that result is open: created with the objection only if
 * absent, deleted in the transaction that closes it. An acceptance writes the objection, releases
 * the guard and adds the arrears to the household in one transaction.
 */

const guardId = (householdId: string, resultCycle: string) => `OPEN#${householdId}#${resultCycle}`;

export class DynamoDbObjectionRepository implements ObjectionRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly householdsTableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string, householdsTableName: string) {
    this.client = client;
    this.tableName = tableName;
    this.householdsTableName = householdsTableName;
  }

  async get(objectionId: string): Promise<Objection | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { objectionId }, ConsistentRead: true }),
    );
    return Item === undefined || objectionId.startsWith('OPEN#') ? null : parseObjection(Item);
  }

  async findOpen(householdId: string, resultCycle: CycleId): Promise<Objection | null> {
    const holder = await this.openHolder(householdId, resultCycle);
    return holder === null ? null : this.get(holder);
  }

  async listByStatus(status: OpenObjectionStatus, limit: number): Promise<Objection[]> {
    const objections: Objection[] = [];
    const pages = paginateQuery(
      { client: this.client, pageSize: Math.min(limit, 100) },
      {
        TableName: this.tableName,
        IndexName: OBJECTIONS_BY_STATUS_INDEX,
        KeyConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status },
      },
    );
    for await (const page of pages) {
      objections.push(...(page.Items ?? []).map(parseObjection));
      if (objections.length >= limit) break;
    }
    return objections.slice(0, limit);
  }

  async listByHousehold(householdId: string): Promise<Objection[]> {
    const objections: Objection[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: OBJECTIONS_BY_HOUSEHOLD_INDEX,
        KeyConditionExpression: 'householdId = :householdId',
        ExpressionAttributeValues: { ':householdId': householdId },
      },
    );
    for await (const page of pages) objections.push(...(page.Items ?? []).map(parseObjection));
    return objections.sort((a, b) =>
      a.resultCycle === b.resultCycle
        ? a.sequence - b.sequence
        : a.resultCycle < b.resultCycle
          ? -1
          : 1,
    );
  }

  async create(objection: Objection): Promise<void> {
    const record = parseObjection(objection);
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  objectionId: guardId(record.householdId, record.resultCycle),
                  holder: record.objectionId,
                },
                ConditionExpression: 'attribute_not_exists(objectionId)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: record,
                ConditionExpression: 'attribute_not_exists(objectionId)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      const [guard, item] = cancellationCodes(error);
      if (guard === 'ConditionalCheckFailed') {
        const holder = await this.openHolder(record.householdId, record.resultCycle);
        throw new ObjectionAlreadyOpenError(record.householdId, record.resultCycle, holder, {
          cause: error,
        });
      }
      if (item === 'ConditionalCheckFailed')
        throw new ObjectionAlreadyExistsError(record.objectionId);
      throw error;
    }
  }

  async save(objection: Objection, expectedStatus: ObjectionStatus): Promise<void> {
    const record = parseObjection(objection);
    if (isOpen(record.status)) {
      try {
        await this.client.send(new PutCommand(this.conditionalPut(record, expectedStatus)));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw await this.whyNot(record, expectedStatus, error);
        throw error;
      }
      return;
    }
    await this.close(record, expectedStatus, null);
  }

  acceptWithArrears(objection: Objection, arrears: ArrearsEntry | null): Promise<void> {
    return this.close(parseObjection(objection), 'under-review', arrears);
  }

  /** Writes a closed objection and releases its guard (and adds arrears), in one transaction. */
  private async close(
    record: Objection,
    expectedStatus: ObjectionStatus,
    arrears: ArrearsEntry | null,
  ) {
    const items: NonNullable<
      ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
    > = [
      { Put: this.conditionalPut(record, expectedStatus) },
      {
        Delete: {
          TableName: this.tableName,
          Key: { objectionId: guardId(record.householdId, record.resultCycle) },
          ConditionExpression: 'attribute_not_exists(objectionId) OR holder = :holder',
          ExpressionAttributeValues: { ':holder': record.objectionId },
        },
      },
    ];
    if (arrears !== null) {
      items.push({
        Update: {
          TableName: this.householdsTableName,
          Key: { householdId: record.householdId },
          UpdateExpression: 'SET arrears.#objection = :arrears',
          ConditionExpression:
            'attribute_exists(householdId) AND attribute_not_exists(arrears.#objection)',
          ExpressionAttributeNames: { '#objection': arrears.objectionId },
          ExpressionAttributeValues: { ':arrears': arrears },
        },
      });
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const [objection, , household] = cancellationCodes(error);
      if (objection === 'ConditionalCheckFailed')
        throw await this.whyNot(record, expectedStatus, error);
      if (household === 'ConditionalCheckFailed') {
        throw new ObjectionHouseholdNotFoundError(record.objectionId, record.householdId);
      }
      throw error;
    }
  }

  private conditionalPut(record: Objection, expectedStatus: ObjectionStatus) {
    return {
      TableName: this.tableName,
      Item: record,
      ConditionExpression: '#status = :expected',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':expected': expectedStatus },
    };
  }

  /** After a failed condition: the objection is missing, or its status moved on. */
  private async whyNot(record: Objection, expectedStatus: ObjectionStatus, cause: unknown) {
    const stored = await this.get(record.objectionId);
    return stored === null
      ? new ObjectionNotFoundError(record.objectionId)
      : new ObjectionStatusChangedError(record.objectionId, expectedStatus, stored.status, {
          cause,
        });
  }

  private async openHolder(householdId: string, resultCycle: string): Promise<string | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { objectionId: guardId(householdId, resultCycle) },
        ConsistentRead: true,
      }),
    );
    return typeof Item?.holder === 'string' ? Item.holder : null;
  }
}

/** The per-item codes of a cancelled transaction (`ConditionalCheckFailed`, `None`, ...). */
function cancellationCodes(error: unknown): (string | undefined)[] {
  if (!(error instanceof TransactionCanceledException)) throw error;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code);
}
