import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeferredStore } from '../../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';

const EIGHT = new Date('2026-12-14T05:00:00Z');

describe('the deferred table', () => {
  it('hands back the due messages oldest first across its shards, once each, until removed', async () => {
    const tables = tableNamesWithPrefix(`it-deferred-${randomUUID().slice(0, 8)}-`);
    const config = localAwsClientConfig(inject('dynamodbEndpoint'));
    const admin = new DynamoDBClient(config);
    await createTables(admin, tables);
    admin.destroy();
    const store = new DynamoDbDeferredStore(createDocumentClient(config), tables.deferred);
    const at = (seconds: number) => new Date(EIGHT.getTime() + seconds * 1000);
    const messages = Array.from({ length: 40 }, (_, index) => ({
      notificationId: `payment-deposited:2026-12:H${String(index).padStart(8, '0')}`,
      body: JSON.stringify({ index, text: 'دفعة' }),
      releaseAt: at(index % 2 === 0 ? -index : index),
    }));
    for (const message of messages) await store.defer(message);
    // Deferred again for the same time (a redelivered copy): still one each.
    for (const message of messages.slice(0, 3)) await store.defer(message);

    const due = await store.due(EIGHT, 100);

    const expected = messages
      .filter((message) => message.releaseAt <= EIGHT)
      .sort((a, b) => a.releaseAt.getTime() - b.releaseAt.getTime());
    expect(due).toEqual(expected);
    expect(await store.due(EIGHT, 5)).toEqual(expected.slice(0, 5));

    await store.remove(due);
    expect(await store.due(at(1_000), 100)).toEqual(
      messages.filter((message) => message.releaseAt > EIGHT),
    );
  });
});
