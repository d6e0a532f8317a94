import middy from '@middy/core';
import { z } from 'zod';
import { type CycleId, cycleIdSchema, type IsoDate } from '../shared/calendar/calendar-date.ts';
import { beginCycleRun, planCycle } from '../shared/cycles/plan-cycle.ts';
import { type PlanDeps, parseEvent, planDepsFromEnvironment } from './aws-cycle-deps.ts';

/** The state machine's first state: `{ cycle }` in, the cycle planned once, its segments out. */

const eventSchema = z.object({ cycle: cycleIdSchema });

export interface PlanCycleOutput {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  readonly paymentDate: IsoDate;
  /** 0 .. totalSegments - 1: what the state machine's Map iterates over. */
  readonly segments: number[];
}

export async function handlePlanCycle(deps: PlanDeps, event: unknown): Promise<PlanCycleOutput> {
  const { cycle } = parseEvent(eventSchema, event, 'the plan-cycle input');
  const { cycle: planned } = await planCycle(deps, cycle);
  await beginCycleRun(deps, planned, false);
  return {
    cycle: planned.cycle,
    paymentNumber: planned.paymentNumber,
    paymentDate: planned.paymentDate,
    segments: Array.from({ length: planned.totalSegments }, (_, segment) => segment),
  };
}

export function createPlanCycleHandler(deps: () => PlanDeps) {
  return middy<unknown, PlanCycleOutput>().handler((event) => handlePlanCycle(deps(), event));
}

let deps: PlanDeps | undefined;
/** Clients are made once per container, on the first invocation. */
const depsFromEnvironment = () => (deps ??= planDepsFromEnvironment(process.env));

export const handler = createPlanCycleHandler(depsFromEnvironment);
