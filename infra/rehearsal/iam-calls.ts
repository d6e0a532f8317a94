import type { SdkCall } from '../../shared/adapters/call-recorder.ts';

/**
 * What IAM authorises for an SDK command: the action and the resource ARNs it touches. DynamoDB's
 * batch and transaction calls are authorised per table and per item action; SQS's batch calls as
 * their single forms; an SMS to a phone number, which has no ARN, on "*". Local names are the
 * deployed physical names (the rehearsal creates its tables and queues under them), so a table or
 * queue ARN is built from the name alone.
 */

export interface IamRequest {
  readonly action: string;
  readonly resource: string;
}

export interface Deployment {
  readonly account: string;
  readonly region: string;
}

/** A command the mapping does not know: the rehearsal refuses to pass over a call it cannot check. */
export class UnmappedCallError extends Error {
  override readonly name: string = 'UnmappedCallError';
}

const commandName = (command: string) => command.replace(/Command$/, '');

export function iamRequestsFor(call: SdkCall, where: Deployment): IamRequest[] {
  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:${where.region}:${where.account}:${resource}`;
  const table = (name: unknown, index?: unknown) =>
    arn('dynamodb', `table/${String(name)}${index === undefined ? '' : `/index/${String(index)}`}`);
  const queue = (url: unknown) => arn('sqs', String(url).split('/').at(-1) ?? '');
  const name = commandName(call.command);
  const input = call.input as Record<string, unknown>;

  switch (call.client) {
    case 'DynamoDBClient': {
      if (name === 'TransactWriteItems') {
        const items = (input.TransactItems ?? []) as Record<string, { TableName?: string }>[];
        return items.flatMap((item) =>
          Object.entries(item).map(([kind, operation]) => ({
            action: `dynamodb:${kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`}`,
            resource: table(operation.TableName),
          })),
        );
      }
      if (name === 'BatchWriteItem' || name === 'BatchGetItem') {
        return Object.keys((input.RequestItems ?? {}) as object).map((tableName) => ({
          action: `dynamodb:${name}`,
          resource: table(tableName),
        }));
      }
      return [{ action: `dynamodb:${name}`, resource: table(input.TableName, input.IndexName) }];
    }
    case 'DynamoDBStreamsClient': {
      const stream = String(input.StreamArn ?? '');
      return [{ action: `dynamodb:${name}`, resource: stream === '' ? '*' : stream }];
    }
    case 'SQSClient':
      return [{ action: `sqs:${name.replace(/Batch$/, '')}`, resource: queue(input.QueueUrl) }];
    case 'SESClient': {
      const domain =
        String(input.Source ?? '')
          .split('@')
          .at(-1) ?? '';
      return [
        { action: 'ses:SendEmail', resource: arn('ses', `identity/${domain}`) },
        ...(input.ConfigurationSetName === undefined
          ? []
          : [
              {
                action: 'ses:SendEmail',
                resource: arn('ses', `configuration-set/${String(input.ConfigurationSetName)}`),
              },
            ]),
      ];
    }
    case 'SNSClient':
      return [
        {
          action: `sns:${name}`,
          resource: input.PhoneNumber === undefined ? String(input.TopicArn) : '*',
        },
      ];
    case 'SFNClient':
      return [
        {
          action: `states:${name}`,
          resource: String(input.stateMachineArn ?? input.executionArn),
        },
      ];
    default:
      throw new UnmappedCallError(
        `${call.client} ${call.command}: the rehearsal cannot say what IAM authorises for it`,
      );
  }
}
