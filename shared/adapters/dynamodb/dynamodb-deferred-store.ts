import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DeferredMessage, DeferredStore } from '../../notifications/deferral.ts';
import * as z from '../../validation/zod.ts';
import { batchDelete } from './batch-write.ts';

/**
 * The deferred table: one item per waiting message, in one of `SHARDS` partitions chosen by its
 * notification id, sorted by `releaseKey` (`<release instant>#<notification id>`). A night puts
 * millions of SMS aside within hours; spread over shards, no partition takes more than its share
 * of the writes, and the release reads each shard's due messages in order.
 */

const SHARDS = 8;
/** After every notification id that can follow a release instant in a key. */
const AFTER_ANY_ID = '\uffff';

/** The key says when and what; only the body is stored beside it. */
const storedSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    releaseKey: z.string(),
    body: z.unknown(),
  }),
);

const shardOf = (notificationId: string) =>
  String(createHash('sha256').update(notificationId).digest().readUInt32BE(0) % SHARDS);

const keyOf = (message: Pick<DeferredMessage, 'notificationId' | 'releaseAt'>) => ({
  shard: shardOf(message.notificationId),
  releaseKey: `${message.releaseAt.toISOString()}#${message.notificationId}`,
});

export class DynamoDbDeferredStore implements DeferredStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async defer(message: DeferredMessage): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keyOf(message),
          body: message.body,
        },
      }),
    );
  }

  async due(now: Date, limit: number): Promise<DeferredMessage[]> {
    const perShard = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) => this.dueInShard(String(shard), now, limit)),
    );
    return perShard
      .flat()
      .sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime())
      .slice(0, limit);
  }

  async remove(messages: readonly DeferredMessage[]): Promise<void> {
    await batchDelete(this.client, this.tableName, messages.map(keyOf));
  }

  /**
   * A shard's due messages, oldest first, one page: what a page leaves (1 MB of them) waits for the
   * next run. A body that is not text is released as it is: the notifier cannot read it, and SQS
   * sets it aside in the dead-letter queue with the reason, where ops see it; the rest go on.
   */
  private async dueInShard(shard: string, now: Date, limit: number): Promise<DeferredMessage[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        // `shard` is one of DynamoDB's reserved words.
        KeyConditionExpression: '#shard = :shard AND releaseKey <= :upTo',
        ExpressionAttributeNames: { '#shard': 'shard' },
        ExpressionAttributeValues: {
          ':shard': shard,
          ':upTo': `${now.toISOString()}#${AFTER_ANY_ID}`,
        },
        Limit: limit,
      }),
    );
    return Items.map((item) => {
      const { releaseKey, body } = storedSchema.parse(item);
      const separator = releaseKey.indexOf('#');
      return {
        notificationId: releaseKey.slice(separator + 1),
        body: typeof body === 'string' ? body : JSON.stringify(body ?? null),
        releaseAt: new Date(releaseKey.slice(0, separator)),
      };
    });
  }
}
