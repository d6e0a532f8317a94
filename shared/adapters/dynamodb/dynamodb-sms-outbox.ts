import { type DynamoDBDocumentClient, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { DeliveryError } from '../../notifications/errors.ts';
import type { SmsSender } from '../../notifications/ports.ts';
import * as z from '../../validation/zod.ts';

/** One SMS the local channel "sent", as stored in the SMS outbox table. */
export const smsOutboxEntrySchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    deliveryId: z.string().check(z.minLength(1)),
    to: z.string().check(z.minLength(1)),
    body: z.string(),
    sentAt: z.iso.datetime(),
  }),
);

export type SmsOutboxEntry = z.infer<typeof smsOutboxEntrySchema>;

/**
 * The local SMS channel (no SMS emulator exists): each SMS becomes an item in the SMS outbox table,
 * keyed by `deliveryId`, that `dafaa outbox` lists. Sending the same delivery again overwrites its
 * item, as a provider honouring the delivery id as an idempotency key would. A failed write is a
 * transient `DeliveryError`, like a provider that could not be reached.
 */
export class DynamoDbSmsOutbox implements SmsSender {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: { now(): Date };

  constructor(client: DynamoDBDocumentClient, tableName: string, clock: { now(): Date }) {
    this.client = client;
    this.tableName = tableName;
    this.clock = clock;
  }

  async send(message: {
    readonly to: string;
    readonly body: string;
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }> {
    const entry: SmsOutboxEntry = {
      deliveryId: message.deliveryId,
      to: message.to,
      body: message.body,
      sentAt: this.clock.now().toISOString(),
    };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: entry }));
    } catch (error) {
      throw new DeliveryError(
        `the local SMS outbox could not store SMS ${message.deliveryId}`,
        true,
        'provider-unavailable',
        { cause: error },
      );
    }
    return { providerMessageId: `local-${message.deliveryId}` };
  }

  /** Every SMS in the outbox, oldest first (ties by delivery id). */
  async list(): Promise<SmsOutboxEntry[]> {
    const entries: SmsOutboxEntry[] = [];
    for await (const page of paginateScan({ client: this.client }, { TableName: this.tableName })) {
      for (const item of page.Items ?? []) entries.push(smsOutboxEntrySchema.parse(item));
    }
    return entries.sort(
      (a, b) => compare(a.sentAt, b.sentAt) || compare(a.deliveryId, b.deliveryId),
    );
  }

  /** How many SMS the outbox holds. */
  async count(): Promise<number> {
    let total = 0;
    const pages = paginateScan(
      { client: this.client },
      { TableName: this.tableName, Select: 'COUNT' },
    );
    for await (const page of pages) total += page.Count ?? 0;
    return total;
  }
}

/** Code-unit order: ISO-8601 UTC timestamps of one format sort as the instants they name. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
