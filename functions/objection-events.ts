import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbHouseholdRepository } from '../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { tableChangesOf } from '../shared/adapters/dynamodb/stream-changes.ts';
import { BULK_RETRY } from '../shared/adapters/retry-policy.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { computeDisbursementDate } from '../shared/calendar/compute-disbursement-date.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { requireEnv } from '../shared/config/env.ts';
import { handleObjectionStream } from '../shared/objections/handle-objection-stream.ts';
import type { ObjectionChangeDeps } from '../shared/objections/notify-objection-change.ts';
import { captureClient, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The objections table's stream in, its images unmarshalled here, one message per status change out
 * to the notify queue; returns how many were queued.
 */
export function handleObjectionEvents(
  deps: ObjectionChangeDeps,
  event: DynamoDBStreamEvent,
): Promise<number> {
  return handleObjectionStream(deps, tableChangesOf(event.Records));
}

export function createObjectionEventsHandler(deps: () => ObjectionChangeDeps) {
  return observed(
    middy<DynamoDBStreamEvent>().handler(async (event) => {
      const queued = await handleObjectionEvents(deps(), event);
      logger.info('objection changes queued', { records: event.Records.length, queued });
    }),
    { emitsMetrics: false },
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createObjectionEventsHandler(once(() => depsFromEnvironment(env)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv): ObjectionChangeDeps {
  const calendar = { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule };
  return {
    households: new DynamoDbHouseholdRepository(
      createDocumentClient(BULK_RETRY, captureClient),
      requireEnv(env, 'HOUSEHOLDS_TABLE'),
    ),
    notifications: new SqsNotificationQueue(
      captureClient(new SQSClient(BULK_RETRY)),
      requireEnv(env, 'NOTIFY_QUEUE_URL'),
    ),
    paymentDateOf: (cycle) => computeDisbursementDate(calendar, cycle).date,
  };
}
