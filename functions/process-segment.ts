import middy from '@middy/core';
import { z } from 'zod';
import { type CycleId, cycleIdSchema } from '../shared/calendar/calendar-date.ts';
import type { SegmentRecord } from '../shared/cycles/cycle-record.ts';
import { processSegment } from '../shared/cycles/process-segment.ts';
import { type CycleFunctionDeps, cycleDepsFromEnvironment, parseEvent } from './aws-cycle-deps.ts';
import { emitMetrics, telemetryFromEnvironment } from './emf.ts';
import { once } from './once.ts';

/**
 * One item of the state machine's Map: `{ cycle, segment }` in, the segment processed (resumed from
 * its checkpoint after a failure) and its tally out. A failure is thrown for the Map to retry.
 */

/** `restart` comes from the plan: true on a full rerun, so a segment already done is counted again. */
const eventSchema = z.object({
  cycle: cycleIdSchema,
  segment: z.int().min(0),
  restart: z.boolean().default(false),
});

export interface ProcessSegmentOutput {
  readonly cycle: CycleId;
  readonly segment: number;
  readonly status: SegmentRecord['status'];
  readonly householdsSeen: number;
  readonly paid: number;
  readonly amountHalalas: number;
}

export async function handleProcessSegment(
  deps: CycleFunctionDeps,
  event: unknown,
): Promise<ProcessSegmentOutput> {
  const input = parseEvent(eventSchema, event, 'the process-segment input');
  const { onProgress } = deps;
  const { cycle, segment, status, tally } = await processSegment(deps.cycle, {
    ...input,
    ...(onProgress ? { onProgress } : {}),
  });
  emitMetrics(
    deps.telemetry,
    { Cycle: cycle },
    {
      HouseholdsProcessed: { value: tally.householdsSeen, unit: 'Count' },
      PaymentsWritten: { value: tally.newlyWritten, unit: 'Count' },
      AmountPaidHalalas: { value: tally.amountHalalas, unit: 'None' },
    },
    { rollup: true },
  );
  const { householdsSeen, paid, amountHalalas } = tally;
  return { cycle, segment, status, householdsSeen, paid, amountHalalas };
}

export function createProcessSegmentHandler(deps: () => CycleFunctionDeps) {
  return middy<unknown, ProcessSegmentOutput>().handler((event) =>
    handleProcessSegment(deps(), event),
  );
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createProcessSegmentHandler(
    once(() => ({
      cycle: cycleDepsFromEnvironment(env),
      telemetry: telemetryFromEnvironment(env),
    })),
  );

export const handler = handlerFor(process.env);
