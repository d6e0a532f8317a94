import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of one `pk` partition of a `pk`/`sk` table, strongly consistent, without its keys: for
 * the small item families the cycles table holds beside the cycles (approvals, calendar overrides).
 */
export async function listPartition(
  client: DynamoDBDocumentClient,
  tableName: string,
  partition: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const pages = paginateQuery(
    { client },
    {
      TableName: tableName,
      KeyConditionExpression: 'pk = :partition',
      ExpressionAttributeValues: { ':partition': partition },
      ConsistentRead: true,
    },
  );
  for await (const page of pages) {
    for (const { pk: _pk, sk: _sk, ...item } of page.Items ?? []) items.push(item);
  }
  return items;
}
