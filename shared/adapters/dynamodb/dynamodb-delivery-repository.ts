import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  paginateScan,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type CycleMessageCounts,
  type DeliveryRecord,
  deliveryRecordSchema,
  emptyMessageCounts,
  messageEndingOf,
} from '../../notifications/delivery-record.ts';
import type { Channel } from '../../notifications/notification.ts';
import type { DeliveryRepository } from '../../notifications/ports.ts';
import type { ReceiptOutcome } from '../../notifications/receipt.ts';
import type { CycleMessages, DeliveryReceipts } from '../../notifications/receipt-ports.ts';
import * as z from '../../validation/zod.ts';
import {
  DELIVERIES_AWAITING_RECEIPT_INDEX,
  DELIVERIES_BY_CYCLE_INDEX,
  DELIVERIES_BY_HOUSEHOLD_INDEX,
  DELIVERIES_BY_PROVIDER_MESSAGE_INDEX,
} from './index-names.ts';

/**
 * The notifier's claims in DynamoDB, keyed by `deliveryId` (`<notificationId>#<channel>`). A claim
 * is one conditional `UpdateItem`: it creates the record or takes one that waits to be retried,
 * counts the attempt, and when it cannot, DynamoDB hands back the record that stands. The claim
 * that creates a record also sets when DynamoDB may delete it (`expiresAt`, the table's TTL).
 *
 * Receipts (docs/decisions.md, "Delivery truth") read three sparse indexes, whose keys are written
 * only when they have a value: a sent delivery carries `providerMessageKey` (the provider's message
 * id, for receipts that have no tag) and, until a receipt or the sweeper settles it,
 * `awaitingReceipt` (a shard) with `sentAt`; a cycle's message carries `cycleShard` from its claim.
 */

/** Shards of the awaiting-receipt index: a day's sends spread over this many partitions. */
export const AWAITING_RECEIPT_SHARDS = 16;
/** Shards of the by-cycle index: a national cycle's six million deliveries over this many. */
export const CYCLE_SHARDS = 16;

/** A stable shard of `0..shards-1` from an id (sha256). */
function shardOf(id: string, shards: number): string {
  return String(createHash('sha256').update(id).digest().readUInt32BE(0) % shards).padStart(2, '0');
}

/** The attribute the deliveries table's time to live reads: epoch seconds. */
export const DELIVERY_EXPIRES_AT = 'expiresAt';

/**
 * How long a delivery record is kept after its first claim. It must outlive every redelivery of
 * its message (SQS keeps one 14 days at most) or a second send could pass the claim; past that it
 * answers "was this message sent?" for objections and complaints, which concern the last year's
 * payments: a year, and a month more so that last year's same month can still be compared. The
 * payment records, kept for good, hold what was paid; a delivery holds only how a message went.
 */
export const DELIVERY_RETENTION_DAYS = 400;

/** When a record first claimed at `claimedAt` (ISO 8601) may be deleted, in epoch seconds. */
export function deliveryExpiresAt(claimedAt: string): number {
  return Math.floor(Date.parse(claimedAt) / 1000) + DELIVERY_RETENTION_DAYS * 24 * 60 * 60;
}
/** `#name` placeholders for every attribute an expression names (several are reserved words). */
const names = (...attributes: string[]) =>
  Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));

/** What the by-cycle index projects. */
const cycleEntrySchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    channel: deliveryRecordSchema.shape.channel,
    status: deliveryRecordSchema.shape.status,
    reason: z._default(z.nullable(z.string()), null),
  }),
);

