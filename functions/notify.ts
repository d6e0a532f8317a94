import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { withCallRecorder } from '../shared/adapters/call-recorder.ts';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeferredStore } from '../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { DynamoDbSuppressionList } from '../shared/adapters/dynamodb/dynamodb-suppression-list.ts';
import { BULK_RETRY, SEND_RETRY } from '../shared/adapters/retry-policy.ts';
import { SesEmailSender } from '../shared/adapters/ses/ses-email-sender.ts';
import { SnsSmsSender } from '../shared/adapters/sns/sns-sms-sender.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { requireEnv } from '../shared/config/env.ts';
import {
  defaultNotificationSettings,
  notificationSettingsSchema,
} from '../shared/config/notification-settings.ts';
import type { Deferral } from '../shared/notifications/deferral.ts';
import type { NotifierDeps } from '../shared/notifications/deliver-notification.ts';
import { handleNotifyBatch } from '../shared/notifications/handle-notify-batch.ts';
import { createRateLimiter } from '../shared/notifications/rate-limiter.ts';
import { once } from './once.ts';

/**
 * The notifier Lambda: an SQS batch of notifications in, each sent once per channel. A message
 * that must wait goes to wait elsewhere (a delayed copy, the deferred table); only an unreadable
 * one is reported as a batch item failure, for SQS to dead-letter.
 */

type Deps = NotifierDeps & { readonly deferral: Deferral };

/** Logs which message failed and why, never its body (it holds phone numbers and addresses). */
const logFailure = (reason: unknown, record: { messageId: string }) =>
  console.error(
    JSON.stringify({
      messageId: record.messageId,
      reason: reason instanceof Error ? reason.message : String(reason),
    }),
  );

export function createNotifyHandler(deps: () => Deps) {
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const outcomes = await handleNotifyBatch(deps(), event.Records);
    const batchItemFailures = event.Records.flatMap((record, index) => {
      const outcome = outcomes[index];
      if (outcome?.status !== 'rejected') return [];
      logFailure(outcome.reason, record);
      return [{ itemIdentifier: record.messageId }];
    });
    return { batchItemFailures };
  });
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createNotifyHandler(once(() => depsFromEnvironment(env)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv): Deps {
  // This container's share of the account's send rates (infra/stateless-stack.ts).
  const settings = notificationSettingsSchema.parse({
    ...defaultNotificationSettings,
    sms: {
      ...defaultNotificationSettings.sms,
      senderId: requireEnv(env, 'SMS_SENDER_ID'),
      ratePerSecond: Number(requireEnv(env, 'DAFAA_SMS_RATE_PER_SECOND')),
    },
    email: {
      ...defaultNotificationSettings.email,
      from: requireEnv(env, 'EMAIL_FROM'),
      configurationSet: requireEnv(env, 'EMAIL_CONFIGURATION_SET'),
      ratePerSecond: Number(requireEnv(env, 'DAFAA_EMAIL_RATE_PER_SECOND')),
    },
  });
  const clock = { now: () => new Date() };
  const sleep = (milliseconds: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  const documents = createDocumentClient(BULK_RETRY);
  return {
    deliveries: new DynamoDbDeliveryRepository(documents, requireEnv(env, 'DELIVERIES_TABLE')),
    sms: new SnsSmsSender(withCallRecorder(new SNSClient(SEND_RETRY)), settings.sms),
    email: new SesEmailSender(withCallRecorder(new SESClient(SEND_RETRY)), settings.email),
    suppressions: new DynamoDbSuppressionList(documents, requireEnv(env, 'SUPPRESSIONS_TABLE')),
    deferral: {
      queue: new SqsNotificationQueue(
        withCallRecorder(new SQSClient(BULK_RETRY)),
        requireEnv(env, 'NOTIFY_QUEUE_URL'),
      ),
      deferred: new DynamoDbDeferredStore(documents, requireEnv(env, 'DEFERRED_TABLE')),
    },
    settings,
    clock,
    limiters: {
      sms: createRateLimiter(settings.sms.ratePerSecond, clock, sleep),
      email: createRateLimiter(settings.email.ratePerSecond, clock, sleep),
    },
  };
}
