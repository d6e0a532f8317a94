import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../infra/build-app.ts';
import { cdkJsonContext } from '../../infra/local/synthesize-app.ts';
import type { StatefulStack } from '../../infra/stateful-stack.ts';
import type { StatelessStack } from '../../infra/stateless-stack.ts';

/**
 * The app as `cdk synth` builds it, for the infra tests: cdk.json's context (its feature flags
 * included) under the test's own keys, synthesized in this process. Without `bundle`, the Lambdas
 * are not bundled (their code is a placeholder asset), which takes a second instead of ten.
 */

export { cdkJsonContext };

export interface SynthesizedStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

export function synthesize(
  context: Record<string, unknown> = {},
  options: {
    readonly bundle?: boolean;
    /** Changes the built stacks before they are synthesized (a test breaking something on purpose). */
    readonly change?: (stacks: Pick<SynthesizedStacks, 'stateful' | 'stateless'>) => void;
  } = {},
): SynthesizedStacks {
  // The assembly is read here and not kept (a folder per synthesis would pile up in /tmp).
  const outdir = mkdtempSync(join(tmpdir(), 'dafaa-infra-test-'));
  const app = new App({
    outdir,
    context: {
      ...cdkJsonContext(),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const { stateful, stateless } = buildApp(app);
  options.change?.({ stateful, stateless });
  try {
    const assembly = app.synth();
    return {
      stateful,
      stateless,
      statefulTemplate: Template.fromJSON(assembly.getStackArtifact(stateful.artifactId).template),
      statelessTemplate: Template.fromJSON(
        assembly.getStackArtifact(stateless.artifactId).template,
      ),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The logical id a construct's CloudFormation resource has in its stack. */
export function logicalIdOf(construct: IConstruct): string {
  const resource = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(resource as never);
}