export class DynamoDbDeliveryRepository
  implements DeliveryRepository, DeliveryReceipts, CycleMessages
{
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async claim(claim: Parameters<DeliveryRepository['claim']>[0]) {
    const written = await this.write(claim, null);
    if (!written.written) return { claimed: false as const, standing: written.standing };
    return {
      claimed: true as const,
      attempts: written.record.attempts,
      throttles: written.record.throttles,
    };
  }

  async skip(skip: Parameters<DeliveryRepository['skip']>[0]) {
    const { reason, ...claim } = skip;
    const written = await this.write(claim, reason);
    return written.written
      ? { recorded: true as const }
      : { recorded: false as const, standing: written.standing };
  }

  /**
   * The claim's one conditional `UpdateItem`. With a skip reason it records the delivery as skipped
   * in the same write: nothing will be sent, so there is nothing to guard with a separate claim.
   */
  private async write(
    claim: Parameters<DeliveryRepository['claim']>[0],
    skipReason: string | null,
  ): Promise<
    | { readonly written: true; readonly record: DeliveryRecord }
    | { readonly written: false; readonly standing: DeliveryRecord }
  > {
    const skipping = skipReason !== null;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { deliveryId: claim.deliveryId },
          UpdateExpression:
            'SET #notificationId = :notificationId, #channel = :channel, #event = :event, ' +
            '#householdId = :householdId, #cycle = :cycle, #status = :status, #updatedAt = :at, ' +
            '#attempts = if_not_exists(#attempts, :zero) + :one, ' +
            (skipping ? '#reason = :reason, ' : '#reason = if_not_exists(#reason, :null), ') +
            '#providerMessageId = :null, #segments = :null, #expiresAt = if_not_exists(#expiresAt, :expiresAt)' +
            (claim.cycle === null ? '' : ', #cycleShard = :cycleShard'),
          ConditionExpression: 'attribute_not_exists(#deliveryId) OR #status = :retrying',
          ExpressionAttributeNames: names(
            'deliveryId',
            'notificationId',
            'channel',
            'event',
            'householdId',
            'cycle',
            'status',
            'updatedAt',
            'attempts',
            'reason',
            'providerMessageId',
            'segments',
            DELIVERY_EXPIRES_AT,
            ...(claim.cycle === null ? [] : ['cycleShard']),
          ),
          ExpressionAttributeValues: {
            ':notificationId': claim.notificationId,
            ':channel': claim.channel,
            ':event': claim.event,
            ':householdId': claim.householdId,
            ':cycle': claim.cycle,
            ...(claim.cycle === null
              ? {}
              : { ':cycleShard': `${claim.cycle}#${shardOf(claim.householdId, CYCLE_SHARDS)}` }),
            ':status': skipping ? 'skipped' : 'claimed',
            ':retrying': 'retrying',
            ':at': claim.updatedAt,
            ':zero': 0,
            ':one': 1,
            ':null': null,
            ...(skipping ? { ':reason': skipReason } : {}),
            ':expiresAt': deliveryExpiresAt(claim.updatedAt),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { written: true, record: deliveryRecordSchema.parse(Attributes) };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item) {
        return { written: false, standing: deliveryRecordSchema.parse(unmarshall(error.Item)) };
      }
      throw error;
    }
  }

  async settle(
    deliveryId: string,
    outcome: Parameters<DeliveryRepository['settle']>[1],
  ): Promise<void> {
    // A throttled attempt is given back and counted as a throttle.
    const throttled = outcome.throttled === true;
    // A send now waits for its receipt: findable by the provider's id, and in the sweeper's index.
    const sent = outcome.status === 'sent' && outcome.providerMessageId !== null;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { deliveryId },
        UpdateExpression:
          'SET #status = :status, #reason = :reason, #providerMessageId = :provider, ' +
          '#segments = :segments, #updatedAt = :at' +
          (throttled
            ? ', #attempts = #attempts - :one, #throttles = if_not_exists(#throttles, :zero) + :one'
            : '') +
          (sent
            ? ', #sentAt = :at, #providerMessageKey = :provider, #awaitingReceipt = :shard'
            : ''),
        ConditionExpression: '#status = :claimed',
        ExpressionAttributeNames: names(
          'status',
          'reason',
          'providerMessageId',
          'segments',
          'updatedAt',
          ...(throttled ? ['attempts', 'throttles'] : []),
          ...(sent ? ['sentAt', 'providerMessageKey', 'awaitingReceipt'] : []),
        ),
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':reason': outcome.reason,
          ':provider': outcome.providerMessageId,
          ':segments': outcome.segments,
          ':at': outcome.updatedAt,
          ':claimed': 'claimed',
          ...(throttled ? { ':one': 1, ':zero': 0 } : {}),
          ...(sent ? { ':shard': shardOf(deliveryId, AWAITING_RECEIPT_SHARDS) } : {}),
        },
      }),
    );
  }

  async reopen(deliveryId: string, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { deliveryId },
          UpdateExpression: 'SET #status = :retrying, #updatedAt = :at, #attempts = :zero',
          ConditionExpression: '#status IN (:failed, :deadLettered)',
          ExpressionAttributeNames: names('status', 'updatedAt', 'attempts'),
          ExpressionAttributeValues: {
            ':retrying': 'retrying',
            ':at': at,
            ':zero': 0,
            ':failed': 'failed',
            ':deadLettered': 'dead-lettered',
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(deliveryId: string): Promise<DeliveryRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { deliveryId }, ConsistentRead: true }),
    );
    return Item === undefined ? undefined : deliveryRecordSchema.parse(Item);
  }

  async listByHousehold(householdId: string): Promise<DeliveryRecord[]> {
    const records: DeliveryRecord[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        IndexName: DELIVERIES_BY_HOUSEHOLD_INDEX,
        KeyConditionExpression: '#householdId = :householdId',
        ExpressionAttributeNames: { '#householdId': 'householdId' },
        ExpressionAttributeValues: { ':householdId': householdId },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) records.push(deliveryRecordSchema.parse(item));
    }
    return records;
  }

  async findByProviderMessage(
    channel: Channel,
    providerMessageId: string,
  ): Promise<string | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DELIVERIES_BY_PROVIDER_MESSAGE_INDEX,
        KeyConditionExpression: '#providerMessageKey = :id',
        ExpressionAttributeNames: { '#providerMessageKey': 'providerMessageKey' },
        ExpressionAttributeValues: { ':id': providerMessageId },
      }),
    );
    const match = z
      .array(z.object({ deliveryId: z.string(), channel: z.string() }))
      .parse(Items ?? [])
      .find((item) => item.channel === channel);
    return match?.deliveryId;
  }

  async recordOutcome(
    deliveryId: string,
    expected: Pick<DeliveryRecord, 'status' | 'updatedAt'>,
    next: ReceiptOutcome,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { deliveryId },
          UpdateExpression:
            'SET #status = :status, #reason = :reason, #receiptAt = :receiptAt, #updatedAt = :at' +
            (next.awaitingReceipt ? '' : ' REMOVE #awaitingReceipt'),
          ConditionExpression: '#status = :expectedStatus AND #updatedAt = :expectedAt',
          ExpressionAttributeNames: names(
            'status',
            'reason',
            'receiptAt',
            'updatedAt',
            ...(next.awaitingReceipt ? [] : ['awaitingReceipt']),
          ),
          ExpressionAttributeValues: {
            ':status': next.status,
            ':reason': next.reason,
            ':receiptAt': next.receiptAt,
            ':at': next.updatedAt,
            ':expectedStatus': expected.status,
            ':expectedAt': expected.updatedAt,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async *listAwaitingReceipt(sentBefore: string): AsyncIterable<{ readonly deliveryId: string }> {
    for (let shard = 0; shard < AWAITING_RECEIPT_SHARDS; shard += 1) {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          IndexName: DELIVERIES_AWAITING_RECEIPT_INDEX,
          KeyConditionExpression: '#awaitingReceipt = :shard AND #sentAt <= :sentBefore',
          ExpressionAttributeNames: names('awaitingReceipt', 'sentAt'),
          ExpressionAttributeValues: {
            ':shard': String(shard).padStart(2, '0'),
            ':sentBefore': sentBefore,
          },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) yield z.object({ deliveryId: z.string() }).parse(item);
      }
    }
  }

  async countByCycle(cycle: string): Promise<CycleMessageCounts> {
    const counts = emptyMessageCounts();
    await Promise.all(
      Array.from({ length: CYCLE_SHARDS }, async (_, shard) => {
        const pages = paginateQuery(
          { client: this.client },
          {
            TableName: this.tableName,
            IndexName: DELIVERIES_BY_CYCLE_INDEX,
            KeyConditionExpression: '#cycleShard = :shard',
            ExpressionAttributeNames: { '#cycleShard': 'cycleShard' },
            ExpressionAttributeValues: {
              ':shard': `${cycle}#${String(shard).padStart(2, '0')}`,
            },
          },
        );
        for await (const page of pages) {
          for (const item of page.Items ?? []) {
            const entry = cycleEntrySchema.parse(item);
            counts[entry.channel][messageEndingOf(entry)] += 1;
          }
        }
      }),
    );
    return counts;
  }

  async *list(): AsyncIterable<DeliveryRecord> {
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) yield deliveryRecordSchema.parse(item);
    }
  }
}
