import middy from '@middy/core';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { BULK_RETRY } from '../shared/adapters/retry-policy.ts';
import { requireEnv } from '../shared/config/env.ts';
import {
  type SweepDeliveriesDeps,
  type SweepResult,
  sweepDeliveries,
} from '../shared/notifications/sweep-deliveries.ts';
import { captureClient, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The sweeper, on a schedule (its event is ignored): every delivery sent more than 72 hours ago
 * with no receipt becomes `unknown`. Logs how many it looked at and marked. A run cut short by the
 * timeout loses nothing: what it marked has left the index, and the next run takes the rest.
 */

export type SweepHandlerDeps = SweepDeliveriesDeps & { readonly clock: { now(): Date } };

export async function handleSweepDeliveries(deps: SweepHandlerDeps): Promise<SweepResult> {
  const result = await sweepDeliveries(deps, deps.clock.now());
  logger.info('sweep', { ...result });
  return result;
}

export function createSweepDeliveriesHandler(deps: () => SweepHandlerDeps) {
  return observed(
    middy<unknown, SweepResult>().handler(() => handleSweepDeliveries(deps())),
    { emitsMetrics: false },
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createSweepDeliveriesHandler(once(() => depsFromEnvironment(env)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv): SweepHandlerDeps {
  return {
    deliveries: new DynamoDbDeliveryRepository(
      createDocumentClient(BULK_RETRY, captureClient),
      requireEnv(env, 'DELIVERIES_TABLE'),
    ),
    clock: { now: () => new Date() },
  };
}
