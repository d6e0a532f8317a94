import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.ts';

describe('the CDK app', () => {
  it('synthesises offline, with the stage and region from context', () => {
    const app = new App({ context: { stage: 'test', region: 'me-central-1' } });
    buildApp(app);
    const assembly = app.synth();
    expect(assembly.stacks.map((stack) => stack.stackName)).toEqual(['Dafaa-test-Stateful']);
    expect(assembly.stacks[0]?.environment.region).toBe('me-central-1');
  });

  it('keeps beneficiary data under a rotating customer-managed key that survives the stack', () => {
    const { stateful } = buildApp(new App({ context: { stage: 'test' } }));
    Template.fromStack(stateful).hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ EnableKeyRotation: true }),
      DeletionPolicy: 'Retain',
    });
  });
});
