import middy from '@middy/core';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { DynamoDbSuppressionList } from '../shared/adapters/dynamodb/dynamodb-suppression-list.ts';
import { BULK_RETRY } from '../shared/adapters/retry-policy.ts';
import { requireEnv } from '../shared/config/env.ts';
import { ReceiptsTooEarlyError } from '../shared/notifications/errors.ts';
import { receiptMessagesOf } from '../shared/notifications/receipt-sources.ts';
import {
  type ReceiptTally,
  type RecordReceiptsDeps,
  recordReceipts,
} from '../shared/notifications/record-receipts.ts';
import { captureClient, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The receipt recorder: SES events through the configuration set's SNS topic, and SNS's SMS
 * delivery-status log lines through a CloudWatch Logs subscription, each recorded on its delivery.
 * Logs the tally and what was set aside, with why (never an address or number: the events hold
 * them). Fails the invocation only when a receipt came before its send was recorded, so that the
 * source delivers the batch again; recording is idempotent, so the rest of it changes nothing then.
 */

export async function handleRecordReceipts(
  deps: RecordReceiptsDeps,
  event: unknown,
): Promise<ReceiptTally> {
  const { messages, setAside } = receiptMessagesOf(event);
  const tally = await recordReceipts(deps, messages, setAside);
  const { setAside: aside, ...counts } = tally;
  const warn = aside.length > 0 || tally.unmatched > 0;
  (warn ? logger.warn : logger.info).call(logger, 'receipts', { ...counts, setAside: aside });
  if (tally.early > 0) {
    throw new ReceiptsTooEarlyError(
      `${tally.early} receipts came before their sends were recorded; the source will deliver them again`,
    );
  }
  return tally;
}

export function createRecordReceiptsHandler(deps: () => RecordReceiptsDeps) {
  return observed(
    middy<unknown, ReceiptTally>().handler((event) => handleRecordReceipts(deps(), event)),
    { emitsMetrics: false },
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createRecordReceiptsHandler(once(() => depsFromEnvironment(env)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv): RecordReceiptsDeps {
  const client = createDocumentClient(BULK_RETRY, captureClient);
  return {
    deliveries: new DynamoDbDeliveryRepository(client, requireEnv(env, 'DELIVERIES_TABLE')),
    suppressions: new DynamoDbSuppressionList(client, requireEnv(env, 'SUPPRESSIONS_TABLE')),
    clock: { now: () => new Date() },
  };
}
