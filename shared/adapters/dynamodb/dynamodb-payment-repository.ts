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
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { RecordRefusedError } from '../../cycles/errors.ts';
import {
  PAYMENT_SHARDS,
  type PaymentRecord,
  paymentIdOf,
  paymentRecordSchema,
} from '../../cycles/payment-record.ts';
import {
  type ArrearsSettlement,
  type PaymentRepository,
  parseStored,
  type WriteOnceOutcome,
} from '../../cycles/ports.ts';
import { PAYMENTS_BY_CYCLE_INDEX } from './index-names.ts';
import { isRefusedAsData, refusalReason } from './refused-as-data.ts';

/**
 * Payment records in DynamoDB, keyed by `paymentId` (`<cycle>#<householdId>`), so a cycle's writes
 * spread over as many partitions as there are households. The write is conditional: it succeeds
 * only if no record exists for the household and cycle, or the one there was set aside and this one
 * is not; when it fails DynamoDB hands back the record that stands. A household's arrears are settled in the same
 * transaction as the payment that carries them. Every record read, the standing one handed back
 * included, is parsed against the payment record's schema here.
 */

const paymentOf = (item: Record<string, unknown>, what: string) =>
  parseStored(paymentRecordSchema, item, what);

/** A set-aside record gives way to a record the cycle could assess, never to another set-aside one. */
const FIRST_WRITE = 'attribute_not_exists(paymentId)';
const FIRST_WRITE_OR_REPLACES_SET_ASIDE = `${FIRST_WRITE} OR #status = :setAside`;

export class DynamoDbPaymentRepository implements PaymentRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly householdsTableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string, householdsTableName: string) {
    this.client = client;
    this.tableName = tableName;
    this.householdsTableName = householdsTableName;
  }

  async writeOnce(
    record: PaymentRecord,
    settle: ArrearsSettlement | null,
  ): Promise<WriteOnceOutcome> {
    try {
      return await this.write(record, settle);
    } catch (error) {
      // The store refused the record itself as data: that household's, not the segment's.
      if (isRefusedAsData(error)) {
        throw new RecordRefusedError(
          `the record of ${record.householdId.slice(0, 24)} was refused: ${refusalReason(error)}`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  private async write(
    record: PaymentRecord,
    settle: ArrearsSettlement | null,
  ): Promise<WriteOnceOutcome> {
    const put = {
      TableName: this.tableName,
      Item: record,
      ...(record.status === 'set-aside'
        ? { ConditionExpression: FIRST_WRITE }
        : {
            ConditionExpression: FIRST_WRITE_OR_REPLACES_SET_ASIDE,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':setAside': 'set-aside' },
          }),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    if (settle === null) {
      try {
        await this.client.send(new PutCommand(put));
        return { outcome: 'written' };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException && error.Item) {
          return { outcome: 'exists', existing: this.standing(record, unmarshall(error.Item)) };
        }
        throw error;
      }
    }
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: put }, { Update: this.settleArrears(record, settle) }],
        }),
      );
      return { outcome: 'written' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [paymentReason, householdReason] = error.CancellationReasons ?? [];
      if (paymentReason?.Code === 'ConditionalCheckFailed' && paymentReason.Item) {
        return {
          outcome: 'exists',
          existing: this.standing(record, unmarshall(paymentReason.Item)),
        };
      }
      if (householdReason?.Code === 'ConditionalCheckFailed')
        return { outcome: 'arrears-already-settled' };
      throw error;
    }
  }

  /** The record that stands in the way of `record`'s write. */
  private standing(record: PaymentRecord, item: Record<string, unknown>): PaymentRecord {
    return paymentOf(item, `payment ${record.paymentId}`);
  }

  /** Marks each arrears entry settled by this cycle, only if it is still unsettled. */
  private settleArrears(record: PaymentRecord, settle: ArrearsSettlement) {
    const names: Record<string, string> = { '#arrears': 'arrears', '#settled': 'settledInCycle' };
    const sets: string[] = [];
    const conditions: string[] = [];
    settle.objectionIds.forEach((objectionId, index) => {
      names[`#o${index}`] = objectionId;
      sets.push(`#arrears.#o${index}.#settled = :cycle`);
      conditions.push(`#arrears.#o${index}.#settled = :unsettled`);
    });
    return {
      TableName: this.householdsTableName,
      Key: { householdId: settle.householdId },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':cycle': record.cycle, ':unsettled': null },
    };
  }

  async get(cycle: string, householdId: string): Promise<PaymentRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { paymentId: paymentIdOf(cycle, householdId) },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : paymentOf(Item, `payment ${cycle}#${householdId}`);
  }

  async *listCycle(cycle: string): AsyncIterable<PaymentRecord> {
    for (let shard = 0; shard < PAYMENT_SHARDS; shard += 1) {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          IndexName: PAYMENTS_BY_CYCLE_INDEX,
          KeyConditionExpression: 'cycleShard = :shard',
          ExpressionAttributeValues: { ':shard': `${cycle}#${String(shard).padStart(2, '0')}` },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          yield paymentOf(item, `a payment record of cycle ${cycle}`);
        }
      }
    }
  }
}
