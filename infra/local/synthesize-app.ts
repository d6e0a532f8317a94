import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../build-app.ts';
import { SynthesisError } from '../contract/errors.ts';
import type { SynthesizedApp, Template } from './synthesized-app.ts';

/**
 * The CDK app synthesized in this process, as `cdk synth` would, but without bundling the Lambdas
 * (local runs execute the handlers from source): the templates, and which functions/ entry each
 * Lambda of the stateless stack runs. The one synthesis local runs, the rehearsal and the contract
 * evaluator read the deployed flow and permissions from.
 */

/** Synthesizes the app with the given context over cdk.json's defaults; a few seconds. */
export function synthesizeApp(context: Readonly<Record<string, unknown>> = {}): SynthesizedApp {
  // The cloud assembly is read here and not kept: a temporary folder, removed whatever happens.
  const outdir = mkdtempSync(join(tmpdir(), 'dafaa-synth-'));
  try {
    return synthesizeInto(outdir, context);
  } catch (error) {
    throw new SynthesisError(
      `the CDK app did not synthesize: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function synthesizeInto(
  outdir: string,
  context: Readonly<Record<string, unknown>>,
): SynthesizedApp {
  const app = new App({
    outdir,
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

/**
 * The context the CDK CLI hands the app: cdk.json's `context`, then cdk.context.json's (the CLI's
 * cache of lookups), when there is one.
 */
export function cdkJsonContext(): Record<string, unknown> {
  const read = (file: string): Record<string, unknown> => {
    const url = new URL(`../../${file}`, import.meta.url);
    return existsSync(url)
      ? (JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>)
      : {};
  };
  const cdkJson = read('cdk.json') as { context?: Record<string, unknown> };
  return { ...(cdkJson.context ?? {}), ...read('cdk.context.json') };
}
