import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
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
import type {
  ChannelOutcome,
  DeliveryResult,
  NotifierDeps,
} from '../shared/notifications/deliver-notification.ts';
import { handleNotifyBatch } from '../shared/notifications/handle-notify-batch.ts';
import { createRateLimiter } from '../shared/notifications/rate-limiter.ts';
import { captureClient, countMetricBy, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The notifier Lambda: an SQS batch of notifications in, each sent once per channel. A message
 * that must wait goes to wait elsewhere (a delayed copy, the deferred table); only an unreadable
 * one is reported as a batch item failure, for SQS to dead-letter.
 */

type Deps = NotifierDeps & { readonly deferral: Deferral };

const CHANNELS = ['sms', 'email'] as const;
const SENT: ReadonlySet<ChannelOutcome['kind']> = new Set(['sent']);
const FAILED: ReadonlySet<ChannelOutcome['kind']> = new Set(['failed', 'dead-lettered']);

/**
 * Logs each notification by its id with what happened on each channel (a warning when a channel
 * failed), and which message could not be read and why; never a body or a contact (they hold phone
 * numbers and addresses). Counts the messages sent and failed, by channel.
 */
function report(event: SQSEvent, outcomes: PromiseSettledResult<DeliveryResult>[]): void {
  const counts = { sms: { sent: 0, failed: 0 }, email: { sent: 0, failed: 0 } };
  event.Records.forEach((record, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return;
    if (outcome.status === 'rejected') {
      const reason =
        outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      logger.error('message not readable', { messageId: record.messageId, reason });
      return;
    }
    const { notificationId, outcomes: byChannel } = outcome.value;
    const kinds = { sms: byChannel.sms.kind, email: byChannel.email.kind };
    const failed = CHANNELS.some((channel) => FAILED.has(byChannel[channel].kind));
    for (const channel of CHANNELS) {
      if (SENT.has(byChannel[channel].kind)) counts[channel].sent += 1;
      if (FAILED.has(byChannel[channel].kind)) counts[channel].failed += 1;
    }
    const line = { notificationId, messageId: record.messageId, ...kinds };
    if (failed) logger.warn('notification failed', line);
    else logger.info('notification', line);
  });
  for (const channel of CHANNELS) {
    countMetricBy('MessagesSent', { Channel: channel }, counts[channel].sent);
    countMetricBy('MessagesFailed', { Channel: channel }, counts[channel].failed);
  }
  logger.info('batch', { messages: event.Records.length, ...counts });
}

export function createNotifyHandler(deps: () => Deps) {
  return observed(
    middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
      const outcomes = await handleNotifyBatch(deps(), event.Records);
      report(event, outcomes);
      const batchItemFailures = event.Records.flatMap((record, index) =>
        outcomes[index]?.status === 'rejected' ? [{ itemIdentifier: record.messageId }] : [],
      );
      return { batchItemFailures };
    }),
    { emitsMetrics: false },
  );
}

const systemClock = { now: () => new Date() };

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment, with a clock of its own: quiet hours make what the notifier does depend on
 * the hour, and a rehearsal must not.
 */
export const handlerFor = (env: NodeJS.ProcessEnv, clock: { now(): Date } = systemClock) =>
  createNotifyHandler(once(() => depsFromEnvironment(env, clock)));

export const handler = handlerFor(process.env);

function depsFromEnvironment(env: NodeJS.ProcessEnv, clock: { now(): Date }): Deps {
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
  const sleep = (milliseconds: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  const documents = createDocumentClient(BULK_RETRY, captureClient);
  return {
    deliveries: new DynamoDbDeliveryRepository(documents, requireEnv(env, 'DELIVERIES_TABLE')),
    sms: new SnsSmsSender(captureClient(new SNSClient(SEND_RETRY)), settings.sms),
    email: new SesEmailSender(captureClient(new SESClient(SEND_RETRY)), settings.email),
    suppressions: new DynamoDbSuppressionList(documents, requireEnv(env, 'SUPPRESSIONS_TABLE')),
    deferral: {
      queue: new SqsNotificationQueue(
        captureClient(new SQSClient(BULK_RETRY)),
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
