import type { App } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack.ts';

/**
 * The dafaa stacks on a CDK app. Context is read here and nowhere else: `stage` (default `dev`)
 * and `region` (default `me-central-1`, the nearest region that serves the Kingdom today).
 */
export function buildApp(app: App): { stateful: StatefulStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const region = String(app.node.tryGetContext('region') ?? 'me-central-1');
  const stateful = new StatefulStack(app, `Dafaa-${stage}-Stateful`, {
    env: { region },
    description: `dafaa ${stage}: data that outlives deployments`,
  });
  return { stateful };
}
