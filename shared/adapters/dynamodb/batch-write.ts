import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

/**
 * Puts items 25 to a request, retrying what DynamoDB leaves unprocessed with backoff. Used where a
 * blind overwrite is correct (seeding, the local outbox, pending segments).
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let requests = items
      .slice(start, start + BATCH_SIZE)
      .map((item) => ({ PutRequest: { Item: item } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      if (attempt > MAX_ATTEMPTS) {
        throw new Error(
          `${requests.length} items were still unprocessed by ${tableName} after ${MAX_ATTEMPTS} attempts`,
        );
      }
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0)
        await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}
