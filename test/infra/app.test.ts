import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_OUTPUTS } from '../../cli/remote/remote-target.ts';
import { TABLE_SPECS } from '../../shared/adapters/dynamodb/table-specs.ts';
import { cycleExecutionName } from '../../shared/cycles/start-due-cycles.ts';
import { synthesize } from './synthesized.ts';

/**
 * The CDK app, synthesised once as `cdk synth` does (cdk.json's context and feature flags; offline,
 * no credentials, bundling with the local esbuild), and its intent asserted: schedule, message
 * plumbing, data protection, alarms, and cdk-nag's AwsSolutions checks with nothing left
 * unacknowledged. The flow, the permissions, the tick and the alarm topic have files of their own.
 */

let stateful: Template;
let stateless: Template;
let synthError: unknown;

beforeAll(() => {
  try {
    ({ statefulTemplate: stateful, statelessTemplate: stateless } = synthesize(
      {},
      { bundle: true },
    ));
  } catch (error) {
    synthError = error;
  }
}, 300_000);

describe('the CDK app', () => {
  it('synthesises with cdk-nag AwsSolutions and no finding left unacknowledged', () => {
    expect(synthError).toBeUndefined();
  });

  it('runs the tick daily at 00:05 Riyadh time, with retries and a dead-letter queue', () => {
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Riyadh',
      State: 'ENABLED',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21_600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('starts one execution per cycle: the tick names it after the month', () => {
    expect(cycleExecutionName('2026-12' as never)).toBe('cycle-2026-12');
    stateless.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('starts the cycle due today'),
      Environment: {
        Variables: Match.objectLike({
          STATE_MACHINE_ARN: Match.anyValue(),
          CYCLES_TABLE: Match.anyValue(),
        }),
      },
    });
  });

  it('feeds the notifier in batches with partial batch responses and a maximum concurrency', () => {
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("sends, across every notifier container together, at most the account's SMS and email rates", () => {
    const context = (
      JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, string> }
    ).context;
    const [notify] = Object.values(
      stateless.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('Sends each queued message once') },
      }),
    );
    const variables = notify?.Properties.Environment.Variables as Record<string, string>;
    const [source] = Object.values(
      stateless.findResources('AWS::Lambda::EventSourceMapping', {
        Properties: { BatchSize: 10 },
      }),
    );
    const containers = source?.Properties.ScalingConfig.MaximumConcurrency as number;

    expect(containers).toBe(Number(context.notifierConcurrency));
    expect(Number(variables.DAFAA_SMS_RATE_PER_SECOND) * containers).toBe(
      Number(context.smsRatePerSecond),
    );
    expect(Number(variables.DAFAA_EMAIL_RATE_PER_SECOND) * containers).toBeCloseTo(
      Number(context.emailRatePerSecond),
      9,
    );
  });

  it("releases the deferred messages every minute, one run at a time, at the account's SMS rate", () => {
    const context = (
      JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, string> }
    ).context;
    const releases = stateless.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('deferred messages now due') },
    });
    const [logicalId, release] = Object.entries(releases)[0] ?? [];

    expect(Object.keys(releases)).toHaveLength(1);
    expect(release?.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(release?.Properties.Environment.Variables.DAFAA_SMS_ACCOUNT_RATE_PER_SECOND).toBe(
      context.smsRatePerSecond,
    );
    stateless.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      }),
    });
  });

  it('encrypts every table with the customer-managed key, with point-in-time recovery, deletion protection and retention', () => {
    const tables = stateful.findResources('AWS::DynamoDB::Table');
    // Every table the code has a spec for, but the local stand-in for SNS's SMS.
    const local = ['smsOutbox'];
    expect(Object.keys(tables)).toHaveLength(
      Object.keys(TABLE_SPECS).filter((name) => !local.includes(name)).length,
    );
    for (const table of Object.values(tables)) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        BillingMode: 'PAY_PER_REQUEST',
      });
    }
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    stateful.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('outputs every name the ops CLI needs to reach the deployment (--target aws)', () => {
    expect(Object.keys(stateless.toJSON().Outputs ?? {})).toEqual(
      expect.arrayContaining([...REQUIRED_OUTPUTS]),
    );
  });

  it('raises the alarms ops need, to an encrypted topic', () => {
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties.AlarmDescription as string,
    );
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/payout cycle execution failed/),
        expect.stringMatching(/finished incomplete/),
        expect.stringMatching(/was due and has not run/),
        expect.stringMatching(/daily tick failed/),
        expect.stringMatching(/waits for a second operator/),
        expect.stringMatching(/notifier failed/),
        expect.stringMatching(/NotifyDeadLetterQueue/),
        expect.stringMatching(/ScheduleDeadLetterQueue/),
        expect.stringMatching(/ObjectionEventsDeadLetterQueue/),
      ]),
    );
    stateless.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    stateless.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
