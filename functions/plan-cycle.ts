import middy from '@middy/core';
import { z } from 'zod';
import { type CycleId, cycleIdSchema, type IsoDate } from '../shared/calendar/calendar-date.ts';
import { assertNotOnHold } from '../shared/cycles/cycle-guards.ts';
import { planCycle } from '../shared/cycles/plan-cycle.ts';
import {
  type RunOperator,
  type RunRequest,
  runOperatorSchema,
  SCHEDULER,
} from '../shared/cycles/run-request.ts';
import { type PlanDeps, parseEvent, planDepsFromEnvironment } from './aws-cycle-deps.ts';
import { once } from './once.ts';

/**
 * The state machine's first state: `{ cycle }` in, the cycle planned once, its segments and the run
 * request out (for the projection, the approval gate and the segments after it).
 */

/**
 * `{ cycle }` from the tick; an operator's run adds who asked and why; a rerun adds `fullPass`
 * (every segment again) and who asked and why, recorded on the run.
 */
const eventSchema = z.object({
  cycle: cycleIdSchema,
  fullPass: z.boolean().default(false),
  operator: runOperatorSchema.optional(),
  rerun: runOperatorSchema.optional(),
});

export interface PlanCycleOutput {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  readonly paymentDate: IsoDate;
  /** How many households the register holds, about: what a progress bar counts to. */
  readonly householdEstimate: number;
  /** 0 .. totalSegments - 1: what the state machine's maps iterate over. */
  readonly segments: number[];
  /** Passed to every segment: process it again even if it is done (a full rerun). */
  readonly restart: boolean;
  /** What the approval gate judges: which run, who asked and why. */
  readonly request: RunRequest;
  /** A rerun's reason and operator, recorded on the run once the gate lets it through. */
  readonly rerun: RunOperator | null;
}

export async function handlePlanCycle(deps: PlanDeps, event: unknown): Promise<PlanCycleOutput> {
  const { cycle, fullPass, operator, rerun } = parseEvent(
    eventSchema,
    event,
    'the plan-cycle input',
  );
  const { cycle: planned } = await planCycle(deps, cycle);
  assertNotOnHold(planned);
  const asker = rerun ?? operator ?? { requestedBy: SCHEDULER, reason: 'monthly run' };
  return {
    cycle: planned.cycle,
    paymentNumber: planned.paymentNumber,
    paymentDate: planned.paymentDate,
    householdEstimate: planned.householdEstimate,
    segments: Array.from({ length: planned.totalSegments }, (_, segment) => segment),
    restart: fullPass,
    request: { cycle, kind: rerun ? 'rerun' : 'run', ...asker },
    rerun: rerun ?? null,
  };
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
