import middy from '@middy/core';
import {
  type GateCycleOutput,
  type GateDeps,
  gateCycle,
  gateCycleInputSchema,
} from '../shared/cycles/gate-cycle.ts';
import { type CycleFunctionDeps, gateDepsFromEnvironment, parseEvent } from './aws-cycle-deps.ts';
import { countMetric, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * The approval gate, Gate: the plan and every projection in, go on to the payment map or wait for
 * a second operator out. A wait is counted (CyclesAwaitingApproval) and logged with what to do.
 */

export async function handleGateCycle(
  deps: CycleFunctionDeps<GateDeps>,
  event: unknown,
): Promise<GateCycleOutput> {
  const input = parseEvent(gateCycleInputSchema, event, 'the gate-cycle input');
  logger.appendKeys({ cycle: input.cycle, execution: input.execution });
  const gated = await gateCycle(deps.cycle, input);
  countMetric('CyclesAwaitingApproval', gated.proceed ? 0 : 1);
  if (gated.proceed) {
    logger.info('cycle proceeds to payment', { segments: input.segments.length });
  } else {
    const { cycle, projectedTotalHalalas, approval } = gated;
    const { requestId, why } = approval;
    const approve = `dafaa approvals approve ${requestId} --target aws`;
    const message = `cycle ${cycle} waits for approval ${requestId} (${why}): another operator approves it with "${approve}", then runs it again`;
    logger.warn(message, { requestId, projectedTotalHalalas });
  }
  return gated;
}

export function createGateCycleHandler(deps: () => CycleFunctionDeps<GateDeps>) {
  return observed(
    middy<unknown, GateCycleOutput>().handler((event) => handleGateCycle(deps(), event)),
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createGateCycleHandler(once(() => ({ cycle: gateDepsFromEnvironment(env) })));

export const handler = handlerFor(process.env);
