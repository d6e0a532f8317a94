import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DELIVERY_RETENTION_DAYS,
  DynamoDbDeliveryRepository,
  deliveryExpiresAt,
} from '../../../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';

const documentClient = mockClient(DynamoDBDocumentClient);
const repository = () =>
  new DynamoDbDeliveryRepository(
    DynamoDBDocumentClient.from(new DynamoDBClient({})),
    'dafaa-deliveries',
  );

const CLAIM = {
  deliveryId: 'n-1#sms',
  notificationId: 'n-1',
  channel: 'sms' as const,
  event: 'payment-deposited',
  householdId: 'H000001',
  cycle: '2026-12',
  updatedAt: '2026-12-10T00:05:00.000Z',
};
const claimed = {
  ...CLAIM,
  status: 'claimed',
  attempts: 1,
  reason: null,
  providerMessageId: null,
  segments: null,
};

describe('DynamoDbDeliveryRepository', () => {
  beforeEach(() => documentClient.reset());

  it('claims with one conditional update that sets, on the first claim only, when the record expires, and files it under its cycle', async () => {
    documentClient.on(UpdateCommand).resolves({ Attributes: claimed });

    const result = await repository().claim(CLAIM);

    expect(result).toEqual({ claimed: true, attempts: 1, throttles: 0 });
    expect(documentClient.commandCalls(UpdateCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: 'dafaa-deliveries',
        Key: { deliveryId: 'n-1#sms' },
        UpdateExpression:
          'SET #notificationId = :notificationId, #channel = :channel, #event = :event, ' +
          '#householdId = :householdId, #cycle = :cycle, #status = :status, #updatedAt = :at, ' +
          '#attempts = if_not_exists(#attempts, :zero) + :one, #reason = if_not_exists(#reason, :null), ' +
          '#providerMessageId = :null, #segments = :null, #expiresAt = if_not_exists(#expiresAt, :expiresAt), ' +
          '#cycleShard = :cycleShard',
        ConditionExpression: 'attribute_not_exists(#deliveryId) OR #status = :retrying',
        ExpressionAttributeNames: {
          '#deliveryId': 'deliveryId',
          '#notificationId': 'notificationId',
          '#channel': 'channel',
          '#event': 'event',
          '#householdId': 'householdId',
          '#cycle': 'cycle',
          '#status': 'status',
          '#updatedAt': 'updatedAt',
          '#attempts': 'attempts',
          '#reason': 'reason',
          '#providerMessageId': 'providerMessageId',
          '#segments': 'segments',
          '#expiresAt': 'expiresAt',
          '#cycleShard': 'cycleShard',
        },
        ExpressionAttributeValues: {
          ':notificationId': 'n-1',
          ':channel': 'sms',
          ':event': 'payment-deposited',
          ':householdId': 'H000001',
          ':cycle': '2026-12',
          // One of 16 shards of the cycle, from the household id (sha256).
          ':cycleShard': '2026-12#09',
          ':status': 'claimed',
          ':retrying': 'retrying',
          ':at': '2026-12-10T00:05:00.000Z',
          ':zero': 0,
          ':one': 1,
          ':null': null,
          // 2026-12-10T00:05:00Z plus 400 days, in epoch seconds: 2028-01-14T00:05:00Z.
          ':expiresAt': Date.parse('2028-01-14T00:05:00.000Z') / 1000,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    ]);
  });

  it("records a skipped channel in the claim's one conditional update, with its reason", async () => {
    documentClient
      .on(UpdateCommand)
      .resolves({ Attributes: { ...claimed, status: 'skipped', reason: 'opted-out' } });

    const result = await repository().skip({ ...CLAIM, reason: 'opted-out' });

    expect(result).toEqual({ recorded: true });
    const [input] = documentClient.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(documentClient.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(input?.UpdateExpression).toContain('#status = :status');
    expect(input?.UpdateExpression).toContain('#reason = :reason,');
    expect(input?.ConditionExpression).toBe(
      'attribute_not_exists(#deliveryId) OR #status = :retrying',
    );
    expect(input?.ExpressionAttributeValues).toMatchObject({
      ':status': 'skipped',
      ':reason': 'opted-out',
      ':retrying': 'retrying',
    });
  });

  it('hands back the record standing when a skip finds the channel already handled', async () => {
    const standing = { ...claimed, status: 'sent', providerMessageId: 'm-1', segments: 1 };
    documentClient.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall(standing),
      }),
    );

    expect(await repository().skip({ ...CLAIM, reason: 'opted-out' })).toEqual({
      recorded: false,
      standing: { ...standing, throttles: 0, sentAt: null, receiptAt: null },
    });
  });

  it('hands back the record standing when the claim is refused', async () => {
    const standing = { ...claimed, status: 'sent', providerMessageId: 'm-1', segments: 1 };
    documentClient.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ ...standing, expiresAt: 1_831_507_500 }),
      }),
    );

    expect(await repository().claim(CLAIM)).toEqual({
      claimed: false,
      standing: { ...standing, throttles: 0, sentAt: null, receiptAt: null },
    });
  });

  it('gives a throttled attempt back and counts the throttle, in the same conditional update', async () => {
    documentClient.on(UpdateCommand).resolves({});

    await repository().settle('n-1#sms', {
      status: 'retrying',
      reason: 'throttled',
      providerMessageId: null,
      segments: null,
      updatedAt: '2026-12-10T00:05:01.000Z',
      throttled: true,
    });

    const [call] = documentClient.commandCalls(UpdateCommand);
    expect(call?.args[0].input).toMatchObject({
      Key: { deliveryId: 'n-1#sms' },
      UpdateExpression: expect.stringContaining(
        '#attempts = #attempts - :one, #throttles = if_not_exists(#throttles, :zero) + :one',
      ),
      ConditionExpression: '#status = :claimed',
      ExpressionAttributeValues: expect.objectContaining({ ':one': 1, ':zero': 0 }),
    });
  });
});

