import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../build-app.ts';
import {
  type DeployedApp,
  deployedAppFromTemplates,
  TEST_ACCOUNT,
  TEST_REGION,
} from '../contract/deployed-policies.ts';
import { type CycleDefinition, cycleDefinition } from './cycle-definition.ts';
import type { SynthesizedApp, Template } from './synthesized-app.ts';

/**
 * The CDK app synthesized in this process, as `cdk synth` would, but without bundling the Lambdas
 * (local runs execute the handlers from source): the templates, and which functions/ entry each
 * Lambda of the stateless stack runs. What local runs and the deploy rehearsal read the deployed
 * flow and permissions from.
 */

/** Synthesizes the app with the given context over cdk.json's defaults; a few seconds. */
export function synthesizeApp(context: Record<string, string> = {}): SynthesizedApp {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      ...context,
      'aws:cdk:bundling-stacks': [],
      'aws:cdk:enable-path-metadata': true,
    },
  });
  const { stateful, stateless } = buildApp(app);
  const assembly = app.synth();
  const templates = Object.fromEntries(
    [stateful, stateless].map((stack) => [
      stack.stackName,
      assembly.getStackArtifact(stack.artifactId).template as Template,
    ]),
  );
  const functionEntries = Object.fromEntries(
    Object.values(stateless.functions).map((fn) => [
      stateless.getLogicalId(fn.node.defaultChild as never),
      fn.entry,
    ]),
  );
  return {
    templates,
    statefulStackName: stateful.stackName,
    statelessStackName: stateless.stackName,
    functionEntries,
    stateMachineLogicalId: stateless.getLogicalId(
      stateless.stateMachine.node.defaultChild as never,
    ),
    tableLogicalIds: Object.fromEntries(
      Object.entries(stateful.tables).map(([name, table]) => [
        name,
        stateful.getLogicalId(table.node.defaultChild as never),
      ]),
    ),
  };
}

/** cdk.json's context: `cdk synth` reads it; an in-process App does not by itself. */
function cdkJsonContext(): Record<string, unknown> {
  const url = new URL('../../cdk.json', import.meta.url);
  const cdkJson = JSON.parse(readFileSync(url, 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** The account and region local runs and the rehearsal resolve the app for. */
export const LOCAL_DEPLOYMENT = { account: TEST_ACCOUNT, region: TEST_REGION } as const;

/** The synthesized app as deployed in the test account: every reference resolved, every policy read. */
export function deployedView(app: SynthesizedApp): DeployedApp {
  return deployedAppFromTemplates(
    Object.entries(app.templates).map(([stackName, template]) => ({
      stackName,
      template: template as unknown as Readonly<Record<string, unknown>>,
    })),
    LOCAL_DEPLOYMENT,
  );
}

/** The cycle's state machine as synthesized now, its Lambdas mapped to their functions/ entries. */
export function synthesizeCycleDefinition(): CycleDefinition {
  const app = synthesizeApp();
  return cycleDefinition(deployedView(app), app);
}
