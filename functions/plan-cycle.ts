import middy from '@middy/core';
import {
  type PlanCycleOutput,
  type PlanDeps,
  planCycleRun,
  planCycleRunInputSchema,
} from '../shared/cycles/plan-cycle.ts';
import { parseEvent, planDepsFromEnvironment } from './aws-cycle-deps.ts';
import { logger, observed } from './observability.ts';
import { once } from './once.ts';

/** The state machine's first state, Plan: `{ cycle }` and who asked in, the plan out. */

export async function handlePlanCycle(deps: PlanDeps, event: unknown): Promise<PlanCycleOutput> {
  const input = parseEvent(planCycleRunInputSchema, event, 'the plan-cycle input');
  logger.appendKeys({ cycle: input.cycle });
  const planned = await planCycleRun(deps, input);
  logger.info('cycle planned', { segments: planned.segments.length });
  return planned;
}

export function createPlanCycleHandler(deps: () => PlanDeps) {
  return observed(
    middy<unknown, PlanCycleOutput>().handler((event) => handlePlanCycle(deps(), event)),
    { emitsMetrics: false },
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createPlanCycleHandler(once(() => planDepsFromEnvironment(env)));

export const handler = handlerFor(process.env);
