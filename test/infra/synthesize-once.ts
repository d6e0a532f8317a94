import type { TestProject } from 'vitest/node';
import '../support/provided-context.ts';
import { synthesizeCycleDefinition } from '../../infra/local/deployed-cycle.ts';

/**
 * Synthesizes the CDK app once for a test project and hands every test file the cycle's state
 * machine definition: the tests run the flow as deployed, without each file paying for a synthesis.
 */
export default function setup(project: TestProject) {
  project.provide('cycleDefinition', synthesizeCycleDefinition());
}
