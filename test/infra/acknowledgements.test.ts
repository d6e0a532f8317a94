import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * cdk-nag's findings are acknowledged one by one, where they arise, for what they cover: a
 * wildcard acknowledged on a role's policy names the actions it covers, and synthesis fails when
 * the policy grants anything more on "*" than those, or a wildcard action it was not said to.
 */

let stacks: SynthesizedStacks;
beforeAll(() => {
  stacks = synthesize();
});

/** Each acknowledgement made on a construct itself (not its parents): its rule id and reason. */
function acknowledgedOn(construct: IConstruct): [string, string][] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
    .map(([id, reason]) => [id.replace(/^annotation::/i, ''), reason]);
}
const ids = (construct: IConstruct) => acknowledgedOn(construct).map(([id]) => id);
const policyOf = (construct: IConstruct | undefined) =>
  construct?.node.findChild('DefaultPolicy') as IConstruct;

describe('the cdk-nag acknowledgements', () => {
  it('sit on the policies that hold the findings, not on the roles or functions', () => {
    for (const fn of Object.values(stacks.stateless.functions)) {
      expect({ fn: fn.node.id, onRole: ids(fn.role as IConstruct) }).toEqual({
        fn: fn.node.id,
        onRole: [],
      });
      expect({ fn: fn.node.id, onFunction: ids(fn) }).toEqual({ fn: fn.node.id, onFunction: [] });
    }
  });

  it('acknowledge the KMS action families only on the roles of functions that write a table', () => {
    const kms = [
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
    ];
    const writers = [
      'plan',
      'gate',
      'segment',
      'finalize',
      'notify',
      'releaseDeferred',
      'recordReceipts',
      'sweepDeliveries',
      'opsApi',
    ];
    for (const [name, fn] of Object.entries(stacks.stateless.functions)) {
      const acknowledged = ids(policyOf(fn.role));
      expect({ name, kms: kms.filter((id) => acknowledged.includes(id)) }).toEqual({
        name,
        kms: writers.includes(name) ? kms : [],
      });
    }
  });

  it('name the actions each acknowledgement of Resource "*" covers', () => {
    const reasons = (name: keyof SynthesizedStacks['stateless']['functions']) =>
      acknowledgedOn(policyOf(stacks.stateless.functions[name].role))
        .filter(([id]) => id.endsWith('AwsSolutions-IAM5[Resource::*]'))
        .map(([, reason]) => reason)
        .join(' | ');

    expect(reasons('objectionEvents')).toMatch(/xray:PutTraceSegments, xray:PutTelemetryRecords/);
    expect(reasons('objectionEvents')).toMatch(/dynamodb:ListStreams/);
    expect(reasons('notify')).toMatch(/sns:Publish/);
    expect(reasons('tick')).not.toMatch(/ListStreams|sns:Publish/);
  });

  it('refuse to synthesize a policy that grants on "*" an action no acknowledgement names', () => {
    expect(() =>
      synthesize(
        {},
        {
          change: ({ stateless }) =>
            stateless.functions.objectionEvents.addToRolePolicy(
              new PolicyStatement({ actions: ['dynamodb:Scan'], resources: ['*'] }),
            ),
        },
      ),
    ).toThrow(/ObjectionEventsRole\/DefaultPolicy: grants dynamodb:Scan on "\*"/);
  });

  it('refuse to synthesize a wildcard action granted on "*"', () => {
    expect(() =>
      synthesize(
        {},
        {
          change: ({ stateless }) =>
            stateless.functions.gate.addToRolePolicy(
              new PolicyStatement({ actions: ['kms:ReEncrypt*'], resources: ['*'] }),
            ),
        },
      ),
    ).toThrow(/GateCycleRole\/DefaultPolicy: grants the action kms:ReEncrypt\* on "\*"/);
  });
});
