import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { buildConsole } from '../console-build.ts';
import { localTableNames, removeLocalStackState, writeLocalStackState } from '../local-context.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import { startLocalOpsApi } from '../local-stack/local-ops-api.ts';
import { startLocalStack } from '../local-stack/local-stack.ts';

/**
 * `dafaa local up`: starts the local stack, creates the tables and keeps them running until Ctrl-C,
 * so that `seed` and `cycle run` in another terminal work against it.
 */
export async function localUpCommand(args: readonly string[], io: CliIo): Promise<number> {
  parseCommandLine(args, {}, 'usage: dafaa local up', 0);
  const stack = await startLocalStack();
  const client = new DynamoDBClient(localAwsClientConfig(stack.dynamodb.endpoint));
  await createTables(client, localTableNames());
  client.destroy();
  const opsApi = await startLocalOpsApi({
    dynamodbEndpoint: stack.dynamodb.endpoint,
    sqsEndpoint: stack.sqs.endpoint,
    consoleDir: (await buildConsole()).outDir,
  });
  const stateFile = writeLocalStackState({
    dynamodbEndpoint: stack.dynamodb.endpoint,
    sesEndpoint: stack.ses.endpoint,
    sqsEndpoint: stack.sqs.endpoint,
    opsApiUrl: opsApi.url,
    pid: process.pid,
  });
  io.out(`DynamoDB Local   ${stack.dynamodb.endpoint}`);
  io.out(`SES + web inbox  ${stack.ses.endpoint}`);
  io.out(`SQS (fauxqs)     ${stack.sqs.endpoint}`);
  io.out(`Console + API    ${opsApi.url}  (local users of every role; no password: local only)`);
  io.out(`(written to ${stateFile}; in memory: the data is gone when this stops)`);
  io.out(
    'Running. In another terminal: npm run -s dafaa -- seed, then cycle run YYYY-MM. Ctrl-C stops.',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  removeLocalStackState();
  await opsApi.executions.settled();
  await opsApi.close();
  await stack.stop();
  io.out('Stopped.');
  return 0;
}
