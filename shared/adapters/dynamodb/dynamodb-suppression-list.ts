import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SuppressionList } from '../../notifications/receipt-ports.ts';
import { type Suppression, suppressionSchema } from '../../notifications/suppression.ts';

/**
 * The suppressed email addresses in DynamoDB: one item per household and address hash (the table's
 * keys), holding the suppression as `suppression.ts` defines it. A suppression is put only when
 * none is in force and none was lifted after the event that asks for it, so a late or repeated
 * bounce never undoes an ops lifting; lifting is one conditional update of an item in force.
 */
export class DynamoDbSuppressionList implements SuppressionList {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async suppress(suppression: Suppression): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: suppressionSchema.parse(suppression),
          ConditionExpression: 'attribute_not_exists(#householdId) OR #lifted.#at < :at',
          ExpressionAttributeNames: {
            '#householdId': 'householdId',
            '#lifted': 'lifted',
            '#at': 'at',
          },
          ExpressionAttributeValues: { ':at': suppression.at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async find(householdId: string, addressHash: string): Promise<Suppression | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { householdId, addressHash } }),
    );
    if (Item === undefined) return undefined;
    const suppression = suppressionSchema.parse(Item);
    return suppression.lifted === null ? suppression : undefined;
  }

  async listByHousehold(householdId: string): Promise<Suppression[]> {
    const suppressions: Suppression[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: '#householdId = :householdId',
        ExpressionAttributeNames: { '#householdId': 'householdId' },
        ExpressionAttributeValues: { ':householdId': householdId },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) suppressions.push(suppressionSchema.parse(item));
    }
    return suppressions;
  }

  async lift(
    householdId: string,
    addressHash: string,
    lifted: { readonly by: string; readonly reason: string; readonly at: string },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { householdId, addressHash },
          UpdateExpression: 'SET #lifted = :lifted',
          ConditionExpression: 'attribute_exists(#householdId) AND attribute_type(#lifted, :null)',
          ExpressionAttributeNames: { '#householdId': 'householdId', '#lifted': 'lifted' },
          ExpressionAttributeValues: { ':lifted': lifted, ':null': 'NULL' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
