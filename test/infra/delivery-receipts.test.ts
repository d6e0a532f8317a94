import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeployedApp,
  type DeployedResource,
  loadDeployedApp,
  TEST_ACCOUNT,
  TEST_REGION,
} from '../../infra/contract/deployed-policies.ts';
import { type CallPrincipal, evaluate } from '../../infra/contract/evaluate-call.ts';
import { isRecord } from '../../infra/contract/intrinsics.ts';

/**
 * Delivery truth as deployed: the SES configuration set the notifier sends with and its event
 * destination, the topic SES may publish to (and whose key it may use), the SMS delivery-status
 * logging the stack turns on, how the receipts reach the recorder, and the hourly sweep. Read off
 * the synthesized app resolved for one account (111122223333, me-central-1), and asked of the
 * policy evaluator where the question is whether AWS would allow something.
 */

let app: DeployedApp;
beforeAll(() => {
  app = loadDeployedApp();
}, 120_000);

const arnOf = (resource: DeployedResource) => resource.arn ?? resource.ref;
const configurationSetArn = (name: string, account = TEST_ACCOUNT) =>
  `arn:aws:ses:${TEST_REGION}:${account}:configuration-set/${name}`;
const smsLogGroup = (suffix = '') =>
  `sns/${TEST_REGION}/${TEST_ACCOUNT}/DirectPublishToPhoneNumber${suffix}`;

/** The statements of a policy document, as a list. */
function statementsOf(document: unknown): Record<string, unknown>[] {
  const statements = isRecord(document) ? document.Statement : undefined;
  return [statements].flat().filter(isRecord);
}

/** The resource's single instance of a type, found by its construct id. */
const resource = (constructId: string, type: string) => app.resource(constructId, type);

/** Whether AWS would allow the call (its implied KMS calls included), and why. */
async function allows(principal: CallPrincipal, action: string, target: string) {
  const verdict = await evaluate(app, { principal, action, resource: target });
  return { allowed: verdict.allowed, explain: verdict.explain };
}

