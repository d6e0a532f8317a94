import { describe, expect, it } from 'vitest';
import {
  type DeployedApp,
  deployedAppFromTemplates,
  type StackTemplate,
} from '../../infra/contract/deployed-policies.ts';
import {
  checkServicePaths,
  servicePaths,
  unmodelledServiceCalls,
} from '../../infra/contract/service-paths.ts';
import { withoutRoleAction, withoutStatements } from '../../infra/contract/template-mutations.ts';

/**
 * The paths AWS takes for delivery receipts, on a hand-written app: SES publishing a configuration
 * set's events to an encrypted topic, SNS invoking the recorder for the topic, CloudWatch Logs
 * invoking it for a subscription filter, and a custom resource setting the account's SMS
 * attributes, which passes a role to SNS that SNS then writes the delivery-status logs with. With
 * every grant in place nothing is denied; each mutation takes one away and must be reported.
 */

const WHERE = { account: '111122223333', region: 'me-central-1' };
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const policy = (statements: readonly unknown[]) => ({
  Version: '2012-10-17',
  Statement: statements,
});
const role = (service: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: policy([
      { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' },
    ]),
  },
});
const grants = (roleId: string, statements: readonly unknown[]) => ({
  Type: 'AWS::IAM::Policy',
  Properties: {
    PolicyName: `${roleId}Policy`,
    Roles: [{ Ref: roleId }],
    PolicyDocument: policy(statements),
  },
});
/** Every function writes its own logs (the paths Lambda takes for each function). */
const WRITES_LOGS = {
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: 'arn:aws:logs:me-central-1:111122223333:log-group:/aws/lambda/*',
};
const SMS_LOGS = 'sns/me-central-1/111122223333/DirectPublishToPhoneNumber';
const CONFIGURATION_SET_ARN =
  'arn:aws:ses:me-central-1:111122223333:configuration-set/beneficiary-mail';

function receiptsTemplate(): StackTemplate {
  const resources = {
    ReceiptsKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: policy([
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::111122223333:root' },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'Ses',
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { ArnLike: { 'aws:SourceArn': CONFIGURATION_SET_ARN } },
          },
        ]),
      },
    },
    Events: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: arn('ReceiptsKey') } },
    EventsPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'Events' }],
        PolicyDocument: policy([
          {
            Effect: 'Allow',
            Principal: { Service: 'ses.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: 'Events' },
            Condition: { StringEquals: { 'AWS:SourceArn': CONFIGURATION_SET_ARN } },
          },
        ]),
      },
    },
    MailSet: { Type: 'AWS::SES::ConfigurationSet', Properties: { Name: 'beneficiary-mail' } },
    MailEvents: {
      Type: 'AWS::SES::ConfigurationSetEventDestination',
      Properties: {
        ConfigurationSetName: { Ref: 'MailSet' },
        EventDestination: { SnsDestination: { TopicARN: { Ref: 'Events' } } },
      },
    },
    RecorderRole: role('lambda.amazonaws.com'),
    RecorderGrants: grants('RecorderRole', [WRITES_LOGS]),
    Recorder: { Type: 'AWS::Lambda::Function', Properties: { Role: arn('RecorderRole') } },
    RecorderSubscription: {
      Type: 'AWS::SNS::Subscription',
      Properties: { Protocol: 'lambda', TopicArn: { Ref: 'Events' }, Endpoint: arn('Recorder') },
    },
    SnsInvokesRecorder: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: arn('Recorder'),
        Principal: 'sns.amazonaws.com',
        SourceArn: { Ref: 'Events' },
      },
    },
    SmsLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: SMS_LOGS } },
    SmsLogsToRecorder: {
      Type: 'AWS::Logs::SubscriptionFilter',
      Properties: {
        LogGroupName: { Ref: 'SmsLogs' },
        FilterPattern: '',
        DestinationArn: arn('Recorder'),
      },
    },
    LogsInvokeRecorder: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: arn('Recorder'),
        Principal: 'logs.amazonaws.com',
        SourceArn: arn('SmsLogs'),
      },
    },
    StatusRole: role('sns.amazonaws.com'),
    StatusGrants: grants('StatusRole', [
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [
          `arn:aws:logs:me-central-1:111122223333:log-group:${SMS_LOGS}:*`,
          `arn:aws:logs:me-central-1:111122223333:log-group:${SMS_LOGS}/Failure:*`,
        ],
      },
    ]),
    ProviderRole: role('lambda.amazonaws.com'),
    ProviderGrants: grants('ProviderRole', [
      WRITES_LOGS,
      { Effect: 'Allow', Action: 'sns:SetSMSAttributes', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: arn('StatusRole') },
    ]),
    Provider: { Type: 'AWS::Lambda::Function', Properties: { Role: arn('ProviderRole') } },
    SmsStatus: {
      Type: 'Custom::SmsDeliveryStatus',
      Properties: {
        ServiceToken: arn('Provider'),
        Create: {
          'Fn::Join': [
            '',
            [
              '{"service":"SNS","action":"setSMSAttributes","parameters":{"attributes":{"DeliveryStatusIAMRole":"',
              arn('StatusRole'),
              '","DeliveryStatusSuccessSamplingRate":"100"}}}',
            ],
          ],
        },
        Delete:
          '{"service":"SNS","action":"setSMSAttributes","parameters":{"attributes":{"DeliveryStatusIAMRole":""}}}',
      },
    },
  };
  return { stackName: 'Receipts', template: { Resources: resources } };
}

