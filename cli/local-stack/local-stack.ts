import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type LocalSqs, startLocalSqs } from './local-sqs.ts';
import { type SesLocal, startSesLocal } from './ses-local.ts';

/**
 * The local stand-ins for AWS that `npm start`, the CLI and the integration tests share: DynamoDB
 * Local, the SES server and the SQS API (fauxqs, in a child process), each on a free loopback port.
 * `stop()` ends them all and is safe to call twice; a process exit ends Java and fauxqs too,
 * whatever the reason.
 */

export interface LocalStack {
  readonly dynamodb: { readonly endpoint: string; readonly javaPid: number };
  readonly ses: { readonly endpoint: string };
  readonly sqs: { readonly endpoint: string; readonly pid: number };
  stop(): Promise<void>;
}

export async function startLocalStack(): Promise<LocalStack> {
  const [dynamodb, ses, sqs] = await Promise.allSettled([
    startDynamoDbLocal(),
    startSesLocal(),
    startLocalSqs(),
  ]);
  if (dynamodb.status === 'rejected' || ses.status === 'rejected' || sqs.status === 'rejected') {
    await stopAll(
      dynamodb.status === 'fulfilled' ? dynamodb.value : undefined,
      ses.status === 'fulfilled' ? ses.value : undefined,
      sqs.status === 'fulfilled' ? sqs.value : undefined,
    );
    const failed = [dynamodb, ses, sqs].find((result) => result.status === 'rejected');
    throw (failed as PromiseRejectedResult).reason;
  }

  const killOnExit = () => {
    dynamodb.value.killNow();
    sqs.value.killNow();
  };
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  return {
    dynamodb: { endpoint: dynamodb.value.endpoint, javaPid: dynamodb.value.javaPid },
    ses: { endpoint: ses.value.endpoint },
    sqs: { endpoint: sqs.value.endpoint, pid: sqs.value.pid },
    stop() {
      stopping ??= stopAll(dynamodb.value, ses.value, sqs.value).finally(() =>
        process.removeListener('exit', killOnExit),
      );
      return stopping;
    },
  };
}

async function stopAll(
  dynamodb: DynamoDbLocal | undefined,
  ses: SesLocal | undefined,
  sqs: LocalSqs | undefined,
): Promise<void> {
  await Promise.allSettled([dynamodb?.stop(), ses?.stop(), sqs?.stop()]);
}
