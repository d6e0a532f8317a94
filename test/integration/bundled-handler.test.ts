import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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
    const prefix = `it-bundled-${randomUUID().slice(0, 8)}-`;
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
      env: {
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
      },
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
});
