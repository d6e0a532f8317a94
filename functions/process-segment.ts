import middy from '@middy/core';
import type { CycleId } from '../shared/calendar/calendar-date.ts';
import type { SegmentRecord } from '../shared/cycles/cycle-record.ts';
import { type PayDeps, paySegment, paySegmentInputSchema } from '../shared/cycles/pay-segment.ts';
import {
  type CycleFunctionDeps,
  parseEvent,
  segmentDepsFromEnvironment,
} from './aws-cycle-deps.ts';
import { countMetric, logger, observed } from './observability.ts';
import { once } from './once.ts';

/**
 * One item of the payment map, PaySegments: `{ cycle, segment, restart }` in, the segment paid
 * (resumed from its checkpoint after a failure) and its tally out and counted. A failure is thrown
 * for the map to retry. The entry keeps its name (`process-segment`): the stack builds it by it.
 */

export interface ProcessSegmentOutput {
  readonly cycle: CycleId;
  readonly segment: number;
  readonly status: SegmentRecord['status'];
  readonly householdsSeen: number;
  readonly paid: number;
  readonly amountHalalas: number;
}

export async function handleProcessSegment(
  deps: CycleFunctionDeps<PayDeps>,
  event: unknown,
): Promise<ProcessSegmentOutput> {
  const input = parseEvent(paySegmentInputSchema, event, 'the process-segment input');
  const { onProgress } = deps;
  const { cycle, segment, status, tally } = await paySegment(deps.cycle, { ...input, onProgress });
  countMetric('HouseholdsProcessed', tally.householdsSeen);
  countMetric('PaymentsWritten', tally.newlyWritten);
  countMetric('AmountPaidHalalas', tally.amountHalalas);
  const { householdsSeen, paid, amountHalalas } = tally;
  // Keys on the line, not appended: a local run pays the map's segments at once in one process.
  logger.info(`segment ${status}`, { cycle, segment, status, householdsSeen, paid, amountHalalas });
  return { cycle, segment, status, householdsSeen, paid, amountHalalas };
}

export function createProcessSegmentHandler(deps: () => CycleFunctionDeps<PayDeps>) {
  return observed(
    middy<unknown, ProcessSegmentOutput>().handler((event) => handleProcessSegment(deps(), event)),
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createProcessSegmentHandler(once(() => ({ cycle: segmentDepsFromEnvironment(env) })));

export const handler = handlerFor(process.env);