const appOf = (stacks: readonly StackTemplate[]): DeployedApp =>
  deployedAppFromTemplates(stacks, WHERE);

/** The stacks without the resource `logicalId` (a Lambda permission has no policy document to cut). */
function withoutResource(stacks: readonly StackTemplate[], logicalId: string): StackTemplate[] {
  const copy = structuredClone(stacks) as {
    stackName: string;
    template: { Resources: Record<string, unknown> };
  }[];
  for (const stack of copy) delete stack.template.Resources[logicalId];
  return copy;
}

describe('the service paths of delivery receipts', () => {
  it('derives them all, and leaves nothing unmodelled', () => {
    const app = appOf([receiptsTemplate()]);

    const paths = servicePaths(app).map(
      (path) => `${path.via} | ${path.action} | ${app.label(path.resource)}`,
    );

    expect(paths).toEqual(
      expect.arrayContaining([
        'SES, for configuration set beneficiary-mail: publishes its events to its topic | sns:Publish | topic Events',
        'SNS, for a subscription to topic Events: delivers to its lambda endpoint | lambda:InvokeFunction | function Recorder',
        `Log subscription filter on log group ${SMS_LOGS}: CloudWatch Logs delivers its events | lambda:InvokeFunction | function Recorder`,
        'CloudFormation, for custom resource SmsStatus: its provider calls sns:SetSMSAttributes on create as its role | sns:SetSMSAttributes | *',
        'CloudFormation, for custom resource SmsStatus: its provider calls sns:SetSMSAttributes on create as its role: passes the delivery-status role to SNS | iam:PassRole | role StatusRole',
        "SNS, writing SMS delivery status: assumes the account's delivery-status role | sts:AssumeRole | role StatusRole",
        `SNS, writing SMS delivery status: writes log group ${SMS_LOGS}/Failure as that role | logs:PutLogEvents | arn:aws:logs:me-central-1:111122223333:log-group:${SMS_LOGS}/Failure:log-stream:contract`,
        'CloudFormation, for custom resource SmsStatus: its provider calls sns:SetSMSAttributes on delete as its role | sns:SetSMSAttributes | *',
      ]),
    );
    expect(unmodelledServiceCalls(app)).toEqual([]);
  });

  it('finds nothing denied when every grant is in place', async () => {
    const denied = await checkServicePaths(appOf([receiptsTemplate()]));

    expect(denied.map(({ verdict }) => verdict.explain)).toEqual([]);
  });

  it.each([
    {
      mutation: "SES's statement in the topic's key policy",
      mutate: (stacks: StackTemplate[]) =>
        withoutStatements(stacks, 'ReceiptsKey', (statement) => statement.Sid === 'Ses'),
      denied: ['SES, for configuration set beneficiary-mail: publishes its events to its topic'],
      names: 'no statement of the key policy of ReceiptsKey allows ses.amazonaws.com',
    },
    {
      mutation: "SES's statement in the topic policy",
      mutate: (stacks: StackTemplate[]) => withoutStatements(stacks, 'EventsPolicy', () => true),
      denied: ['SES, for configuration set beneficiary-mail: publishes its events to its topic'],
      names: 'ses.amazonaws.com',
    },
    {
      mutation: "SNS's permission to invoke the recorder",
      mutate: (stacks: StackTemplate[]) => withoutResource(stacks, 'SnsInvokesRecorder'),
      denied: ['SNS, for a subscription to topic Events: delivers to its lambda endpoint'],
      names: 'allows sns.amazonaws.com',
    },
    {
      mutation: "CloudWatch Logs' permission to invoke the recorder",
      mutate: (stacks: StackTemplate[]) => withoutResource(stacks, 'LogsInvokeRecorder'),
      denied: [
        `Log subscription filter on log group ${SMS_LOGS}: CloudWatch Logs delivers its events`,
      ],
      names: 'logs.amazonaws.com',
    },
    {
      mutation: "the provider's iam:PassRole",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'ProviderRole', 'iam:PassRole'),
      denied: [
        'CloudFormation, for custom resource SmsStatus: its provider calls sns:SetSMSAttributes on create as its role: passes the delivery-status role to SNS',
      ],
      names: 'may not call iam:PassRole on role StatusRole',
    },
    {
      mutation: "the delivery-status role's logs:PutLogEvents",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'StatusRole', 'logs:PutLogEvents'),
      denied: [
        `SNS, writing SMS delivery status: writes log group ${SMS_LOGS} as that role`,
        `SNS, writing SMS delivery status: writes log group ${SMS_LOGS}/Failure as that role`,
      ],
      names: 'may not call logs:PutLogEvents',
    },
    {
      mutation: "the delivery-status role's trust in SNS",
      mutate: (stacks: StackTemplate[]) => withoutStatements(stacks, 'StatusRole', () => true),
      denied: ["SNS, writing SMS delivery status: assumes the account's delivery-status role"],
      names: 'sns.amazonaws.com',
    },
  ])(
    'reports the paths that lose $mutation, naming who lacks it',
    async ({ mutate, denied, names }) => {
      const found = await checkServicePaths(appOf(mutate([receiptsTemplate()])));

      expect(found.map(({ path }) => path.via)).toEqual(denied);
      expect(found.map(({ verdict }) => verdict.explain).join('\n')).toContain(names);
    },
  );
});
