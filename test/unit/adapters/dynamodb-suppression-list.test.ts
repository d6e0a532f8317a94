import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbSuppressionList } from '../../../shared/adapters/dynamodb/dynamodb-suppression-list.ts';
import { addressHashOf } from '../../../shared/notifications/suppression.ts';

const documentClient = mockClient(DynamoDBDocumentClient);
const list = () =>
  new DynamoDbSuppressionList(
    DynamoDBDocumentClient.from(new DynamoDBClient({})),
    'dafaa-suppressions',
  );

const SUPPRESSION = {
  householdId: 'H00000001',
  addressHash: addressHashOf('beneficiary@example.sa'),
  maskedAddress: 'b*********y@example.sa',
  cause: 'hard-bounce' as const,
  deliveryId: 'n-1#email',
  at: '2026-12-13T07:01:00.000Z',
  lifted: null,
};

describe('DynamoDbSuppressionList', () => {
  beforeEach(() => documentClient.reset());

  it('puts a suppression unless one is in force or was lifted after the event, keeping no address', async () => {
    documentClient
      .on(PutCommand)
      .resolvesOnce({})
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
        }),
      );

    expect(await list().suppress(SUPPRESSION)).toBe(true);
    expect(await list().suppress(SUPPRESSION)).toBe(false);
    expect(documentClient.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: 'dafaa-suppressions',
      Item: SUPPRESSION,
      ConditionExpression: 'attribute_not_exists(#householdId) OR #lifted.#at < :at',
      ExpressionAttributeNames: { '#householdId': 'householdId', '#lifted': 'lifted', '#at': 'at' },
      ExpressionAttributeValues: { ':at': '2026-12-13T07:01:00.000Z' },
    });
    expect(JSON.stringify(documentClient.commandCalls(PutCommand)[0]?.args[0].input)).not.toContain(
      'beneficiary@',
    );
  });

  it('lifts only a suppression in force, with who, why and when', async () => {
    documentClient.on(UpdateCommand).resolves({});
    const lifted = { by: 'ops-noura', reason: 'address confirmed', at: '2026-12-14T06:00:00.000Z' };

    await list().lift('H00000001', SUPPRESSION.addressHash, lifted);

    expect(documentClient.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'dafaa-suppressions',
      Key: { householdId: 'H00000001', addressHash: SUPPRESSION.addressHash },
      UpdateExpression: 'SET #lifted = :lifted',
      ConditionExpression: 'attribute_exists(#householdId) AND attribute_type(#lifted, :null)',
      ExpressionAttributeNames: { '#householdId': 'householdId', '#lifted': 'lifted' },
      ExpressionAttributeValues: { ':lifted': lifted, ':null': 'NULL' },
    });
  });
});
