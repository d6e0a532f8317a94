import middy from '@middy/core';
import { z } from 'zod';
import { type CycleId, cycleIdSchema, type IsoDate } from '../shared/calendar/calendar-date.ts';
import { CycleOnHoldError } from '../shared/cycles/cycle-guards.ts';
import { beginCycleRun, planCycle } from '../shared/cycles/plan-cycle.ts';
import { type PlanDeps, parseEvent, planDepsFromEnvironment } from './aws-cycle-deps.ts';

/** The state machine's first state: `{ cycle }` in, the cycle planned once, its segments out. */

/**
 * `{ cycle }` from the tick; a rerun started by ops adds `fullPass` (every segment again) and who
 * asked and why, recorded on the run.
 */
const eventSchema = z.object({
  cycle: cycleIdSchema,
  fullPass: z.boolean().default(false),
  rerun: z.object({ reason: z.string().min(1), requestedBy: z.string().min(1) }).optional(),
});

export interface PlanCycleOutput {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  readonly paymentDate: IsoDate;
  /** 0 .. totalSegments - 1: what the state machine's Map iterates over. */
  readonly segments: number[];
  /** Passed to every segment: process it again even if it is done (a full rerun). */
  readonly restart: boolean;
}

export async function handlePlanCycle(deps: PlanDeps, event: unknown): Promise<PlanCycleOutput> {
  const { cycle, fullPass, rerun } = parseEvent(eventSchema, event, 'the plan-cycle input');
  const { cycle: planned } = await planCycle(deps, cycle);
  if (planned.hold) {
    throw new CycleOnHoldError(
      `cycle ${cycle} is on hold by ${planned.hold.by} (${planned.hold.reason})`,
    );
  }
  await beginCycleRun(deps, planned, fullPass, rerun ?? null);
  return {
    cycle: planned.cycle,
    paymentNumber: planned.paymentNumber,
    paymentDate: planned.paymentDate,
    segments: Array.from({ length: planned.totalSegments }, (_, segment) => segment),
    restart: fullPass,
  };
}

export function createPlanCycleHandler(deps: () => PlanDeps) {
  return middy<unknown, PlanCycleOutput>().handler((event) => handlePlanCycle(deps(), event));
}

let deps: PlanDeps | undefined;
/** Clients are made once per container, on the first invocation. */
const depsFromEnvironment = () => (deps ??= planDepsFromEnvironment(process.env));

export const handler = createPlanCycleHandler(depsFromEnvironment);
