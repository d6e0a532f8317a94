import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { checkDynamoDbLocal, checkSesLocal } from '../../cli/local-stack/smoke-checks.ts';

describe('the local stack', () => {
  it('runs DynamoDB Local on a loopback port, and it creates, stores and deletes', async () => {
    const endpoint = inject('dynamodbEndpoint');
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const table = await checkDynamoDbLocal(endpoint);
    const client = new DynamoDBClient(localAwsClientConfig(endpoint));
    const { TableNames } = await client.send(new ListTablesCommand({}));
    client.destroy();
    expect(TableNames).not.toContain(table);
  });

  it('runs the SES server, and an Arabic email comes back from its inbox intact', async () => {
    const endpoint = inject('sesEndpoint');
    const { subject } = await checkSesLocal(endpoint);
    expect(subject).toMatch(/^دفعة: فحص خادم البريد المحلي/);
    const inbox = (await (await fetch(`${endpoint}/store`)).json()) as {
      emails: { subject: string }[];
    };
    expect(inbox.emails.map((email) => email.subject)).toContain(subject);
  });
});
