import { describe, expect, it } from 'vitest';
import {
  type DeployedApp,
  deployedAppFromTemplates,
} from '../../infra/contract/deployed-policies.ts';
import { SimulationInputError, UnknownResourceError } from '../../infra/contract/errors.ts';
import { evaluate } from '../../infra/contract/evaluate-call.ts';

/**
 * evaluate() on a small hand-written template: a function writing a KMS-encrypted table and queue,
 * an encrypted alarm topic, and the key. Each case changes one policy and asks what AWS would say.
 */

const WHERE = { account: '111122223333', region: 'me-central-1' };
const ACCOUNT_ROOT = {
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
  ],
};
const KEY_ARN = { 'Fn::GetAtt': ['DataKey', 'Arn'] };
const DELEGATE_TO_ACCOUNT = {
  Effect: 'Allow',
  Principal: { AWS: ACCOUNT_ROOT },
  Action: 'kms:*',
  Resource: '*',
};
const ALARM_PATTERN = 'arn:aws:cloudwatch:me-central-1:111122223333:alarm:*';

const WRITER_GRANTS = [
  {
    Effect: 'Allow',
    Action: ['dynamodb:PutItem', 'dynamodb:GetItem'],
    Resource: { 'Fn::GetAtt': ['Payments', 'Arn'] },
  },
  { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: KEY_ARN },
  { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] } },
];
const CLOUDWATCH_MAY_PUBLISH = {
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: 'sns:Publish',
  Resource: { Ref: 'Alarms' },
  Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
};

interface HandWritten {
  /** The writer's identity policy statements. */
  readonly writer?: readonly unknown[];
  readonly keyPolicy?: readonly unknown[];
  /** The topic policy's statements, or no AWS::SNS::TopicPolicy at all. */
  readonly topicPolicy?: readonly unknown[] | 'none';
  /** KmsMasterKeyId of the queue and the topic (the data key by default). */
  readonly messagingKey?: unknown;
  readonly extra?: Readonly<Record<string, unknown>>;
}

function policy(statements: readonly unknown[]) {
  return { Version: '2012-10-17', Statement: statements };
}

/** The alarm topic's AWS::SNS::TopicPolicy: by default, CloudWatch of this account may publish. */
function topicPolicy(statements: readonly unknown[] = [CLOUDWATCH_MAY_PUBLISH]) {
  return {
    Type: 'AWS::SNS::TopicPolicy',
    Properties: { Topics: [{ Ref: 'Alarms' }], PolicyDocument: policy(statements) },
  };
}

/** The hand-written app, with one part replaced. */
function handWritten(options: HandWritten = {}): DeployedApp {
  const messagingKey = options.messagingKey ?? KEY_ARN;
  const resources = {
    DataKey: {
      Type: 'AWS::KMS::Key',
      Properties: { KeyPolicy: policy(options.keyPolicy ?? [DELEGATE_TO_ACCOUNT]) },
    },
    Payments: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: KEY_ARN },
      },
    },
    Ledger: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    Jobs: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: messagingKey } },
    JobsPolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: 'Jobs' }],
        PolicyDocument: policy([
          {
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 'sqs:*',
            Resource: { 'Fn::GetAtt': ['Jobs', 'Arn'] },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ]),
      },
    },
    Alarms: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: messagingKey } },
    WriterRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: policy([
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ]),
      },
    },
    WriterPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: 'WriterPolicy',
        Roles: [{ Ref: 'WriterRole' }],
        PolicyDocument: policy(options.writer ?? WRITER_GRANTS),
      },
    },
    Writer: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Role: { 'Fn::GetAtt': ['WriterRole', 'Arn'] },
        Environment: {
          Variables: { PAYMENTS_TABLE: { Ref: 'Payments' }, JOBS_URL: { Ref: 'Jobs' } },
        },
      },
    },
    ...(options.topicPolicy === 'none' ? {} : { AlarmsPolicy: topicPolicy(options.topicPolicy) }),
    ErrorsAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { AlarmActions: [{ Ref: 'Alarms' }] },
    },
    ...options.extra,
  };
  return deployedAppFromTemplates(
    [{ stackName: 'Hand', template: { Resources: resources } }],
    WHERE,
  );
}

function arnOf(app: DeployedApp, name: string): string {
  return app.resource(name).arn ?? '';
}

