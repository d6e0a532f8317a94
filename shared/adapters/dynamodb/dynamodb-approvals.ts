import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Approval, approvalSchema } from '../../cycles/approval-record.ts';
import { type ApprovalRepository, parseStored } from '../../cycles/ports.ts';
import { listPartition } from './list-partition.ts';

/**
 * Approval requests in the cycles table, under `pk = APPROVAL`, `sk = <requestId>`, parsed against
 * the approval's schema as they are read.
 */

const approvalOf = (item: Record<string, unknown>, what: string) => {
  const { pk: _pk, sk: _sk, ...approval } = item;
  return parseStored(approvalSchema, approval, what);
};
export class DynamoDbApprovals implements ApprovalRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(approval: Approval): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: 'APPROVAL', sk: approval.requestId, ...approval },
        ConditionExpression: 'attribute_not_exists(sk)',
      }),
    );
  }

  async get(requestId: string): Promise<Approval | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: 'APPROVAL', sk: requestId },
        ConsistentRead: true,
      }),
    );
    return Item === undefined ? undefined : approvalOf(Item, `approval request ${requestId}`);
  }

  async list(): Promise<Approval[]> {
    const items = await listPartition(this.client, this.tableName, 'APPROVAL');
    return items.map((item) => approvalOf(item, 'a stored approval request'));
  }

  async update(approval: Approval, expected: Approval['status']): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'APPROVAL', sk: approval.requestId, ...approval },
          ConditionExpression: '#status = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':expected': expected },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
