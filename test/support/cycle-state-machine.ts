import type { Context } from 'aws-lambda';
import type { CycleFunctionDeps, GateDeps } from '../../functions/aws-cycle-deps.ts';
import { createFinalizeCycleHandler } from '../../functions/finalize-cycle.ts';
import { createGateCycleHandler } from '../../functions/gate-cycle.ts';
import { createPlanCycleHandler } from '../../functions/plan-cycle.ts';
import { createProcessSegmentHandler } from '../../functions/process-segment.ts';
import { createProjectSegmentHandler } from '../../functions/project-segment.ts';
import type { ApprovalDeps } from '../../shared/cycles/approvals.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';

/**
 * The cycle's Lambda handlers over the given ports, and one execution of the state machine run
 * state by state as infra/stateless-stack.ts chains them: plan, the projection map, the gate, and
 * (when it clears) the payment map and finalize. Maps run their items one after another.
 */

const context = {} as Context;
export const TEST_TELEMETRY = { namespace: 'Dafaa', service: 'dafaa' };

export function cycleHandlers(cycle: CycleDeps, approvals: ApprovalDeps) {
  const deps: CycleFunctionDeps = { cycle, telemetry: TEST_TELEMETRY };
  const gateDeps: CycleFunctionDeps<GateDeps> = {
    cycle: { ...cycle, approvals },
    telemetry: TEST_TELEMETRY,
  };
  const handlers = {
    plan: createPlanCycleHandler(() => cycle),
    project: createProjectSegmentHandler(() => cycle),
    gate: createGateCycleHandler(() => gateDeps),
    segment: createProcessSegmentHandler(() => deps),
    finalize: createFinalizeCycleHandler(() => deps),
  };

  async function execute(input: Record<string, unknown>, execution: string) {
    const planned = await handlers.plan(input, context);
    const projections = [];
    for (const segment of planned.segments) {
      projections.push(await handlers.project({ cycle: planned.cycle, segment }, context));
    }
    const gated = await handlers.gate({ ...planned, projections, execution }, context);
    if (!gated.proceed) return { planned, projections, gated, finalized: null };
    for (const segment of gated.segments) {
      await handlers.segment({ cycle: gated.cycle, segment, restart: gated.restart }, context);
    }
    const finalized = await handlers.finalize({ cycle: gated.cycle }, context);
    return { planned, projections, gated, finalized };
  }

  return { ...handlers, execute };
}