/** CloudWatch publishing for the hand-written alarm. */
function alarmPublish(app: DeployedApp, alarmArn = arnOf(app, 'ErrorsAlarm')) {
  return evaluate(app, {
    principal: { service: 'cloudwatch.amazonaws.com', sourceArn: alarmArn },
    action: 'sns:Publish',
    resource: arnOf(app, 'Alarms'),
  });
}

describe('evaluate', () => {
  it('allows a call the identity policy grants, with the KMS calls DynamoDB makes for it', async () => {
    // Arrange
    const app = handWritten();

    // Act
    const verdict = await evaluate(app, {
      principal: { function: 'Writer' },
      action: 'dynamodb:PutItem',
      resource: arnOf(app, 'Payments'),
    });

    // Assert
    expect(verdict.allowed).toBe(true);
    expect(verdict.explain).toMatch(
      /^function Writer \(role WriterRole\) may call dynamodb:PutItem on table Payments/,
    );
    expect(verdict.explain).toContain('AWS::IAM::Policy WriterPolicy');
    expect(
      verdict.implied.map((call) => [call.call.action, call.call.resource, call.allowed]),
    ).toEqual([
      ['kms:Decrypt', arnOf(app, 'DataKey'), true],
      ['kms:GenerateDataKey', arnOf(app, 'DataKey'), true],
    ]);
  });

  it('denies an action the identity policy lacks, naming the policy that lacks it', async () => {
    // Arrange
    const app = handWritten();

    // Act
    const verdict = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'dynamodb:DeleteItem',
      resource: arnOf(app, 'Payments'),
    });

    // Assert
    expect(verdict.allowed).toBe(false);
    expect(verdict.decision).toBe('ImplicitlyDenied');
    expect(verdict.explain).toContain(
      'function Writer (role WriterRole) may not call dynamodb:DeleteItem on table Payments',
    );
    expect(verdict.explain).toContain(
      'no statement of its identity policies (AWS::IAM::Policy WriterPolicy) allows it',
    );
  });

  it('denies a resource the grant does not name: another table, or an index of the granted one', async () => {
    // Arrange
    const payments = { 'Fn::GetAtt': ['Payments', 'Arn'] };
    const app = handWritten({
      writer: [
        { Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:Query'], Resource: payments },
      ],
    });

    // Act
    const otherTable = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'dynamodb:PutItem',
      resource: arnOf(app, 'Ledger'),
    });
    const index = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'dynamodb:Query',
      resource: `${arnOf(app, 'Payments')}/index/byDay`,
    });

    // Assert
    expect(otherTable.allowed).toBe(false);
    expect(otherTable.explain).toContain('on table Ledger');
    expect(index.allowed).toBe(false);
    expect(index.explain).toContain('on index byDay of table Payments');
  });

  it('lets an explicit Deny win over an Allow, and says which statement denies', async () => {
    // Arrange
    const app = handWritten({
      writer: [
        { Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' },
        { Effect: 'Allow', Action: 'kms:*', Resource: KEY_ARN },
        { Sid: 'NoDeletes', Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' },
      ],
    });

    // Act
    const verdict = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'dynamodb:DeleteItem',
      resource: arnOf(app, 'Payments'),
    });

    // Assert
    expect(verdict.decision).toBe('ExplicitlyDenied');
    expect(verdict.explain).toContain(
      'statement 3 (NoDeletes) of AWS::IAM::Policy WriterPolicy denies it explicitly',
    );
  });

  it("applies a resource policy's Deny under its condition: the queue refuses plain HTTP", async () => {
    // Arrange
    const app = handWritten();
    const send = (secure: string) =>
      evaluate(app, {
        principal: { role: 'WriterRole' },
        action: 'sqs:SendMessage',
        resource: arnOf(app, 'Jobs'),
        context: { 'aws:SecureTransport': secure },
      });

    // Act
    const overTls = await send('true');
    const plain = await send('false');

    // Assert
    expect(overTls.allowed).toBe(true);
    expect(overTls.implied.map((call) => call.call.action)).toEqual([
      'kms:GenerateDataKey',
      'kms:Decrypt',
    ]);
    expect(plain.decision).toBe('ExplicitlyDenied');
    expect(plain.explain).toContain(
      'statement 1 of AWS::SQS::QueuePolicy JobsPolicy on Jobs denies it explicitly',
    );
  });

  it('lets CloudWatch publish only if the key policy allows it too: the topic policy is not enough', async () => {
    // Arrange
    const app = handWritten();

    // Act
    const verdict = await alarmPublish(app);

    // Assert
    expect(verdict.decision).toBe('Allowed');
    expect(verdict.allowed).toBe(false);
    expect(verdict.explain).toMatch(
      /^cloudwatch\.amazonaws\.com for alarm ErrorsAlarm .* may call sns:Publish on topic Alarms/,
    );
    expect(verdict.explain).toContain(
      'but the call fails: sns:Publish needs kms:GenerateDataKey on its key',
    );
    expect(verdict.explain).toContain('may not call kms:GenerateDataKey on key DataKey');
    expect(verdict.explain).toContain(
      'no statement of the key policy of DataKey allows cloudwatch.amazonaws.com',
    );
  });

  it("evaluates the key policy's conditions on the alarm: its account and its ARN", async () => {
    // Arrange
    const cloudWatchMayUseKey = {
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { ArnLike: { 'aws:SourceArn': ALARM_PATTERN } },
    };
    const app = handWritten({ keyPolicy: [DELEGATE_TO_ACCOUNT, cloudWatchMayUseKey] });

    // Act
    const ours = await alarmPublish(app);
    const foreign = await alarmPublish(
      app,
      'arn:aws:cloudwatch:me-central-1:444455556666:alarm:Theirs',
    );

    // Assert
    expect(ours.allowed).toBe(true);
    expect(foreign.allowed).toBe(false);
  });

  it('denies a service principal that no resource policy allows: a topic without its statement', async () => {
    // Arrange
    const app = handWritten({ topicPolicy: [] });

    // Act
    const verdict = await alarmPublish(app);

    // Assert
    expect(verdict.decision).toBe('ImplicitlyDenied');
    expect(verdict.explain).toContain(
      'no statement of AWS::SNS::TopicPolicy AlarmsPolicy on Alarms allows cloudwatch.amazonaws.com',
    );
  });

  it("falls back to SNS's default topic policy, which lets services of the account publish", async () => {
    // Arrange
    const cloudWatchMayUseKey = {
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    };
    const app = handWritten({
      keyPolicy: [DELEGATE_TO_ACCOUNT, cloudWatchMayUseKey],
      topicPolicy: 'none',
    });

    // Act
    const verdict = await alarmPublish(app);

    // Assert
    expect(verdict.allowed).toBe(true);
    expect(verdict.explain).toContain("SNS's default policy of Alarms");
  });

  it('counts identity policies for KMS only where the key policy delegates to the account', async () => {
    // Arrange
    const someoneElse = {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/Auditor' },
      Action: 'kms:*',
      Resource: '*',
    };
    const app = handWritten({ keyPolicy: [someoneElse] });

    // Act
    const verdict = await evaluate(app, {
      principal: { function: 'Writer' },
      action: 'dynamodb:PutItem',
      resource: arnOf(app, 'Payments'),
    });

    // Assert
    expect(verdict.decision).toBe('Allowed');
    expect(verdict.allowed).toBe(false);
    expect(verdict.explain).toContain(
      "the key policy of DataKey neither allows the role nor lets the account's IAM policies decide",
    );
  });

  it('matches wildcards in resources and actions', async () => {
    // Arrange
    const anyTable = {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
      'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*',
    };
    const app = handWritten({
      writer: [
        { Effect: 'Allow', Action: 'dynamodb:*Item', Resource: anyTable },
        { Effect: 'Allow', Action: 'kms:*', Resource: '*' },
      ],
    });
    const call = (action: string, table: string) =>
      evaluate(app, { principal: { role: 'WriterRole' }, action, resource: arnOf(app, table) });

    // Act
    const verdicts = await Promise.all([
      call('dynamodb:PutItem', 'Ledger'),
      call('dynamodb:DeleteItem', 'Payments'),
      call('dynamodb:Scan', 'Payments'),
    ]);

    // Assert
    expect(verdicts.map((verdict) => verdict.allowed)).toEqual([true, true, false]);
  });

  it('sets kms:ViaService as AWS does: a key grant for SQS does not serve DynamoDB', async () => {
    // Arrange
    const viaSqsOnly = {
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': 'sqs.me-central-1.amazonaws.com' } },
    };
    const [put, , send] = WRITER_GRANTS;
    const app = handWritten({ writer: [put, viaSqsOnly, send] });

    // Act
    const toQueue = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'sqs:SendMessage',
      resource: arnOf(app, 'Jobs'),
    });
    const toTable = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'dynamodb:PutItem',
      resource: arnOf(app, 'Payments'),
    });

    // Assert
    expect(toQueue.allowed).toBe(true);
    expect(toTable.allowed).toBe(false);
    expect(toTable.explain).toContain('dynamodb:PutItem needs kms:Decrypt on its key');
  });

  it('lets an AWS managed key serve the account’s roles but never a service principal', async () => {
    // Arrange
    const app = handWritten({ messagingKey: 'alias/aws/sqs' });

    // Act
    const send = await evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'sqs:SendMessage',
      resource: arnOf(app, 'Jobs'),
    });
    const publish = await alarmPublish(app);

    // Assert
    expect(send.allowed).toBe(true);
    expect(publish.allowed).toBe(false);
    expect(publish.explain).toContain('alias/aws/sqs is an AWS managed key');
  });

  it('reads Lambda permissions as the function policy: a service may invoke from the source named', async () => {
    // Arrange
    const rule = 'arn:aws:events:me-central-1:111122223333:rule/nightly';
    const app = handWritten({
      extra: {
        NightlyPermission: {
          Type: 'AWS::Lambda::Permission',
          Properties: {
            FunctionName: { 'Fn::GetAtt': ['Writer', 'Arn'] },
            Action: 'lambda:InvokeFunction',
            Principal: 'events.amazonaws.com',
            SourceArn: rule,
          },
        },
      },
    });
    const invoke = (sourceArn: string) =>
      evaluate(app, {
        principal: { service: 'events.amazonaws.com', sourceArn },
        action: 'lambda:InvokeFunction',
        resource: arnOf(app, 'Writer'),
      });

    // Act
    const fromRule = await invoke(rule);
    const fromElsewhere = await invoke('arn:aws:events:me-central-1:111122223333:rule/other');

    // Assert
    expect(fromRule.allowed).toBe(true);
    expect(fromRule.explain).toContain('the Lambda permissions NightlyPermission of Writer');
    expect(fromElsewhere.allowed).toBe(false);
  });

  it('says which attached policies it could not see', async () => {
    // Arrange
    const app = handWritten({
      extra: {
        ReaderRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            ManagedPolicyArns: ['arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess'],
          },
        },
      },
    });

    // Act
    const verdict = await evaluate(app, {
      principal: { role: 'ReaderRole' },
      action: 'dynamodb:GetItem',
      resource: arnOf(app, 'Ledger'),
    });

    // Assert
    expect(app.role('ReaderRole').unresolvedPolicies).toEqual([
      'arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess',
    ]);
    expect(verdict.explain).toContain(
      'not evaluated: arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess',
    );
  });

  it('rejects an unknown role with UnknownResourceError and a misspelt action with SimulationInputError', async () => {
    // Arrange
    const app = handWritten();
    const resource = arnOf(app, 'Payments');

    // Act
    const unknownRole = evaluate(app, {
      principal: { role: 'NoSuchRole' },
      action: 'dynamodb:GetItem',
      resource,
    });
    const misspelt = evaluate(app, {
      principal: { role: 'WriterRole' },
      action: 'dynamodb:PutItems',
      resource,
    });

    // Assert
    await expect(unknownRole).rejects.toThrow(UnknownResourceError);
    await expect(misspelt).rejects.toThrow(SimulationInputError);
  });
});

describe('the deployed app', () => {
  it('maps a function to its role and resolved environment, and a resource to its key and policy', () => {
    // Arrange
    const app = handWritten();

    // Act
    const writer = app.function('Writer');
    const payments = arnOf(app, 'Payments');

    // Assert
    expect(writer.role?.resource.logicalId).toBe('WriterRole');
    expect(writer.environment).toEqual({
      PAYMENTS_TABLE: 'Hand-Payments',
      JOBS_URL: app.resource('Jobs').ref,
    });
    for (const part of [
      payments,
      `${payments}/index/byDay`,
      app.resource('Payments').attributes.StreamArn ?? '',
    ]) {
      expect(app.encryptionKeyOf(part)?.key?.logicalId).toBe('DataKey');
    }
    expect(app.encryptionKeyOf(arnOf(app, 'Ledger'))).toBeUndefined();
    expect(app.resourcePolicyOf(app.resource('Jobs').ref)?.label).toBe(
      'AWS::SQS::QueuePolicy JobsPolicy on Jobs',
    );
    expect(app.ownerOf(app.resource('Jobs').ref)?.logicalId).toBe('Jobs');
  });
});
