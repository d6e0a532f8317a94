import middy from '@middy/core';
import { z } from 'zod';
import { type CycleId, cycleIdSchema } from '../shared/calendar/calendar-date.ts';
import { beginUnderApproval } from '../shared/cycles/approvals.ts';
import { assertCycleCanRun, CycleRunningError } from '../shared/cycles/cycle-guards.ts';
import { CycleNotFoundError } from '../shared/cycles/errors.ts';
import { getCycle } from '../shared/cycles/get-cycle.ts';
import { beginCycleRun } from '../shared/cycles/plan-cycle.ts';
import {
  clearCycleRun,
  projectedTotal,
  segmentProjectionSchema,
} from '../shared/cycles/project-cycle.ts';
import { runOperatorSchema, runRequestSchema } from '../shared/cycles/run-request.ts';
import {
  type CycleFunctionDeps,
  type GateDeps,
  gateDepsFromEnvironment,
  parseEvent,
} from './aws-cycle-deps.ts';
import { emitMetrics, telemetryFromEnvironment } from './emf.ts';
import { once } from './once.ts';

/**
 * The approval gate, after the projection map: the projected total held against the thresholds.
 * Below them (or with an approval granted for this total) the run is recorded, under the
 * execution's name, and its segments go on to the payment map; above them a request is made for a
 * second operator and the execution ends without writing a payment. An operator who approves it
 * then starts the run again (`dafaa cycle run --target aws`), and this gate lets that one through.
 */

const eventSchema = z.object({
  cycle: cycleIdSchema,
  restart: z.boolean(),
  segments: z.array(z.int().min(0)),
  request: runRequestSchema,
  rerun: runOperatorSchema.nullable(),
  projections: z.array(segmentProjectionSchema),
  /** The execution's name: recorded as the run's runner. */
  execution: z.string().min(1),
});

export type GateCycleOutput = {
  readonly cycle: CycleId;
  readonly projectedTotalHalalas: number;
} & (
  | {
      readonly proceed: true;
      /** What the payment map iterates over, and whether it redoes done segments. */
      readonly segments: number[];
      readonly restart: boolean;
    }
  | {
      readonly proceed: false;
      readonly approval: { readonly requestId: string; readonly why: string };
    }
);

export async function handleGateCycle(
  deps: CycleFunctionDeps<GateDeps>,
  event: unknown,
): Promise<GateCycleOutput> {
  const input = parseEvent(eventSchema, event, 'the gate-cycle input');
  const { cycle } = input;
  const planned = await getCycle(deps.cycle, cycle);
  if (!planned) throw new CycleNotFoundError(`cycle ${cycle} has not been planned`);
  const cleared = {
    cycle,
    proceed: true as const,
    segments: input.segments,
    restart: input.restart,
  };
  // A retry of this gate after it recorded the run: the decision was made, the run is this one.
  const last = planned.runs.at(-1);
  if (last?.runner === input.execution && last.finishedAt === null) {
    return { ...cleared, projectedTotalHalalas: projectedTotal(input.projections) };
  }
  // A hold may have come since the plan; a run may be under way, or (for a month's run) done.
  assertCycleCanRun(planned, deps.cycle.clock.now(), deps.cycle.isRunnerAlive);
  // A month's run goes on from where an earlier one stopped (a failed or crashed execution, which
  // the next tick starts again); once the month is completed, only a rerun passes over it again.
  if (input.request.kind === 'run' && planned.status === 'completed') {
    throw new CycleRunningError(
      `cycle ${cycle} is completed: to pass over it again, rerun it (dafaa cycle rerun ${cycle} --reason "...")`,
    );
  }
  const clearance = await clearCycleRun(deps.cycle, {
    ...input.request,
    projections: input.projections,
  });
  const { projectedTotalHalalas } = clearance;
  emitMetrics(
    deps.telemetry,
    {},
    { CyclesAwaitingApproval: { value: clearance.proceed ? 0 : 1, unit: 'Count' } },
  );
  if (!clearance.proceed) {
    const { requestId, why } = clearance.request;
    console.log(
      JSON.stringify({
        level: 'WARN',
        service: deps.telemetry.service,
        message: `cycle ${cycle} waits for approval ${requestId} (${why}): another operator approves it with "dafaa approvals approve ${requestId} --target aws", then runs it again`,
        cycle,
        requestId,
        projectedTotalHalalas,
      }),
    );
    return { cycle, projectedTotalHalalas, proceed: false, approval: { requestId, why } };
  }
  // Recorded only onto the record as read above: a hold or another run since then refuses it.
  await beginUnderApproval(deps.cycle.approvals, clearance.approval, () =>
    beginCycleRun(deps.cycle, planned, input.restart, input.rerun, input.execution),
  );
  return { ...cleared, projectedTotalHalalas };
}

export function createGateCycleHandler(deps: () => CycleFunctionDeps<GateDeps>) {
  return middy<unknown, GateCycleOutput>().handler((event) => handleGateCycle(deps(), event));
}

/**
 * The composition root: the function's dependencies read from `env` (the variables the stack sets),
 * made on the first invocation and kept for the container's life. The rehearsal composes it on the
 * synthesized environment.
 */
export const handlerFor = (env: NodeJS.ProcessEnv) =>
  createGateCycleHandler(
    once(() => ({ cycle: gateDepsFromEnvironment(env), telemetry: telemetryFromEnvironment(env) })),
  );

export const handler = handlerFor(process.env);
