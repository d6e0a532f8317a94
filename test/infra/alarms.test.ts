import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlarmTopic } from '../../infra/constructs/alarm-topic.ts';
import { logicalIdOf, type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The alarms reach someone: CloudWatch may publish to the ops topic and use its key, and each
 * alarm watches what it says it watches.
 */

let stacks: SynthesizedStacks;
let stateless: Template;
beforeAll(() => {
  stacks = synthesize();
  stateless = stacks.statelessTemplate;
});

/** The ops alarm topic, and the logical id of the key that encrypts it. */
function alarmTopic() {
  const topicId = logicalIdOf((stacks.stateless.node.findChild('OpsAlarms') as AlarmTopic).topic);
  const topic = stateless.toJSON().Resources[topicId];
  const keyRef = topic?.Properties.KmsMasterKeyId as { 'Fn::GetAtt'?: [string, string] };
  return { topicId, keyId: keyRef['Fn::GetAtt']?.[0] };
}

type Statement = {
  Effect: string;
  Principal?: { Service?: string };
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

/** The statement allowing CloudWatch, and whether it holds for this account's alarms only. */
function cloudWatchStatement(statements: Statement[]) {
  const statement = statements.find(
    (candidate) =>
      candidate.Effect === 'Allow' && candidate.Principal?.Service === 'cloudwatch.amazonaws.com',
  );
  const sourceArn = JSON.stringify(statement?.Condition?.ArnLike?.['aws:SourceArn']);
  return {
    actions: statement === undefined ? [] : [statement.Action].flat(),
    ourAlarmsOnly:
      JSON.stringify(statement?.Condition?.StringEquals?.['aws:SourceAccount']) ===
        JSON.stringify({ Ref: 'AWS::AccountId' }) && /:cloudwatch:.*:alarm:\*"/.test(sourceArn),
  };
}

describe('the ops alarm topic', () => {
  it('is encrypted with a key of its own, not the data key', () => {
    const { keyId } = alarmTopic();

    expect(keyId).toBeDefined();
    expect(stateless.toJSON().Resources[keyId ?? '']).toMatchObject({
      Type: 'AWS::KMS::Key',
      Properties: { EnableKeyRotation: true },
    });
  });

  it("lets CloudWatch use the topic's key to publish, for this account's alarms only", () => {
    const { keyId } = alarmTopic();
    const key = stateless.toJSON().Resources[keyId ?? ''];

    expect(cloudWatchStatement(key.Properties.KeyPolicy.Statement)).toEqual({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      ourAlarmsOnly: true,
    });
  });

  it('lets CloudWatch publish to the topic, for our alarms only and over TLS only', () => {
    const { topicId } = alarmTopic();
    const [policy] = Object.values(stateless.findResources('AWS::SNS::TopicPolicy')).filter(
      (candidate) =>
        JSON.stringify(candidate.Properties.Topics) === JSON.stringify([{ Ref: topicId }]),
    );
    const statements = policy?.Properties.PolicyDocument.Statement as Statement[];

    expect(cloudWatchStatement(statements)).toEqual({
      actions: ['sns:Publish'],
      ourAlarmsOnly: true,
    });
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    );
  });

  it('is named in the outputs, for ops to subscribe to', () => {
    const { topicId } = alarmTopic();

    expect(stateless.toJSON().Outputs?.OpsAlarmsTopicArn?.Value).toEqual({ Ref: topicId });
  });

  it('receives every alarm', () => {
    const { topicId } = alarmTopic();
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  it("watches the account's email reputation and its SMS spend, at the thresholds AWS and the deployment set", () => {
    const watching = (metricName: string) =>
      Object.values(stateless.findResources('AWS::CloudWatch::Alarm'))
        .map((alarm) => alarm.Properties)
        .find((properties) => properties.MetricName === metricName);

    expect(watching('Reputation.BounceRate')).toMatchObject({
      Namespace: 'AWS/SES',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(watching('Reputation.ComplaintRate')).toMatchObject({
      Namespace: 'AWS/SES',
      Threshold: 0.001,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(watching('SMSMonthToDateSpentUSD')).toMatchObject({
      Namespace: 'AWS/SNS',
      Threshold: 250_000,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    // The spend threshold is the deployment's: cdk.json's, or -c smsMonthlySpendAlarmUsd=...
    const cheaper = synthesize({ smsMonthlySpendAlarmUsd: '90000' }).statelessTemplate;
    cheaper.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 90_000,
    });
  });
});
