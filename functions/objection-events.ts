import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { DynamoDbHouseholdRepository } from '../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { computeDisbursementDate } from '../shared/calendar/compute-disbursement-date.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { requireEnv } from '../shared/config/env.ts';
import {
  handleObjectionStream,
  type StreamRecord,
} from '../shared/objections/handle-objection-stream.ts';
import type { ObjectionChangeDeps } from '../shared/objections/notify-objection-change.ts';

/** The objections table's stream in, one message per status change out to the notify queue. */

export function createObjectionEventsHandler(deps: () => ObjectionChangeDeps) {
  return middy<DynamoDBStreamEvent>().handler(async (event) => {
    await handleObjectionStream(deps(), event.Records as StreamRecord[]);
  });
}

let deps: ObjectionChangeDeps | undefined;
function depsFromEnvironment(): ObjectionChangeDeps {
  if (deps) return deps;
  const calendar = { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule };
  deps = {
    households: new DynamoDbHouseholdRepository(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      requireEnv(process.env, 'HOUSEHOLDS_TABLE'),
    ),
    notifications: new SqsNotificationQueue(
      new SQSClient({}),
      requireEnv(process.env, 'NOTIFY_QUEUE_URL'),
    ),
    paymentDateOf: (cycle) => computeDisbursementDate(calendar, cycle).date,
  };
  return deps;
}

export const handler = createObjectionEventsHandler(depsFromEnvironment);
