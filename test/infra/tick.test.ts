import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The daily tick's failures are seen: what the scheduler cannot invoke goes to its dead-letter
 * queue (whose key the scheduler may use), what fails inside the tick goes to a failure queue, both
 * are alarmed, and a day without a successful tick raises an alarm of its own.
 */

let stacks: SynthesizedStacks;
let stateless: Template;
beforeAll(() => {
  stacks = synthesize();
  stateless = stacks.statelessTemplate;
});

/** A reference, in the stateless template, to a resource of the stateful stack. */
const importOf = (logicalId: string) =>
  Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp(logicalId) });

/** Every statement of the policies attached to the role with this logical id. */
function statementsOfRole(roleId: string) {
  return Object.values(stateless.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}

describe('the tick', () => {
  it("sends a failed invocation's record, after Lambda's retries, to a queue encrypted with the data key", () => {
    const { stateful, stateless: stack } = stacks;
    const queue = logicalIdOf(stateful.tickFailureQueue);

    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(stack.functions.tick) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: importOf(queue) } },
    });
    expect(stacks.statefulTemplate.toJSON().Resources[queue].Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(stateful.dataKey), 'Arn'] },
    });
  });

  it('raises an alarm when a failed tick waits in that queue', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        { Name: 'QueueName', Value: importOf(logicalIdOf(stacks.stateful.tickFailureQueue)) },
      ],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
    });
  });

  it("lets the scheduler write to its dead-letter queue with that queue's key", () => {
    const { stateful } = stacks;
    const [schedule] = Object.values(stateless.findResources('AWS::Scheduler::Schedule'));
    const target = schedule?.Properties.Target as {
      RoleArn: { 'Fn::GetAtt': [string] };
      DeadLetterConfig: { Arn: { 'Fn::ImportValue': string } };
    };
    const roleId = target.RoleArn['Fn::GetAtt'][0];
    const deadLetters = logicalIdOf(stateful.scheduleDeadLetterQueue);

    expect(target.DeadLetterConfig.Arn['Fn::ImportValue']).toContain(deadLetters);
    expect(statementsOfRole(roleId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Action: 'sqs:SendMessage',
          Resource: { 'Fn::ImportValue': expect.stringContaining(deadLetters) },
        }),
        expect.objectContaining({
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: {
            'Fn::ImportValue': expect.stringContaining(logicalIdOf(stateful.dataKey)),
          },
        }),
      ]),
    );
  });

  it('raises an alarm when the tick has not succeeded for 26 hours, missing data breaching', () => {
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'dafaa',
      MetricName: 'TickSucceeded',
      Statistic: 'Sum',
      Period: 3600,
      EvaluationPeriods: 26,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });
});
