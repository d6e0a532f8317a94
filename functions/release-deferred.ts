import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeferredStore } from '../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import { BULK_RETRY } from '../shared/adapters/retry-policy.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { requireEnv } from '../shared/config/env.ts';
import {
  type DeferredStore,
  type ReleaseQueue,
  type ReleaseSummary,
  releaseDueMessages,
} from '../shared/notifications/deferral.ts';
import { captureClient, countMetric, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * Every minute, invoked by EventBridge Scheduler (its event is ignored): puts the deferred messages
 * now due back on the notify queue, one minute's worth at the account's SMS rate, spread over the
 * minute. A night's SMS leave at 08:00 at exactly the pace the account may send them.
 */

/** One run releases this many seconds' worth: the schedule's period. */
export const RELEASE_WINDOW_SECONDS = 60;

export interface ReleaseDeps {
  readonly deferred: DeferredStore;
  readonly queue: ReleaseQueue;
  readonly clock: { now(): Date };
  readonly smsRatePerSecond: number;
}

export async function handleRelease(deps: ReleaseDeps): Promise<ReleaseSummary> {
  const summary = await releaseDueMessages(deps, {
    ratePerSecond: deps.smsRatePerSecond,
    windowSeconds: RELEASE_WINDOW_SECONDS,
  });
  if (summary.released > 0) logger.info('released deferred messages', { ...summary });
  countMetric('DeferredReleased', summary.released);
  return summary;
}

export function createReleaseHandler(deps: () => ReleaseDeps) {
  return observed(middy<unknown, ReleaseSummary>().handler(() => handleRelease(deps())));
}

/**
 * The composition root: dependencies from `env` (the variables the stack sets), made on the first
 * invocation and kept for the container's life. The rehearsal composes it on the synthesized
 * environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createReleaseHandler(once(() => depsFromEnvironment(env)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv): ReleaseDeps {
  return {
    deferred: new DynamoDbDeferredStore(
      createDocumentClient(BULK_RETRY, captureClient),
      requireEnv(env, 'DEFERRED_TABLE'),
    ),
    queue: new SqsNotificationQueue(
      captureClient(new SQSClient(BULK_RETRY)),
      requireEnv(env, 'NOTIFY_QUEUE_URL'),
    ),
    clock: { now: () => new Date() },
    // The whole account's rate: one release runs at a time (the function's reserved concurrency).
    smsRatePerSecond: Number(requireEnv(env, 'DAFAA_SMS_ACCOUNT_RATE_PER_SECOND')),
  };
}
