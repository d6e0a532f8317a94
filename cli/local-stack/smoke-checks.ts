import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { LocalStackError } from './errors.ts';
import { localAwsClientConfig } from './local-aws-config.ts';
import { readSesInbox } from './ses-local.ts';

/**
 * Proof that the local servers do real work, not just listen: DynamoDB Local creates a table,
 * stores and returns an item, and deletes the table; the SES server accepts an Arabic email and
 * hands it back from its inbox unchanged.
 */

export async function checkDynamoDbLocal(endpoint: string): Promise<string> {
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  const TableName = `dafaa-check-${randomUUID().slice(0, 8)}`;
  try {
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName });
    await client.send(
      new PutItemCommand({ TableName, Item: { pk: { S: 'check' }, note: { S: 'دفعة' } } }),
    );
    const { Item } = await client.send(
      new GetItemCommand({ TableName, Key: { pk: { S: 'check' } } }),
    );
    if (Item?.note?.S !== 'دفعة') {
      throw new LocalStackError(
        `DynamoDB Local returned ${JSON.stringify(Item)} for the item it was given`,
      );
    }
    await client.send(new DeleteTableCommand({ TableName }));
    return TableName;
  } finally {
    client.destroy();
  }
}

export async function checkSesLocal(
  endpoint: string,
): Promise<{ messageId: string; subject: string }> {
  const client = new SESClient(localAwsClientConfig(endpoint));
  const subject = `دفعة: فحص خادم البريد المحلي ${randomUUID().slice(0, 8)}`;
  const text = 'هذه رسالة تجريبية من دفعة. للاستفسار: 19912';
  try {
    const { MessageId } = await client.send(
      new SendEmailCommand({
        Source: 'no-reply@dafaa.local',
        Destination: { ToAddresses: ['ops@dafaa.local'] },
        Message: {
          Subject: { Data: subject, Charset: 'UTF-8' },
          Body: { Text: { Data: text, Charset: 'UTF-8' } },
        },
      }),
    );
    const stored = (await readSesInbox(endpoint)).find((email) => email.subject === subject);
    if (!stored || stored.body.text?.trim() !== text) {
      throw new LocalStackError(
        `the SES inbox does not hold the email just sent (message ${MessageId})`,
      );
    }
    return { messageId: stored.messageId, subject };
  } finally {
    client.destroy();
  }
}
