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

/** `<action> on <resource>` for every statement of the policies attached to this role. */
function grantsOfRole(roleId: string): string[] {
  return Object.values(stateless.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    )
    .flatMap((statement) =>
      [statement.Action]
        .flat()
        .flatMap((action) =>
          [statement.Resource].flat().map((resource) => `${action} on ${JSON.stringify(resource)}`),
        ),
    );
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
    const onImport = (logicalId: string) =>
      expect.stringMatching(new RegExp(`^\\{"Fn::ImportValue":"[^"]*${logicalId}`));
    const grants = grantsOfRole(roleId);
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sqs:SendMessage on /),
        expect.stringMatching(/^kms:GenerateDataKey on /),
        expect.stringMatching(/^kms:Decrypt on /),
      ]),
    );
    const resourceOf = (action: string) =>
      grants
        .filter((grant) => grant.startsWith(`${action} on `))
        .map((grant) => grant.slice(action.length + 4));
    expect(resourceOf('sqs:SendMessage')).toEqual([onImport(deadLetters)]);
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      expect(resourceOf(action)).toEqual([onImport(logicalIdOf(stateful.dataKey))]);
    }
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
