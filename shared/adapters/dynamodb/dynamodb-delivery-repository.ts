import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  paginateScan,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type DeliveryRecord, deliveryRecordSchema } from '../../notifications/delivery-record.ts';
import type { DeliveryRepository } from '../../notifications/ports.ts';
import { DELIVERIES_BY_HOUSEHOLD_INDEX } from './table-specs.ts';

/**
 * The notifier's claims in DynamoDB, keyed by `deliveryId` (`<notificationId>#<channel>`). A claim
 * is one conditional `UpdateItem`: it creates the record or takes one that waits to be retried,
 * counts the attempt, and when it cannot, DynamoDB hands back the record that stands. The claim
 * that creates a record also sets when DynamoDB may delete it (`expiresAt`, the table's TTL).
 */

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

export class DynamoDbDeliveryRepository implements DeliveryRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async claim(claim: Parameters<DeliveryRepository['claim']>[0]) {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { deliveryId: claim.deliveryId },
          UpdateExpression:
            'SET #notificationId = :notificationId, #channel = :channel, #event = :event, ' +
            '#householdId = :householdId, #status = :claimed, #updatedAt = :at, ' +
            '#attempts = if_not_exists(#attempts, :zero) + :one, #reason = if_not_exists(#reason, :null), ' +
            '#providerMessageId = :null, #segments = :null, #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ConditionExpression: 'attribute_not_exists(#deliveryId) OR #status = :retrying',
          ExpressionAttributeNames: names(
            'deliveryId',
            'notificationId',
            'channel',
            'event',
            'householdId',
            'status',
            'updatedAt',
            'attempts',
            'reason',
            'providerMessageId',
            'segments',
            DELIVERY_EXPIRES_AT,
          ),
          ExpressionAttributeValues: {
            ':notificationId': claim.notificationId,
            ':channel': claim.channel,
            ':event': claim.event,
            ':householdId': claim.householdId,
            ':claimed': 'claimed',
            ':retrying': 'retrying',
            ':at': claim.updatedAt,
            ':zero': 0,
            ':one': 1,
            ':null': null,
            ':expiresAt': deliveryExpiresAt(claim.updatedAt),
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const { attempts, throttles } = deliveryRecordSchema.parse(Attributes);
      return { claimed: true as const, attempts, throttles };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException && error.Item) {
        return {
          claimed: false as const,
          standing: deliveryRecordSchema.parse(unmarshall(error.Item)),
        };
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
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { deliveryId },
        UpdateExpression:
          'SET #status = :status, #reason = :reason, #providerMessageId = :provider, ' +
          '#segments = :segments, #updatedAt = :at' +
          (throttled
            ? ', #attempts = #attempts - :one, #throttles = if_not_exists(#throttles, :zero) + :one'
            : ''),
        ConditionExpression: '#status = :claimed',
        ExpressionAttributeNames: names(
          'status',
          'reason',
          'providerMessageId',
          'segments',
          'updatedAt',
          ...(throttled ? ['attempts', 'throttles'] : []),
        ),
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':reason': outcome.reason,
          ':provider': outcome.providerMessageId,
          ':segments': outcome.segments,
          ':at': outcome.updatedAt,
          ':claimed': 'claimed',
          ...(throttled ? { ':one': 1, ':zero': 0 } : {}),
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

  async *list(): AsyncIterable<DeliveryRecord> {
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) yield deliveryRecordSchema.parse(item);
    }
  }
}
