import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NOTIFY_QUEUE } from '../../shared/config/notify-queue.ts';
import { LocalServerStartError } from './errors.ts';
import { localAwsClientConfig } from './local-aws-config.ts';

/**
 * A local SQS API (fauxqs) in a child Node process, on a free loopback port, and the notify queue
 * made on it as the stack makes it: its dead-letter queue, the visibility timeout and the receive
 * count after which a message is moved there (shared/config/notify-queue.ts).
 *
 * A child process, not this one: fauxqs took 2,071 messages a second in its own process against
 * 761 beside the notifier in one event loop (research/issue-13). The child ends when this process
 * does, whatever the reason (it reads stdin, which closes then); `stop()` ends it and waits.
 */

export interface LocalSqs {
  readonly endpoint: string;
  /** The child's pid, for tests that prove it is gone. */
  readonly pid: number;
  stop(): Promise<void>;
  /** Ends the child at once, synchronously: for a process 'exit' handler. */
  killNow(): void;
}

export interface LocalNotifyQueues {
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
}

const READY_TIMEOUT_MS = 30_000;
const CHILD = fileURLToPath(new URL('./fauxqs-process.ts', import.meta.url));

export async function startLocalSqs(): Promise<LocalSqs> {
  const child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  const stop = () => stopChild(child);
  try {
    const port = await readPort(child, () => stderr.join('').trim());
    const endpoint = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(endpoint);
    return {
      endpoint,
      pid: child.pid ?? 0,
      stop,
      killNow: () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () =>
        reject(
          new LocalServerStartError(
            `the local SQS API (fauxqs) did not say its port within ${READY_TIMEOUT_MS / 1000} s: ${stderr() || 'no output'}`,
          ),
        ),
      READY_TIMEOUT_MS,
    );
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /fauxqs-port (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(
        new LocalServerStartError(
          `the local SQS API (fauxqs) could not be started: ${error.message}`,
          {
            cause: error,
          },
        ),
      );
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new LocalServerStartError(
          `the local SQS API (fauxqs) exited as it started (${signal ?? `code ${code}`}): ${stderr() || 'no output'}`,
        ),
      );
    });
  });
}

async function waitUntilAnswering(endpoint: string): Promise<void> {
  const client = new SQSClient(localAwsClientConfig(endpoint));
  try {
    await client.send(new ListQueuesCommand({}));
  } catch (error) {
    throw new LocalServerStartError(`the local SQS API (fauxqs) did not answer on ${endpoint}`, {
      cause: error,
    });
  } finally {
    client.destroy();
  }
}

/** Ends the child and waits until it has exited (SIGKILL if it has not within 5 s). */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forceKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
  return exited.finally(() => clearTimeout(forceKill));
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
  return onLoopback(endpoint, QueueUrl);
}

/**
 * A queue URL fauxqs returned, on the endpoint we reach it at: fauxqs names its queues on a host of
 * its own (`sqs.<region>.<host>:<port>`, not a valid URL when the host is an IP address); the same
 * `/<account>/<name>` path on loopback reaches them.
 */
export function onLoopback(endpoint: string, queueUrl: string): string {
  const path = /\/\d{12}\/[^/]+$/.exec(queueUrl)?.[0];
  if (path === undefined) {
    throw new LocalServerStartError(
      `the local SQS API returned a queue URL without a path: ${queueUrl}`,
    );
  }
  return `${endpoint}${path}`;
}