describe('deliveryExpiresAt', () => {
  it(`is ${DELIVERY_RETENTION_DAYS} days after the first claim, in whole epoch seconds`, () => {
    expect(deliveryExpiresAt('2026-12-10T00:05:00.999Z')).toBe(
      Math.floor(Date.parse('2026-12-10T00:05:00Z') / 1000) + 400 * 86_400,
    );
  });
});

describe('DynamoDbDeliveryRepository, receipts', () => {
  beforeEach(() => documentClient.reset());

  it('files a sent delivery under the provider message id and the awaiting-receipt index', async () => {
    documentClient.on(UpdateCommand).resolves({});

    await repository().settle('n-1#sms', {
      status: 'sent',
      reason: null,
      providerMessageId: 'sns-1',
      segments: 1,
      updatedAt: '2026-12-10T00:05:01.000Z',
    });

    expect(documentClient.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'dafaa-deliveries',
      Key: { deliveryId: 'n-1#sms' },
      UpdateExpression:
        'SET #status = :status, #reason = :reason, #providerMessageId = :provider, ' +
        '#segments = :segments, #updatedAt = :at, ' +
        '#sentAt = :at, #providerMessageKey = :provider, #awaitingReceipt = :shard',
      ConditionExpression: '#status = :claimed',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#reason': 'reason',
        '#providerMessageId': 'providerMessageId',
        '#segments': 'segments',
        '#updatedAt': 'updatedAt',
        '#sentAt': 'sentAt',
        '#providerMessageKey': 'providerMessageKey',
        '#awaitingReceipt': 'awaitingReceipt',
      },
      ExpressionAttributeValues: {
        ':status': 'sent',
        ':reason': null,
        ':provider': 'sns-1',
        ':segments': 1,
        ':at': '2026-12-10T00:05:01.000Z',
        ':claimed': 'claimed',
        // One of 16 shards, from the delivery id (sha256).
        ':shard': '12',
      },
    });
  });

  it('records a receipt only over the delivery as it was read, and takes it out of the awaiting index', async () => {
    documentClient
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
        }),
      );
    const next = {
      status: 'delivered' as const,
      reason: null,
      receiptAt: '2026-12-10T00:05:09.000Z',
      awaitingReceipt: false,
      updatedAt: '2026-12-10T00:05:10.000Z',
    };
    const expected = { status: 'sent' as const, updatedAt: '2026-12-10T00:05:01.000Z' };

    const first = await repository().recordOutcome('n-1#email', expected, next);
    const raced = await repository().recordOutcome('n-1#email', expected, next);

    expect([first, raced]).toEqual([true, false]);
    expect(documentClient.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'dafaa-deliveries',
      Key: { deliveryId: 'n-1#email' },
      UpdateExpression:
        'SET #status = :status, #reason = :reason, #receiptAt = :receiptAt, #updatedAt = :at REMOVE #awaitingReceipt',
      ConditionExpression: '#status = :expectedStatus AND #updatedAt = :expectedAt',
      ExpressionAttributeNames: {
        '#status': 'status',
        '#reason': 'reason',
        '#receiptAt': 'receiptAt',
        '#updatedAt': 'updatedAt',
        '#awaitingReceipt': 'awaitingReceipt',
      },
      ExpressionAttributeValues: {
        ':status': 'delivered',
        ':reason': null,
        ':receiptAt': '2026-12-10T00:05:09.000Z',
        ':at': '2026-12-10T00:05:10.000Z',
        ':expectedStatus': 'sent',
        ':expectedAt': '2026-12-10T00:05:01.000Z',
      },
    });
  });

  it('finds a delivery by the provider message id on its channel only', async () => {
    documentClient.on(QueryCommand).resolves({
      Items: [
        { deliveryId: 'n-1#sms', providerMessageKey: 'p-1', channel: 'sms' },
        { deliveryId: 'n-1#email', providerMessageKey: 'p-1', channel: 'email' },
      ],
    });

    const found = await repository().findByProviderMessage('email', 'p-1');

    expect(found).toBe('n-1#email');
    expect(documentClient.commandCalls(QueryCommand)[0]?.args[0].input).toEqual({
      TableName: 'dafaa-deliveries',
      IndexName: 'byProviderMessage',
      KeyConditionExpression: '#providerMessageKey = :id',
      ExpressionAttributeNames: { '#providerMessageKey': 'providerMessageKey' },
      ExpressionAttributeValues: { ':id': 'p-1' },
    });
  });
});
