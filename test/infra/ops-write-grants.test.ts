import { beforeAll, describe, expect, it } from 'vitest';
import {
  type DeployedApp,
  deployedAppFromTemplates,
  TEST_ACCOUNT,
  TEST_REGION,
} from '../../infra/contract/deployed-policies.ts';
import { evaluate } from '../../infra/contract/evaluate-call.ts';
import { CALLS, type FunctionName, NOTIFY_CALLS } from './function-calls.ts';
import { logicalIdOf, type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The writes ops make (the cycles, audit, objections, suppressions, deliveries and households
 * tables, the notify queue, starting the cycle's execution): who may make them, asked of the
 * synthesized templates themselves. Every role of both stacks is evaluated against every such write
 * (its identity policies and the resource's policy, as AWS would); the holders must be the ops API's
 * function and the pipeline functions whose own calls need that write (function-calls.ts), and no
 * one else. Nobody can assume a role of the stacks but an AWS service, and a role of the account
 * holding no policy of the stacks (a person signing in to the console) may write nothing: the
 * writes ops use pass through the API, where the role table and maker-checker are enforced.
 */

const TABLE_WRITES = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** What ops write, by the label function-calls.ts gives it. */
const OPS_WRITES: Readonly<Record<string, readonly string[]>> = {
  'cycles table': TABLE_WRITES,
  'audit table': TABLE_WRITES,
  'objections table': TABLE_WRITES,
  'suppressions table': TABLE_WRITES,
  'deliveries table': TABLE_WRITES,
  'households table': TABLE_WRITES,
  'notify queue': ['sqs:SendMessage'],
  'cycle state machine': ['states:StartExecution'],
};

/** A person of the account signing in to the console: a role holding no policy of the stacks. */
const PERSON = 'HumanOperatorProbe';

let stacks: SynthesizedStacks;
let deployed: DeployedApp;
/** `<write> on <resource>` -> the roles allowed it, by the function they run or their own id. */
let holders: Map<string, string[]>;

beforeAll(async () => {
  stacks = synthesize();
  const stateless = stacks.statelessTemplate.toJSON();
  const person = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
          },
        ],
      },
    },
  };
  deployed = deployedAppFromTemplates(
    [
      { stackName: stacks.stateful.stackName, template: stacks.statefulTemplate.toJSON() },
      {
        stackName: stacks.stateless.stackName,
        template: { ...stateless, Resources: { ...stateless.Resources, [PERSON]: person } },
      },
    ],
    { account: TEST_ACCOUNT, region: TEST_REGION },
  );

  const arnOf = (label: string): string => {
    const [name] = label.split(' ');
    const construct =
      label === 'notify queue'
        ? stacks.stateful.notifyQueue
        : label === 'cycle state machine'
          ? stacks.stateless.stateMachine
          : stacks.stateful.tables[name as keyof SynthesizedStacks['stateful']['tables']];
    const resource = deployed.resource(logicalIdOf(construct));
    return resource.arn ?? resource.ref;
  };
  const whoRuns = new Map([
    ...Object.entries(stacks.stateless.functions).map(([name, fn]): [string, string] => [
      logicalIdOf(fn.role as never),
      name,
    ]),
    [logicalIdOf(stacks.stateless.stateMachine.role as never), 'the state machine'],
  ]);
  holders = new Map();
  for (const [label, actions] of Object.entries(OPS_WRITES)) {
    const resource = arnOf(label);
    for (const action of actions) {
      const allowed: string[] = [];
      for (const role of deployed.roles()) {
        const { decision } = await evaluate(deployed, {
          principal: { role: `${role.resource.stack}/${role.resource.logicalId}` },
          action,
          resource,
        });
        if (decision === 'Allowed')
          allowed.push(whoRuns.get(role.resource.logicalId) ?? role.resource.constructId);
      }
      holders.set(`${action} on ${label}`, allowed.sort());
    }
  }
}, 120_000);

/** The functions whose own calls (function-calls.ts) include the write, and the ops API. */
function expectedHolders(write: string): string[] {
  const calls: Record<string, readonly string[]> = { ...CALLS, notify: NOTIFY_CALLS };
  const pinned = Object.entries(calls)
    .filter(([, made]) => made.includes(write))
    .map(([name]) => name as FunctionName);
  return pinned.sort();
}

describe('the writes ops use', () => {
  it('are held by the ops API and by the pipeline functions that make them, no one else', () => {
    const expected = new Map(
      [...holders.keys()].map((write) => [
        write,
        [
          ...expectedHolders(write),
          // A distributed map starts its child executions of the same state machine.
          ...(write === 'states:StartExecution on cycle state machine'
            ? ['the state machine']
            : []),
        ].sort(),
      ]),
    );

    console.info(
      [...holders].map(([write, who]) => `${write}: ${who.join(', ') || 'nobody'}`).join('\n'),
    );
    expect(Object.fromEntries(holders)).toEqual(Object.fromEntries(expected));
  });

  it('include every write the ops API makes, and the ops API holds each one', () => {
    const opsWrites = CALLS.opsApi.filter((call) => holders.has(call));

    expect(opsWrites).toEqual(
      expect.arrayContaining([
        'dynamodb:UpdateItem on cycles table',
        'dynamodb:PutItem on audit table',
        'dynamodb:PutItem on objections table',
        'dynamodb:UpdateItem on suppressions table',
        'dynamodb:UpdateItem on deliveries table',
        'dynamodb:UpdateItem on households table',
        'sqs:SendMessage on notify queue',
        'states:StartExecution on cycle state machine',
      ]),
    );
    for (const write of opsWrites) expect(holders.get(write)).toContain('opsApi');
  });

  it('are held by no person: a role of the account without the stacks\u2019 policies writes nothing', () => {
    for (const [write, who] of holders) {
      expect({ write, who }).toEqual({ write, who: expect.not.arrayContaining([PERSON]) });
    }
  });

  it('are reachable by no person through a role of the stacks: only AWS services assume them', () => {
    const people = deployed
      .roles()
      .filter((role) => role.resource.logicalId !== PERSON)
      .filter((role) => JSON.stringify(role.trustPolicy?.Statement ?? []).includes('"AWS"'))
      .map((role) => role.resource.constructId);
    const humans = [
      ...deployed.resourcesOfType('AWS::IAM::User'),
      ...deployed.resourcesOfType('AWS::IAM::Group'),
    ].map((resource) => resource.constructId);

    expect(people).toEqual([]);
    expect(humans).toEqual([]);
  });
});
