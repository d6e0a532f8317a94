import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { NOTIFY_QUEUE } from '../../shared/config/notify-queue.ts';
import { localAwsClientConfig } from './local-aws-config.ts';

/**
 * A local SQS API (fauxqs, in this process) on a free loopback port, and the notify queue made on
 * it as the stack makes it: its dead-letter queue, the visibility timeout and the receive count
 * after which a message is moved there (shared/config/notify-queue.ts).
 */

export interface LocalSqs {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface LocalNotifyQueues {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

export async function startLocalSqs(): Promise<LocalSqs> {
  const server = await startFauxqs({ port: 0, logger: false });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}

/** Creates (or finds) `<prefix>notify` and its dead-letter queue `<prefix>notify-dlq`. */
export async function createNotifyQueues(
  endpoint: string,
  prefix: string,
  settings: {
    readonly visibilityTimeoutSeconds: number;
    readonly maxReceiveCount: number;
  } = NOTIFY_QUEUE,
): Promise<LocalNotifyQueues> {
  const client = new SQSClient(localAwsClientConfig(endpoint));
  try {
    const deadLetterQueueUrl = await create(client, endpoint, `${prefix}notify-dlq`, {});
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
    );
    const queueUrl = await create(client, endpoint, `${prefix}notify`, {
      VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: Attributes.QueueArn,
        maxReceiveCount: settings.maxReceiveCount,
      }),
    });
    return { queueUrl, deadLetterQueueUrl };
  } finally {
    client.destroy();
  }
}

async function create(
  client: SQSClient,
  endpoint: string,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const { QueueUrl = '' } = await client.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  // fauxqs names its queues on a host of its own; the same path on loopback reaches them.
  return `${endpoint}${new URL(QueueUrl).pathname}`;
}
