import middy from '@middy/core';
import {
  type PlanCycleOutput,
  type PlanDeps,
  planCycleRun,
  planCycleRunInputSchema,
} from '../shared/cycles/plan-cycle.ts';
import { parseEvent, planDepsFromEnvironment } from './aws-cycle-deps.ts';
import { once } from './once.ts';

/** The state machine's first state, Plan: `{ cycle }` and who asked in, the plan out. */

export function handlePlanCycle(deps: PlanDeps, event: unknown): Promise<PlanCycleOutput> {
  return planCycleRun(deps, parseEvent(planCycleRunInputSchema, event, 'the plan-cycle input'));
}

export function createPlanCycleHandler(deps: () => PlanDeps) {
  return middy<unknown, PlanCycleOutput>().handler((event) => handlePlanCycle(deps(), event));
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createPlanCycleHandler(once(() => planDepsFromEnvironment(env)));

export const handler = handlerFor(process.env);
