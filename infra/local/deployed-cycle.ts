import {
  type DeployedApp,
  deployedAppFromTemplates,
  TEST_ACCOUNT,
  TEST_REGION,
} from '../contract/deployed-policies.ts';
import { type CycleDefinition, cycleDefinition } from './cycle-definition.ts';
import { synthesizeApp } from './synthesize-app.ts';
import type { SynthesizedApp } from './synthesized-app.ts';

/**
 * The synthesized app as deployed in a test account, and the cycle's state machine read from it:
 * what local runs execute and the rehearsal checks. (The CLI loads this file at run time only.)
 */

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
