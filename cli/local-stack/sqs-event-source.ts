import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/**
 * Feeds a queue to a handler the way Lambda's SQS event source does: batches of up to ten, the
 * handler's partial batch response honoured (the messages it reports failed are left to come back
 * after the visibility timeout, and to the dead-letter queue after the redrive policy's receive
 * count), the rest deleted. Used wherever a local run or the rehearsal plays the event source.
 *
 * In: the queue (a local SQS API, fauxqs), the handler, how long to keep polling an empty queue,
 * and how many pollers (the event source runs several, each invoking its own copy of the function).
 * Out: what was handled. Each poller stops once a long poll of `idleWaitSeconds` finds nothing.
 */

export interface EventSourceOptions {
  /** The region the records name in their ARN (`aws:sqs`, as Lambda fills them in). */
  readonly region: string;
  /** How long a last receive waits on an empty-looking queue before the drain ends (SQS: ≤ 20). */
  readonly idleWaitSeconds: number;
  /** Called around each receive and delete, as the event source's role makes them (the rehearsal notes them). */
  readonly around?: <T>(call: 'receive' | 'delete', send: () => Promise<T>) => Promise<T>;
  /** Pollers receiving and handling batches side by side (1 unless said): Lambda's concurrency. */
  readonly pollers?: number;
  /** Called after each batch with how many of its messages were done with (deleted). */
  readonly onBatch?: (done: number) => void;
}

export interface EventSourceSummary {
  readonly handled: number;
  readonly batches: number;
  /** Messages the handler reported failed: SQS keeps them. */
  readonly kept: number;
}

const BATCH_SIZE = 10;

export async function feedLikeEventSource(
  client: SQSClient,
  queueUrl: string,
  handle: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: EventSourceOptions,
): Promise<EventSourceSummary> {
  const pollers = await Promise.all(
    Array.from({ length: Math.max(1, options.pollers ?? 1) }, () =>
      poll(client, queueUrl, handle, options),
    ),
  );
  return {
    handled: pollers.reduce((sum, poller) => sum + poller.handled, 0),
    batches: pollers.reduce((sum, poller) => sum + poller.batches, 0),
    kept: pollers.reduce((sum, poller) => sum + poller.kept, 0),
  };
}

async function poll(
  client: SQSClient,
  queueUrl: string,
  handle: (event: SQSEvent) => Promise<SQSBatchResponse>,
  options: EventSourceOptions,
): Promise<EventSourceSummary> {
  const around = options.around ?? ((_call, send) => send());
  const queueArn = arnOf(queueUrl, options.region);
  let handled = 0;
  let batches = 0;
  let kept = 0;
  for (let idle = false; ; ) {
    // Once the queue looks empty, one long poll more: a fresh copy may be delayed a second or two.
    const { Messages = [] } = await around('receive', () =>
      client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: BATCH_SIZE,
          WaitTimeSeconds: idle ? options.idleWaitSeconds : 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      ),
    );
    if (Messages.length === 0 && idle) break;
    idle = Messages.length === 0;
    if (idle) continue;
    batches += 1;
    const response = await handle({
      Records: Messages.map((message) => recordOf(message, queueArn, options.region)),
    });
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const done = Messages.filter((message) => !failed.has(message.MessageId ?? ''));
    handled += Messages.length;
    kept += Messages.length - done.length;
    if (done.length > 0) {
      await around('delete', () =>
        client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: done.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle ?? '',
            })),
          }),
        ),
      );
    }
    options.onBatch?.(done.length);
  }
  return { handled, batches, kept };
}

/** The queue's ARN from its URL (`http://host/<account>/<name>`), as Lambda's records carry it. */
export function arnOf(queueUrl: string, region: string): string {
  const [account = '000000000000', name = ''] = new URL(queueUrl).pathname.split('/').slice(-2);
  return `arn:aws:sqs:${region}:${account}:${name}`;
}

function recordOf(message: Message, queueArn: string, region: string): SQSRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? '',
      SenderId: message.Attributes?.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