describe('the SES configuration set', () => {
  it('is the one the notifier sends with, suppressing bounces and complaints for it', () => {
    const notify = app.function('Notify');
    const configurationSet = resource(
      'DeliveryReceipts/ConfigurationSet',
      'AWS::SES::ConfigurationSet',
    );

    expect(configurationSet.properties).toMatchObject({
      Name: notify.environment.EMAIL_CONFIGURATION_SET,
      SendingOptions: { SendingEnabled: true },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    expect(notify.environment.EMAIL_CONFIGURATION_SET).toBe('dafaa-beneficiary-mail');
  });

  it('publishes delivery, bounce, complaint, reject, rendering-failure and delivery-delay events to the email events topic', () => {
    const [destination, ...others] = app.resourcesOfType(
      'AWS::SES::ConfigurationSetEventDestination',
    );
    const topic = resource('DeliveryReceipts/EmailEvents', 'AWS::SNS::Topic');

    expect(others).toEqual([]);
    expect(destination?.properties.ConfigurationSetName).toBe('dafaa-beneficiary-mail');
    const events = destination?.properties.EventDestination as Record<string, unknown>;
    expect(events.Enabled).toBe(true);
    expect([...(events.MatchingEventTypes as string[])].sort()).toEqual([
      'bounce',
      'complaint',
      'delivery',
      'deliveryDelay',
      'reject',
      'renderingFailure',
    ]);
    expect(events.SnsDestination).toEqual({ TopicARN: arnOf(topic) });
  });

  it("lets SES publish to the encrypted topic and use its key, for this account's configuration set only", async () => {
    const topic = arnOf(resource('DeliveryReceipts/EmailEvents', 'AWS::SNS::Topic'));
    const ses = (sourceArn: string, sourceAccount?: string): CallPrincipal => ({
      service: 'ses.amazonaws.com',
      sourceArn,
      ...(sourceAccount === undefined ? {} : { sourceAccount }),
    });

    const ours = await allows(
      ses(configurationSetArn('dafaa-beneficiary-mail')),
      'sns:Publish',
      topic,
    );
    const another = await allows(ses(configurationSetArn('someone-elses')), 'sns:Publish', topic);
    const elsewhere = await allows(
      ses(configurationSetArn('dafaa-beneficiary-mail', '444455556666'), '444455556666'),
      'sns:Publish',
      topic,
    );

    expect(ours).toMatchObject({ allowed: true });
    expect(ours.explain).not.toMatch(/may not/);
    expect(another.allowed).toBe(false);
    expect(elsewhere.allowed).toBe(false);
  });

  it('encrypts the topic with a key of its own whose policy names SES for that configuration set', () => {
    const topic = resource('DeliveryReceipts/EmailEvents', 'AWS::SNS::Topic');
    const key = resource('DeliveryReceipts/Key', 'AWS::KMS::Key');
    const ses = statementsOf(key.properties.KeyPolicy).find(
      (statement) => JSON.stringify(statement.Principal) === '{"Service":"ses.amazonaws.com"}',
    );

    expect(app.encryptionKeyOf(arnOf(topic))?.key?.constructId).toBe('DeliveryReceipts/Key');
    expect(key.properties.EnableKeyRotation).toBe(true);
    expect(ses).toMatchObject({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': TEST_ACCOUNT },
        ArnLike: { 'aws:SourceArn': configurationSetArn('dafaa-beneficiary-mail') },
      },
    });
  });
});

describe('the receipt recorder', () => {
  it('is invoked by the email events topic, and SNS may invoke it for that topic only', async () => {
    const topic = arnOf(resource('DeliveryReceipts/EmailEvents', 'AWS::SNS::Topic'));
    const recorder = app.function('RecordReceipts');
    const subscriptions = app
      .resourcesOfType('AWS::SNS::Subscription')
      .map((subscription) => subscription.properties);

    expect(subscriptions).toEqual([
      expect.objectContaining({ Protocol: 'lambda', TopicArn: topic, Endpoint: recorder.arn }),
    ]);
    const sns = (sourceArn: string): CallPrincipal => ({ service: 'sns.amazonaws.com', sourceArn });
    expect(await allows(sns(topic), 'lambda:InvokeFunction', recorder.arn)).toMatchObject({
      allowed: true,
    });
    expect(
      (await allows(sns(`${topic}-other`), 'lambda:InvokeFunction', recorder.arn)).allowed,
    ).toBe(false);
  });

  it('is invoked by a subscription filter on each SMS delivery-status log group, kept two weeks and encrypted', async () => {
    const recorder = app.function('RecordReceipts');
    const key = resource('DeliveryReceipts/Key', 'AWS::KMS::Key');
    const groups = ['SmsDeliveredLogs', 'SmsFailedLogs'].map((id) =>
      resource(`DeliveryReceipts/${id}`, 'AWS::Logs::LogGroup'),
    );
    const filters = app
      .resourcesOfType('AWS::Logs::SubscriptionFilter')
      .map((filter) => filter.properties);

    expect(groups.map((group) => group.properties)).toEqual([
      expect.objectContaining({ LogGroupName: smsLogGroup(), RetentionInDays: 14 }),
      expect.objectContaining({ LogGroupName: smsLogGroup('/Failure'), RetentionInDays: 14 }),
    ]);
    for (const group of groups) expect(group.properties.KmsKeyId).toBe(key.arn);
    expect(filters).toEqual(
      [smsLogGroup(), smsLogGroup('/Failure')].map((group) =>
        expect.objectContaining({
          LogGroupName: group,
          FilterPattern: '',
          DestinationArn: recorder.arn,
        }),
      ),
    );
    for (const group of groups) {
      const logs = { service: 'logs.amazonaws.com', sourceArn: group.arn ?? '' };
      expect(await allows(logs, 'lambda:InvokeFunction', recorder.arn)).toMatchObject({
        allowed: true,
      });
    }
  });

  it('lets CloudWatch Logs use the key for those two log groups only', () => {
    const key = resource('DeliveryReceipts/Key', 'AWS::KMS::Key');
    const logs = statementsOf(key.properties.KeyPolicy).find(
      (statement) =>
        JSON.stringify(statement.Principal) === `{"Service":"logs.${TEST_REGION}.amazonaws.com"}`,
    );
    const logGroupArn = (name: string) =>
      `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${name}`;

    expect(logs?.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [
          logGroupArn(smsLogGroup()),
          logGroupArn(smsLogGroup('/Failure')),
        ],
      },
    });
  });

  it('keeps an invocation that failed after two retries in the receipt failure queue, which raises an alarm', () => {
    const recorder = app.function('RecordReceipts');
    const [config] = app
      .resourcesOfType('AWS::Lambda::EventInvokeConfig')
      .filter((candidate) => candidate.properties.FunctionName === recorder.name);
    const queue = resource('ReceiptFailureQueue', 'AWS::SQS::Queue');
    const alarms = app
      .resourcesOfType('AWS::CloudWatch::Alarm')
      .filter((alarm) =>
        JSON.stringify(alarm.properties.Dimensions ?? []).includes(
          queue.attributes.QueueName ?? '?',
        ),
      );

    expect(config?.properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 60 * 60,
      DestinationConfig: { OnFailure: { Destination: queue.arn } },
    });
    expect(alarms.map((alarm) => alarm.properties)).toEqual([
      expect.objectContaining({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });
});

describe("the account's SMS attributes", () => {
  /** The SDK call the custom resource makes on a phase (Create, Update, Delete). */
  function callOn(phase: 'Create' | 'Update' | 'Delete') {
    const custom = resource(
      'DeliveryReceipts/SmsDeliveryStatus/Resource/Default',
      'Custom::SmsDeliveryStatus',
    );
    return JSON.parse(String(custom.properties[phase])) as {
      service: string;
      action: string;
      parameters: { attributes: Record<string, string> };
    };
  }

  it('are set by the stack: every SMS delivery status, successes included, logged with a role SNS assumes', () => {
    const role = app.role('DeliveryReceipts/SmsDeliveryStatusRole');

    for (const phase of ['Create', 'Update'] as const) {
      expect(callOn(phase)).toMatchObject({
        service: 'SNS',
        action: 'setSMSAttributes',
        parameters: {
          attributes: { DeliveryStatusIAMRole: role.arn, DeliveryStatusSuccessSamplingRate: '100' },
        },
      });
    }
    expect(statementsOf(role.trustPolicy)).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
    ]);
  });

  it('let SNS write those two log groups and nothing else: no retention change, no metric filter', () => {
    const role = app.role('DeliveryReceipts/SmsDeliveryStatusRole');
    const granted = role.identityPolicies.flatMap((policy) =>
      statementsOf(policy.document).flatMap((statement) =>
        [statement.Action]
          .flat()
          .flatMap((action) =>
            [statement.Resource].flat().map((target) => `${String(action)} on ${String(target)}`),
          ),
      ),
    );
    const group = (suffix = '') =>
      `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${smsLogGroup(suffix)}:*`;

    expect(granted.sort()).toEqual(
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']
        .flatMap((action) => [`${action} on ${group()}`, `${action} on ${group('/Failure')}`])
        .sort(),
    );
  });

  it('are set by a provider that may pass that role to SNS and no other', async () => {
    const custom = resource(
      'DeliveryReceipts/SmsDeliveryStatus/Resource/Default',
      'Custom::SmsDeliveryStatus',
    );
    const provider = app.functionByReference(String(custom.properties.ServiceToken));
    const role = app.role('DeliveryReceipts/SmsDeliveryStatusRole');
    const other = app.role('SchedulerRole');
    const asProvider = {
      role: `${provider?.role?.resource.stack}/${provider?.role?.resource.logicalId}`,
    };
    const pass = (target: string, service: string) =>
      evaluate(app, {
        principal: asProvider,
        action: 'iam:PassRole',
        resource: target,
        context: { 'iam:PassedToService': service },
      });

    expect((await allows(asProvider, 'sns:SetSMSAttributes', '*')).allowed).toBe(true);
    expect((await pass(role.arn, 'sns.amazonaws.com')).allowed).toBe(true);
    expect((await pass(role.arn, 'lambda.amazonaws.com')).allowed).toBe(false);
    expect((await pass(other.arn, 'sns.amazonaws.com')).allowed).toBe(false);
  });

  it('turn the delivery-status logging off again when the stack is deleted', () => {
    expect(callOn('Delete').parameters.attributes).toEqual({
      DeliveryStatusIAMRole: '',
      DeliveryStatusSuccessSamplingRate: '0',
    });
  });
});

