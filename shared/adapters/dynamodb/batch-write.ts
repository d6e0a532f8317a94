import { BatchWriteCommand, type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { isRefusedAsData, refusalReason } from './refused-as-data.ts';

const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;

/** An item the store would not hold, with why. */
export interface RefusedItem {
  readonly item: Record<string, unknown>;
  readonly reason: string;
}

/**
 * Puts items 25 to a request, retrying what DynamoDB leaves unprocessed with backoff. Used where a
 * blind overwrite is correct (loading a register, pending segments).
 *
 * One item DynamoDB refuses as data makes it refuse the whole request, so a refused batch is put
 * again one item at a time: every storable item is stored and each refused one comes back with its
 * reason. An item no request can carry (a number past what DynamoDB holds exactly) is refused before
 * any request. A failure of the service itself is thrown.
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<readonly RefusedItem[]> {
  const refused: RefusedItem[] = [];
  const storable = items.filter((item) => {
    const reason = unmarshallableReason(item);
    if (reason !== null) refused.push({ item, reason });
    return reason === null;
  });
  for (let start = 0; start < storable.length; start += BATCH_SIZE) {
    const batch = storable.slice(start, start + BATCH_SIZE);
    try {
      await putBatch(client, tableName, batch);
    } catch (error) {
      if (!isRefusedAsData(error)) throw error;
      for (const item of batch) {
        const reason = await putAlone(client, tableName, item);
        if (reason !== null) refused.push({ item, reason });
      }
    }
  }
  return refused;
}

/** Throws unless every item was stored: for the store's own records, where a refusal is a bug. */
export function expectAllStored(tableName: string, refused: readonly RefusedItem[]): void {
  const [first] = refused;
  if (first !== undefined) {
    throw new Error(`${tableName} refused ${refused.length} items, the first: ${first.reason}`);
  }
}

function putBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  return writeBatch(
    client,
    tableName,
    items.map((item) => ({ PutRequest: { Item: item } })),
  );
}

/** Deletes items by key, 25 to a request, retrying what DynamoDB leaves unprocessed with backoff. */
export async function batchDelete(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += BATCH_SIZE) {
    await writeBatch(
      client,
      tableName,
      keys.slice(start, start + BATCH_SIZE).map((key) => ({ DeleteRequest: { Key: key } })),
    );
  }
}

type WriteRequest =
  | { readonly PutRequest: { readonly Item: Record<string, unknown> } }
  | { readonly DeleteRequest: { readonly Key: Record<string, unknown> } };

async function writeBatch(
  client: DynamoDBDocumentClient,
  tableName: string,
  batch: readonly WriteRequest[],
): Promise<void> {
  let requests = batch;
  for (let attempt = 1; requests.length > 0; attempt += 1) {
    if (attempt > MAX_ATTEMPTS) {
      throw new Error(
        `${requests.length} items were still unprocessed by ${tableName} after ${MAX_ATTEMPTS} attempts`,
      );
    }
    const { UnprocessedItems } = await client.send(
      new BatchWriteCommand({ RequestItems: { [tableName]: [...requests] } }),
    );
    requests = (UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
  }
}

/** Puts one item; the reason the store refused it as data, or null when it is stored. */
async function putAlone(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Record<string, unknown>,
): Promise<string | null> {
  try {
    await client.send(new PutCommand({ TableName: tableName, Item: item }));
    return null;
  } catch (error) {
    if (!isRefusedAsData(error)) throw error;
    return refusalReason(error);
  }
}

/** Why an item cannot be put into any request (the SDK would throw for the whole batch), or null. */
function unmarshallableReason(item: Record<string, unknown>): string | null {
  try {
    marshall(item, { removeUndefinedValues: true });
    return null;
  } catch (error) {
    return error instanceof Error ? refusalReason(error) : 'cannot be marshalled';
  }
}
