import { randomUUID } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  type FaultProxy,
  type FaultProxyOptions,
  startFaultProxy,
} from '../../cli/local-stack/fault-proxy.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { describeAwsError } from '../../shared/adapters/aws-error.ts';
import { sesDeliveryError } from '../../shared/adapters/ses/ses-email-sender.ts';

/** The fault proxy in front of DynamoDB Local and the SES server, called through the real SDKs. */

const proxies: FaultProxy[] = [];

async function proxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const started = await startFaultProxy(options);
  proxies.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((started) => started.stop()));
});

/** What a call threw; fails the test when it did not throw. */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}

function dynamoDb(endpoint: string, maxAttempts: number): DynamoDBClient {
  return new DynamoDBClient({ ...localAwsClientConfig(endpoint), maxAttempts });
}

function sendEmail(endpoint: string): Promise<unknown> {
  return new SESClient(localAwsClientConfig(endpoint)).send(
    new SendEmailCommand({
      Source: 'noreply@dafaa.example.sa',
      Destination: { ToAddresses: [`fault-${randomUUID().slice(0, 8)}@example.sa`] },
      Message: {
        Subject: { Data: 'تجربة', Charset: 'UTF-8' },
        Body: { Text: { Data: 'نص', Charset: 'UTF-8' } },
      },
    }),
  );
}

describe('the fault proxy in front of DynamoDB Local', () => {
  const upstream = inject('dynamodbEndpoint');

  it('answers ThrottlingException without forwarding when throttleRate is 1', async () => {
    // Arrange
    const faulty = await proxy({ upstream, throttleRate: 1 });

    // Act
    const error = await failureOf(dynamoDb(faulty.endpoint, 1).send(new ListTablesCommand({})));

    // Assert
    expect(describeAwsError(error)).toMatchObject({
      name: 'ThrottlingException',
      status: 400,
      message: 'Rate of requests exceeds the allowed throughput.',
    });
    expect(faulty.counts()).toEqual({ requests: 1, throttled: 1, dropped: 0, forwarded: 0 });
  });

  it("lets the SDK's default retries through when 30% of requests are throttled", async () => {
    // Arrange
    const faulty = await proxy({ upstream, throttleRate: 0.3, seed: 11 });
    const client = dynamoDb(faulty.endpoint, 3);
    const calls = 12;

    // Act
    for (let call = 0; call < calls; call += 1) {
      await client.send(new ListTablesCommand({}));
    }

    // Assert: every call forwarded once in the end, after the throttled attempts it retried.
    const counts = faulty.counts();
    expect(counts.forwarded).toBe(calls);
    expect(counts.dropped).toBe(0);
    expect(counts.throttled).toBeGreaterThan(0);
    expect(counts.requests).toBe(counts.forwarded + counts.throttled);
  });

  it('forwards again once the faults are set back to none', async () => {
    // Arrange
    const faulty = await proxy({ upstream, throttleRate: 1 });
    const client = dynamoDb(faulty.endpoint, 1);
    await failureOf(client.send(new ListTablesCommand({})));

    // Act
    faulty.setFaults({ throttleRate: 0 });
    const { TableNames } = await client.send(new ListTablesCommand({}));

    // Assert
    expect(TableNames).toBeInstanceOf(Array);
    expect(faulty.counts()).toEqual({ requests: 2, throttled: 1, dropped: 0, forwarded: 1 });
  });

  it('throttles the first throttleFirst calls, then goes by the rate', async () => {
    // Arrange
    const faulty = await proxy({ upstream, throttleFirst: 3 });
    const client = dynamoDb(faulty.endpoint, 1);

    // Act
    const failures = [];
    for (let call = 0; call < 3; call += 1) {
      failures.push(describeAwsError(await failureOf(client.send(new ListTablesCommand({})))).name);
    }
    const { TableNames } = await client.send(new ListTablesCommand({}));

    // Assert
    expect(failures).toEqual(Array(3).fill('ThrottlingException'));
    expect(TableNames).toBeInstanceOf(Array);
    expect(faulty.counts()).toEqual({ requests: 4, throttled: 3, dropped: 0, forwarded: 1 });
  });

  it('fails the call with a network error, no HTTP answer, when dropRate is 1', async () => {
    // Arrange
    const faulty = await proxy({ upstream, dropRate: 1 });

    // Act
    const error = await failureOf(dynamoDb(faulty.endpoint, 1).send(new ListTablesCommand({})));

    // Assert
    expect(describeAwsError(error).status).toBeUndefined();
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect(faulty.counts()).toEqual({ requests: 1, throttled: 0, dropped: 1, forwarded: 0 });
  });

  it('holds each forwarded request for delayMs', async () => {
    // Arrange
    const faulty = await proxy({ upstream, delayMs: 200 });
    const client = dynamoDb(faulty.endpoint, 1);

    // Act
    const started = performance.now();
    const { TableNames } = await client.send(new ListTablesCommand({}));
    const elapsed = performance.now() - started;

    // Assert: a lower bound only; how much longer a busy machine takes is not the proxy's doing.
    expect(TableNames).toBeInstanceOf(Array);
    expect(elapsed).toBeGreaterThanOrEqual(200);
    expect(faulty.counts()).toEqual({ requests: 1, throttled: 0, dropped: 0, forwarded: 1 });
  });
});

describe('the fault proxy in front of the SES server', () => {
  const upstream = inject('sesEndpoint');

  it('answers Throttling, which the SES adapter classes as transient, when throttleRate is 1', async () => {
    // Arrange
    const faulty = await proxy({ upstream, throttleRate: 1 });

    // Act
    const error = await failureOf(sendEmail(faulty.endpoint));

    // Assert
    expect(describeAwsError(error)).toMatchObject({
      name: 'Throttling',
      status: 400,
      message: 'Maximum sending rate exceeded.',
    });
    expect(sesDeliveryError(error, 'D-1')).toMatchObject({ transient: true, reason: 'throttled' });
    expect(faulty.counts()).toEqual({ requests: 1, throttled: 1, dropped: 0, forwarded: 0 });
  });

  it('forwards the form body, and lets the inbox through untouched, when there are no faults', async () => {
    // Arrange
    const faulty = await proxy({ upstream, throttleRate: 0 });

    // Act
    const sent = await sendEmail(faulty.endpoint);
    const inbox = (await (await fetch(`${faulty.endpoint}/store`)).json()) as {
      emails: { messageId: string }[];
    };

    // Assert
    expect(sent).toMatchObject({ MessageId: expect.any(String) });
    const { MessageId } = sent as { MessageId: string };
    expect(inbox.emails.map((email) => email.messageId)).toContain(MessageId);
    expect(faulty.counts()).toEqual({ requests: 2, throttled: 0, dropped: 0, forwarded: 2 });
  });
});
