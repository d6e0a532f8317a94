import { describe, expect, it } from 'vitest';
import {
  type DeployedApp,
  deployedAppFromTemplates,
  type StackTemplate,
} from '../../infra/contract/deployed-policies.ts';
import { NothingToRemoveError } from '../../infra/contract/errors.ts';
import {
  checkServicePaths,
  type ServicePath,
  servicePaths,
  unmodelledServiceCalls,
} from '../../infra/contract/service-paths.ts';
import { withoutRoleAction, withoutStatements } from '../../infra/contract/template-mutations.ts';

/**
 * servicePaths() and checkServicePaths() on a hand-written app that uses every integration the
 * model knows: a state machine with a distributed map, a schedule with a dead-letter queue, an
 * SQS event source, a DynamoDB stream event source with an on-failure queue, an asynchronous
 * on-failure destination, and an alarm on an encrypted topic. With every grant in place nothing is
 * denied; each mutation takes one grant away and must be reported, naming who lacks it.
 */

const WHERE = { account: '111122223333', region: 'me-central-1' };
const KEY = { 'Fn::GetAtt': ['DataKey', 'Arn'] };
// biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
const ROOT = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' };
const arn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

function policy(statements: readonly unknown[]) {
  return { Version: '2012-10-17', Statement: statements };
}

function role(service: string) {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: policy([
        { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' },
      ]),
    },
  };
}

function grants(roleId: string, statements: readonly unknown[]) {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: `${roleId}Policy`,
      Roles: [{ Ref: roleId }],
      PolicyDocument: policy(statements),
    },
  };
}

function fn(roleId: string, extra: Record<string, unknown> = {}) {
  const logGroup = { 'Fn::Sub': `/aws/lambda/\${AWS::StackName}-${roleId.replace('Role', '')}` };
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Role: arn(roleId),
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: logGroup },
      ...extra,
    },
  };
}

const WRITES_LOGS = {
  Effect: 'Allow',
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: {
    'Fn::Sub':
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/*',
  },
};
const TRACES = {
  Effect: 'Allow',
  Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
  Resource: '*',
};
const USES_KEY = {
  Effect: 'Allow',
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
  Resource: KEY,
};
const DEFINITION = {
  'Fn::Join': [
    '',
    [
      '{"StartAt":"Prepare","States":{"Prepare":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"',
      arn('Step'),
      '"},"Next":"EachItem"},"EachItem":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"Item","States":{"Item":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"',
      arn('Step'),
      '","Payload.$":"$"},"End":true}}},"End":true}}}',
    ],
  ],
};

/** The hand-written app's template, with every grant each integration needs. */
function flowTemplate(): StackTemplate {
  const machineName = { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'Machine' }] }] };
  const executions = {
    'Fn::Join': ['', ['arn:aws:states:me-central-1:111122223333:execution:', machineName, ':*']],
  };
  const resources = {
    DataKey: {
      Type: 'AWS::KMS::Key',
      Properties: {
        KeyPolicy: policy([
          { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
          {
            Sid: 'CloudWatchPublishesAlarms',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
          },
        ]),
      },
    },
    Work: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: KEY } },
    Failures: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: KEY } },
    Objections: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY },
      },
    },
    Alarms: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: KEY } },
    AlarmsPolicy: {
      Type: 'AWS::SNS::TopicPolicy',
      Properties: {
        Topics: [{ Ref: 'Alarms' }],
        PolicyDocument: policy([
          {
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: 'Alarms' },
          },
        ]),
      },
    },
    StepRole: role('lambda.amazonaws.com'),
    StepGrants: grants('StepRole', [WRITES_LOGS, TRACES]),
    Step: fn('StepRole'),
    WorkerRole: role('lambda.amazonaws.com'),
    WorkerGrants: grants('WorkerRole', [
      WRITES_LOGS,
      TRACES,
      USES_KEY,
      {
        Effect: 'Allow',
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
        ],
        Resource: arn('Work'),
      },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn('Failures') },
    ]),
    Worker: fn('WorkerRole'),
    WorkerSource: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { FunctionName: { Ref: 'Worker' }, EventSourceArn: arn('Work') },
    },
    WorkerOnFailure: {
      Type: 'AWS::Lambda::EventInvokeConfig',
      Properties: {
        FunctionName: { Ref: 'Worker' },
        Qualifier: '$LATEST',
        DestinationConfig: { OnFailure: { Destination: arn('Failures') } },
      },
    },
    ListenerRole: role('lambda.amazonaws.com'),
    ListenerGrants: grants('ListenerRole', [
      WRITES_LOGS,
      TRACES,
      USES_KEY,
      {
        Sid: 'ReadsTheStream',
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: { 'Fn::GetAtt': ['Objections', 'StreamArn'] },
      },
      { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn('Failures') },
    ]),
    Listener: fn('ListenerRole'),
    ListenerSource: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        FunctionName: { Ref: 'Listener' },
        EventSourceArn: { 'Fn::GetAtt': ['Objections', 'StreamArn'] },
        DestinationConfig: { OnFailure: { Destination: arn('Failures') } },
      },
    },
    MachineRole: role('states.amazonaws.com'),
    MachineGrants: grants('MachineRole', [
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: [arn('Step'), { 'Fn::Join': ['', [arn('Step'), ':*']] }],
      },
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: 'Machine' } },
      {
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:StopExecution'],
        Resource: executions,
      },
    ]),
    Machine: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: { RoleArn: arn('MachineRole'), DefinitionString: DEFINITION },
    },
    SchedulerRole: role('scheduler.amazonaws.com'),
    SchedulerGrants: grants('SchedulerRole', [
      { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arn('Step') },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arn('Failures') },
      USES_KEY,
    ]),
    Daily: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Target: {
          Arn: arn('Step'),
          RoleArn: arn('SchedulerRole'),
          DeadLetterConfig: { Arn: arn('Failures') },
        },
      },
    },
    StuckAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { AlarmActions: [{ Ref: 'Alarms' }] },
    },
  };
  return { stackName: 'Flow', template: { Resources: resources } };
}

