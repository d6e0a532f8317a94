import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { type SesLocal, startSesLocal } from './ses-local.ts';

/**
 * The local stand-ins for AWS that `npm start`, the CLI and the integration tests share: DynamoDB
 * Local and the SES server, each on a free loopback port. `stop()` ends both and is safe to call
 * twice; a process exit ends Java too, whatever the reason.
 */

export interface LocalStack {
  readonly dynamodb: { readonly endpoint: string; readonly javaPid: number };
  readonly ses: { readonly endpoint: string };
  stop(): Promise<void>;
}

export async function startLocalStack(): Promise<LocalStack> {
  const [dynamodb, ses] = await Promise.allSettled([startDynamoDbLocal(), startSesLocal()]);
  if (dynamodb.status === 'rejected' || ses.status === 'rejected') {
    await stopAll(
      dynamodb.status === 'fulfilled' ? dynamodb.value : undefined,
      ses.status === 'fulfilled' ? ses.value : undefined,
    );
    throw dynamodb.status === 'rejected' ? dynamodb.reason : (ses as PromiseRejectedResult).reason;
  }

  const killJavaOnExit = () => dynamodb.value.killNow();
  process.once('exit', killJavaOnExit);
  let stopping: Promise<void> | undefined;
  return {
    dynamodb: { endpoint: dynamodb.value.endpoint, javaPid: dynamodb.value.javaPid },
    ses: { endpoint: ses.value.endpoint },
    stop() {
      stopping ??= stopAll(dynamodb.value, ses.value).finally(() =>
        process.removeListener('exit', killJavaOnExit),
      );
      return stopping;
    },
  };
}

async function stopAll(
  dynamodb: DynamoDbLocal | undefined,
  ses: SesLocal | undefined,
): Promise<void> {
  await Promise.allSettled([dynamodb?.stop(), ses?.stop()]);
}