describe('the delivery sweep', () => {
  it('runs every hour, invoking the sweeper with retries and the schedules’ dead-letter queue', async () => {
    const sweeper = app.function('SweepDeliveries');
    const schedules = app
      .resourcesOfType('AWS::Scheduler::Schedule')
      .filter((schedule) => JSON.stringify(schedule.properties.Target).includes(sweeper.arn));
    const deadLetters = resource('ScheduleDeadLetterQueue', 'AWS::SQS::Queue');

    expect(schedules.map((schedule) => schedule.properties)).toEqual([
      expect.objectContaining({
        ScheduleExpression: 'rate(1 hour)',
        State: 'ENABLED',
        Target: expect.objectContaining({
          Arn: sweeper.arn,
          RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: deadLetters.arn },
        }),
      }),
    ]);
    const target = schedules[0]?.properties.Target as { RoleArn: string };
    const scheduler = app.roleByArn(target.RoleArn);
    const asScheduler = {
      role: `${scheduler?.resource.stack}/${scheduler?.resource.logicalId}`,
    };
    expect((await allows(asScheduler, 'lambda:InvokeFunction', sweeper.arn)).allowed).toBe(true);
  });

  it('raises an alarm when a sweep fails', () => {
    const sweeper = app.function('SweepDeliveries');

    expect(
      app
        .resourcesOfType('AWS::CloudWatch::Alarm')
        .map((alarm) => alarm.properties)
        .filter((alarm) => JSON.stringify(alarm.Dimensions ?? []).includes(`"${sweeper.name}"`)),
    ).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    ]);
  });
});
