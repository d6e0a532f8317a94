import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { build } from 'esbuild';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createNotifyQueues } from '../../cli/local-stack/local-sqs.ts';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/lambda-bundling.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeferredStore } from '../../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';

/**
 * A Lambda as it deploys: bundled as the construct bundles it (ESM, the AWS SDK inside), imported
 * from the bundle and invoked on the local servers. The release function reads the deferred table,
 * deletes what it released and sends it to the queue, so one invocation runs DynamoDB and SQS
 * through the bundled SDK.
 */

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'dafaa-bundled-'));

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
});

describe('a bundled Lambda', () => {
  it('loads as an ES module and releases a deferred message on the local servers', async () => {
    const { queues, env } = await arrangeDeferredMessage('it-bundled-');
    const outfile = join(out, 'release-deferred.mjs');
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      entryPoints: ['functions/release-deferred.ts'],
      outfile,
      logLevel: 'error',
    });
    // A fresh Node process, as Lambda's runtime loads it (an import inside vitest would go through
    // its own module transform, which forgives what Node would not).
    const invoke = `const { handler } = await import(${JSON.stringify(pathToFileURL(outfile).href)}); process.stdout.write(JSON.stringify(await handler({}, {})));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', invoke], {
      env,
    });
    const released = JSON.parse(stdout.split('\n').at(-1) ?? '');

    expect(released).toEqual({ released: 1, moreDue: false });
    const client = new SQSClient(localAwsClientConfig(inject('sqsEndpoint')));
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, WaitTimeSeconds: 2 }),
    );
    expect(Messages.map((message) => message.Body)).toEqual(['{"deferred":"overnight"}']);
    client.destroy();
  }, 60_000);

  // The X-Ray SDK in the bundle is cut to what the Tracer calls (infra/bundling/xray-sdk-lambda.cjs):
  // as bundled, and with the whole SDK, each SDK call is a subsegment sent to the daemon.
  for (const [variant, alias] of [
    ['the Lambda bundle', LAMBDA_ESBUILD_OPTIONS.alias],
    ['the whole X-Ray SDK', {}],
  ] as const) {
    it(`sends X-Ray a subsegment per SDK call, under the handler's, from ${variant}`, async () => {
      const { prefix, env } = await arrangeDeferredMessage('it-traced-');
      const outfile = join(out, `release-deferred-${prefix}.mjs`);
      await build({
        ...LAMBDA_ESBUILD_OPTIONS,
        alias,
        entryPoints: ['functions/release-deferred.ts'],
        outfile,
        logLevel: 'error',
      });
      // The X-Ray daemon's place: a UDP socket here, as AWS_XRAY_DAEMON_ADDRESS tells the SDK.
      const daemon = createSocket('udp4');
      const received: Record<string, unknown>[] = [];
      daemon.on('message', (message) => {
        const [, document] = message.toString('utf8').split('\n');
        if (document) received.push(JSON.parse(document) as Record<string, unknown>);
      });
      await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
      const traceId = '1-5759e988-bd862e3fe1be46a994272793';
      const invoke = `const { handler } = await import(${JSON.stringify(pathToFileURL(outfile).href)}); await handler({}, { functionName: 'release', awsRequestId: 'r-1', getRemainingTimeInMillis: () => 60000 });`;
      try {
        await run(process.execPath, ['--input-type=module', '-e', invoke], {
          env: {
            ...env,
            // What the Lambda runtime sets under active tracing.
            AWS_LAMBDA_FUNCTION_NAME: 'dafaa-release-deferred',
            AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
            LAMBDA_TASK_ROOT: out,
            _HANDLER: 'index.handler',
            _X_AMZN_TRACE_ID: `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1`,
            AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
          },
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
      } finally {
        daemon.close();
      }

      const subsegments = received.map((document) => ({
        name: document.name,
        operation: (document.aws as { operation?: string } | undefined)?.operation,
        traceId: document.trace_id,
        parent: document.parent_id,
        id: document.id,
      }));
      const handlerSegment = subsegments.find(
        (subsegment) => subsegment.name === '## index.handler',
      );
      expect(handlerSegment).toBeDefined();
      const calls = subsegments.filter((subsegment) => subsegment !== handlerSegment);
      expect(calls.map(({ name, operation }) => `${name} ${operation}`).sort()).toEqual(
        expect.arrayContaining(['DynamoDB Query', 'SQS SendMessageBatch']),
      );
      for (const call of calls) {
        expect(call).toMatchObject({ traceId, parent: handlerSegment?.id });
      }
    }, 60_000);
  }
});

/**
 * Tables and a notify queue of their own, with one deferred message already due, and the
 * environment the release function reads them from (as the construct sets it).
 */
async function arrangeDeferredMessage(label: string) {
  const prefix = `${label}${randomUUID().slice(0, 8)}-`;
  const tables = tableNamesWithPrefix(prefix);
  const config = localAwsClientConfig(inject('dynamodbEndpoint'));
  const admin = new DynamoDBClient(config);
  await createTables(admin, tables);
  admin.destroy();
  const queues = await createNotifyQueues(inject('sqsEndpoint'), prefix);
  await new DynamoDbDeferredStore(createDocumentClient(config), tables.deferred).defer({
    notificationId: 'n-1',
    body: '{"deferred":"overnight"}',
    releaseAt: new Date(Date.now() - 60_000),
  });
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'me-central-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
    AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
    DEFERRED_TABLE: tables.deferred,
    NOTIFY_QUEUE_URL: queues.queueUrl,
    DAFAA_SMS_ACCOUNT_RATE_PER_SECOND: '20',
    POWERTOOLS_SERVICE_NAME: 'dafaa-release-deferred',
    POWERTOOLS_METRICS_NAMESPACE: 'dafaa',
  };
  return { prefix, queues, env };
}
