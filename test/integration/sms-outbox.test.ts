import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbSmsOutbox } from '../../shared/adapters/dynamodb/dynamodb-sms-outbox.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';

/** The local SMS channel writes to DynamoDB Local and reads back what it "sent", in order. */

describe('DynamoDbSmsOutbox', () => {
  let outbox: DynamoDbSmsOutbox;
  /** A clock the test sets by hand. */
  const clock = { current: new Date(0), now: (): Date => clock.current };

  beforeAll(async () => {
    const endpoint = inject('dynamodbEndpoint');
    const names = tableNamesWithPrefix(`it-sms-${randomUUID().slice(0, 8)}-`);
    const client = new DynamoDBClient(localAwsClientConfig(endpoint));
    await createTables(client, names);
    client.destroy();
    outbox = new DynamoDbSmsOutbox(
      createDocumentClient(localAwsClientConfig(endpoint)),
      names.smsOutbox,
      clock,
    );
  });

  it('stores each SMS it sends, and lists them back oldest first, with a count', async () => {
    expect(await outbox.count()).toBe(0);
    expect(await outbox.list()).toEqual([]);

    // The later SMS has the smaller id, so the order comes from the time sent, not the key.
    clock.current = new Date('2026-04-01T09:00:05.000Z');
    const first = await outbox.send({
      to: '+966512345678',
      body: 'تم استلام اعتراضكم. للاستفسار: 19912',
      deliveryId: 'N-2026-04-H0000002-objection-received#sms',
    });
    clock.current = new Date('2026-04-01T09:00:06.000Z');
    const second = await outbox.send({
      to: '+966598765432',
      body: 'تم إيداع الدفعة. للاستفسار: 19912',
      deliveryId: 'N-2026-04-H0000001-deposited#sms',
    });

    expect(first).toEqual({ providerMessageId: 'local-N-2026-04-H0000002-objection-received#sms' });
    expect(second).toEqual({ providerMessageId: 'local-N-2026-04-H0000001-deposited#sms' });
    expect(await outbox.list()).toEqual([
      {
        deliveryId: 'N-2026-04-H0000002-objection-received#sms',
        to: '+966512345678',
        body: 'تم استلام اعتراضكم. للاستفسار: 19912',
        sentAt: '2026-04-01T09:00:05.000Z',
      },
      {
        deliveryId: 'N-2026-04-H0000001-deposited#sms',
        to: '+966598765432',
        body: 'تم إيداع الدفعة. للاستفسار: 19912',
        sentAt: '2026-04-01T09:00:06.000Z',
      },
    ]);
    expect(await outbox.count()).toBe(2);
  });
});