function appOf(stacks: readonly StackTemplate[]): DeployedApp {
  return deployedAppFromTemplates(stacks, WHERE);
}

/** `via | action | resource`, the resource by its short name. */
function summary(app: DeployedApp, path: ServicePath): string {
  return `${path.via} | ${path.action} | ${app.label(path.resource)}`;
}

describe('servicePaths', () => {
  it('derives the calls AWS makes for each integration, and leaves nothing unmodelled', () => {
    // Arrange
    const app = appOf([flowTemplate()]);

    // Act
    const paths = servicePaths(app).map((path) => summary(app, path));

    // Assert
    const machine = 'Step Functions, for state machine Machine';
    expect(paths).toEqual(
      expect.arrayContaining([
        'CloudWatch, for alarm StuckAlarm | sns:Publish | topic Alarms',
        'EventBridge Scheduler, for schedule Daily: assumes its role | sts:AssumeRole | role SchedulerRole',
        'EventBridge Scheduler, for schedule Daily: invokes its target as its role | lambda:InvokeFunction | function Step',
        'EventBridge Scheduler, for schedule Daily: writes its dead-letter queue as its role | sqs:SendMessage | queue Failures',
        `${machine}: assumes its role | sts:AssumeRole | role MachineRole`,
        `${machine}: runs task Prepare as its role | lambda:InvokeFunction | function Step`,
        `${machine}: runs task Item as its role | lambda:InvokeFunction | function Step`,
        `${machine}: runs distributed map EachItem as its role | states:StartExecution | state machine Machine`,
        expect.stringMatching(
          /EachItem as its role \| states:DescribeExecution \| arn:aws:states:.*:execution:Flow-Machine:/,
        ),
        expect.stringMatching(/EachItem as its role \| states:StopExecution \|/),
        "Lambda's event source mapping for function Worker: reads queue Work as its role | sqs:ChangeMessageVisibility | queue Work",
        "Lambda's event source mapping for function Listener: reads the stream of table Objections as its role | dynamodb:GetRecords | the stream of table Objections",
        "Lambda's event source mapping for function Listener: reads the stream of table Objections as its role | dynamodb:ListStreams | *",
        "Lambda's event source mapping for function Listener: sends failed batches to its on-failure destination as its role | sqs:SendMessage | queue Failures",
        "Lambda's asynchronous invocation of function Worker: sends failed invocations to its destination as its role | sqs:SendMessage | queue Failures",
        'Lambda, for function Worker: assumes its role | sts:AssumeRole | role WorkerRole',
        'Lambda, for function Worker: writes its logs as its role | logs:PutLogEvents | ' +
          'arn:aws:logs:me-central-1:111122223333:log-group:/aws/lambda/Flow-Worker:log-stream:2000/01/01/[$LATEST]contract',
        'Lambda, for function Worker: traces as its role | xray:PutTraceSegments | *',
      ]),
    );
    expect(unmodelledServiceCalls(app)).toEqual([]);
  });

  it('finds nothing denied when every grant is in place', async () => {
    // Arrange
    const app = appOf([flowTemplate()]);

    // Act
    const denied = await checkServicePaths(app);

    // Assert
    expect(denied.map(({ verdict }) => verdict.explain)).toEqual([]);
  });

  it.each([
    {
      mutation: "the SQS event source's sqs:ChangeMessageVisibility",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'WorkerRole', 'sqs:ChangeMessageVisibility'),
      denied: [
        "Lambda's event source mapping for function Worker: reads queue Work as its role | sqs:ChangeMessageVisibility",
      ],
      names:
        'function Worker (role WorkerRole) may not call sqs:ChangeMessageVisibility on queue Work',
    },
    {
      mutation: "the state machine's lambda:InvokeFunction",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'MachineRole', 'lambda:InvokeFunction'),
      denied: [
        'Step Functions, for state machine Machine: runs task Prepare as its role | lambda:InvokeFunction',
        'Step Functions, for state machine Machine: runs task Item as its role | lambda:InvokeFunction',
      ],
      names:
        "state machine Machine's role (role MachineRole) may not call lambda:InvokeFunction on function Step",
    },
    {
      mutation: "the distributed map's states:StartExecution",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'MachineRole', 'states:StartExecution'),
      denied: [
        'Step Functions, for state machine Machine: runs distributed map EachItem as its role | states:StartExecution',
      ],
      names: "state machine Machine's role (role MachineRole) may not call states:StartExecution",
    },
    {
      mutation: "the scheduler's use of its dead-letter queue's key",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'SchedulerRole', 'kms:GenerateDataKey*'),
      denied: [
        'EventBridge Scheduler, for schedule Daily: writes its dead-letter queue as its role | sqs:SendMessage',
      ],
      names:
        "schedule Daily's role (role SchedulerRole) may not call kms:GenerateDataKey on key DataKey",
    },
    {
      mutation: "CloudWatch's statement in the key policy",
      mutate: (stacks: StackTemplate[]) =>
        withoutStatements(
          stacks,
          'DataKey',
          (statement) => statement.Sid === 'CloudWatchPublishesAlarms',
        ),
      denied: ['CloudWatch, for alarm StuckAlarm | sns:Publish'],
      names: 'no statement of the key policy of DataKey allows cloudwatch.amazonaws.com',
    },
    {
      mutation: "the stream reader's dynamodb:GetRecords",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'ListenerRole', 'dynamodb:GetRecords'),
      denied: [
        "Lambda's event source mapping for function Listener: reads the stream of table Objections as its role | dynamodb:GetRecords",
      ],
      names:
        'function Listener (role ListenerRole) may not call dynamodb:GetRecords on the stream of table Objections',
    },
    {
      mutation: "the stream reader's kms:Decrypt",
      mutate: (stacks: StackTemplate[]) => withoutRoleAction(stacks, 'ListenerRole', 'kms:Decrypt'),
      denied: [
        "Lambda's event source mapping for function Listener: reads the stream of table Objections as its role | dynamodb:GetRecords",
        "Lambda's event source mapping for function Listener: sends failed batches to its on-failure destination as its role | sqs:SendMessage",
      ],
      names: 'dynamodb:GetRecords needs kms:Decrypt on its key',
    },
    {
      mutation: "the asynchronous on-failure destination's sqs:SendMessage",
      mutate: (stacks: StackTemplate[]) =>
        withoutRoleAction(stacks, 'WorkerRole', 'sqs:SendMessage'),
      denied: [
        "Lambda's asynchronous invocation of function Worker: sends failed invocations to its destination as its role | sqs:SendMessage",
      ],
      names: 'function Worker (role WorkerRole) may not call sqs:SendMessage on queue Failures',
    },
    {
      mutation: "the scheduler's trust in scheduler.amazonaws.com",
      mutate: (stacks: StackTemplate[]) => withoutStatements(stacks, 'SchedulerRole', () => true),
      denied: ['EventBridge Scheduler, for schedule Daily: assumes its role | sts:AssumeRole'],
      names: 'scheduler.amazonaws.com',
    },
  ])(
    'reports the paths that lose $mutation, naming who lacks it',
    async ({ mutate, denied, names }) => {
      // Arrange
      const app = appOf(mutate([flowTemplate()]));

      // Act
      const found = await checkServicePaths(app);

      // Assert
      const summaries = found.map(({ path }) => `${path.via} | ${path.action}`);
      expect(summaries).toEqual(denied);
      expect(found.map(({ verdict }) => verdict.explain).join('\n')).toContain(names);
    },
  );

  it('refuses a mutation that removes nothing, so that it cannot pass vacuously', () => {
    // Arrange
    const stacks = [flowTemplate()];

    // Act
    const mutate = () => withoutRoleAction(stacks, 'WorkerRole', 'sqs:PurgeQueue');

    // Assert
    expect(mutate).toThrow(NothingToRemoveError);
  });
});
