import middy from '@middy/core';
import type { CycleId } from '../shared/calendar/calendar-date.ts';
import type { CycleRecord } from '../shared/cycles/cycle-record.ts';
import {
  type FinalizeDeps,
  finalizeCycle,
  finalizeCycleInputSchema,
} from '../shared/cycles/finalize-cycle.ts';
import {
  type CycleFunctionDeps,
  finalizeDepsFromEnvironment,
  parseEvent,
} from './aws-cycle-deps.ts';
import { countMetric, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The state machine's last state, Finalize: `{ cycle }` in (the plan's output passed through), the
 * cycle's totals and status out, completed or incomplete naming its segments, and counted.
 */

export interface FinalizeCycleOutput {
  readonly cycle: CycleId;
  readonly status: CycleRecord['status'];
  readonly incompleteSegments: number[];
  readonly totals: CycleRecord['totals'];
}

export async function handleFinalizeCycle(
  deps: CycleFunctionDeps<FinalizeDeps>,
  event: unknown,
): Promise<FinalizeCycleOutput> {
  const input = parseEvent(finalizeCycleInputSchema, event, 'the finalize-cycle input');
  logger.appendKeys({ cycle: input.cycle });
  const finalized = await finalizeCycle(deps.cycle, input);
  const completed = finalized.status === 'completed';
  countMetric('CycleCompleted', completed ? 1 : 0);
  const { status, incompleteSegments, totals } = finalized;
  (completed ? logger.info : logger.warn).call(logger, `cycle ${status}`, {
    status,
    incompleteSegments,
    totals,
  });
  return { cycle: finalized.cycle, status, incompleteSegments, totals };
}

export function createFinalizeCycleHandler(deps: () => CycleFunctionDeps<FinalizeDeps>) {
  return observed(
    middy<unknown, FinalizeCycleOutput>().handler((event) => handleFinalizeCycle(deps(), event)),
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createFinalizeCycleHandler(once(() => ({ cycle: finalizeDepsFromEnvironment(env) })));

export const handler = handlerFor(process.env);
