import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { $ZodError as ZodError } from 'zod/v4/core';
import { DynamoDbSmsOutbox } from '../../../shared/adapters/dynamodb/dynamodb-sms-outbox.ts';
import { DeliveryError } from '../../../shared/notifications/errors.ts';

const TABLE = 'dafaa-local-sms-outbox';
const NOW = new Date('2026-04-01T09:00:00.000Z');

const entry = (deliveryId: string, sentAt: string) => ({
  deliveryId,
  to: '+966512345678',
  body: `SMS ${deliveryId}`,
  sentAt,
});

describe('DynamoDbSmsOutbox', () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  let outbox: DynamoDbSmsOutbox;

  beforeEach(() => {
    dynamodb.reset();
    const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'me-central-1' }));
    outbox = new DynamoDbSmsOutbox(documents, TABLE, { now: () => NOW });
  });

  afterEach(() => {
    dynamodb.reset();
  });

  it('puts the SMS with the time it was sent, keyed by delivery id, and returns a local message id', async () => {
    dynamodb.on(PutCommand).resolves({});

    const sent = await outbox.send({ to: '+966512345678', body: 'مرحبا', deliveryId: 'd-1#sms' });

    expect(sent).toEqual({ providerMessageId: 'local-d-1#sms' });
    expect(dynamodb.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TABLE,
      Item: {
        deliveryId: 'd-1#sms',
        to: '+966512345678',
        body: 'مرحبا',
        sentAt: '2026-04-01T09:00:00.000Z',
      },
    });
  });

  it('fails transiently when the outbox cannot be written', async () => {
    dynamodb.on(PutCommand).rejects(new Error('connect ECONNREFUSED 127.0.0.1:8000'));

    const failure = await outbox
      .send({ to: '+966512345678', body: 'مرحبا', deliveryId: 'd-1#sms' })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ transient: true, reason: 'provider-unavailable' });
  });

  it('lists every page, oldest first and by delivery id within the same instant', async () => {
    dynamodb
      .on(ScanCommand)
      .resolvesOnce({
        Items: [entry('d-3', '2026-04-01T09:00:02.000Z'), entry('d-2', '2026-04-01T09:00:01.000Z')],
        LastEvaluatedKey: { deliveryId: 'd-2' },
      })
      .resolvesOnce({
        Items: [entry('d-1', '2026-04-01T09:00:01.000Z'), entry('d-0', '2026-04-01T08:59:59.999Z')],
      });

    const listed = await outbox.list();

    expect(listed.map((sms) => sms.deliveryId)).toEqual(['d-0', 'd-1', 'd-2', 'd-3']);
    expect(listed[0]).toEqual(entry('d-0', '2026-04-01T08:59:59.999Z'));
    expect(dynamodb.commandCalls(ScanCommand)).toHaveLength(2);
  });

  it('refuses an item that is not an outbox entry', async () => {
    dynamodb.on(ScanCommand).resolves({ Items: [{ deliveryId: 'd-1', to: '+966512345678' }] });

    await expect(outbox.list()).rejects.toThrow(ZodError);
  });

  it('counts the SMS over every page without reading them', async () => {
    dynamodb
      .on(ScanCommand)
      .resolvesOnce({ Count: 2, LastEvaluatedKey: { deliveryId: 'd-2' } })
      .resolvesOnce({ Count: 1 });

    expect(await outbox.count()).toBe(3);
    expect(dynamodb.commandCalls(ScanCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLE,
      Select: 'COUNT',
    });
  });
});
