import type { Context } from 'aws-lambda';
import { inject } from 'vitest';
import { type LocalFlowDeps, localCycleFlow } from '../../cli/cycle-flow.ts';
import type { CycleFunctionDeps } from '../../functions/aws-cycle-deps.ts';
import { createFinalizeCycleHandler } from '../../functions/finalize-cycle.ts';
import { createGateCycleHandler } from '../../functions/gate-cycle.ts';
import { createPlanCycleHandler } from '../../functions/plan-cycle.ts';
import { createProcessSegmentHandler } from '../../functions/process-segment.ts';
import { createProjectSegmentHandler } from '../../functions/project-segment.ts';
import type { CycleId } from '../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../shared/config/ops-settings.ts';
import type { ApprovalDeps } from '../../shared/cycles/approvals.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import type { CycleRecord } from '../../shared/cycles/cycle-record.ts';
import type { GateCycleOutput, GateDeps } from '../../shared/cycles/gate-cycle.ts';
import type { PlanCycleOutput } from '../../shared/cycles/plan-cycle.ts';
import type { CycleFlowOutcome, CycleStartRequest } from '../../shared/cycles/ports.ts';
import type { SegmentProjection } from '../../shared/cycles/project-segment.ts';
import { InMemoryApprovals } from './fakes/in-memory-approvals.ts';
import { InMemoryAuditLog } from './fakes/in-memory-audit-log.ts';
import './provided-context.ts';

/**
 * The cycle's flow in tests: the synthesized state machine (synthesized once per test project, see
 * synthesize-once.ts) run over the given ports, retries without their pauses. And the cycle's
 * Lambda handlers, for tests of one state's function.
 */

const context = {} as Context;

/** The approval gate on in-memory fakes, its thresholds far above what a test register is paid. */
export function openApprovals(clock: CycleDeps['clock']): ApprovalDeps {
  return {
    approvals: new InMemoryApprovals(),
    audit: new InMemoryAuditLog(clock),
    settings: {
      ...defaultOpsSettings,
      approval: { totalAboveHalalas: Number.MAX_SAFE_INTEGER, changeFromLastMonthAbove: 1_000 },
    },
    clock,
  };
}

export interface ExecutedCycle {
  readonly executionName: string;
  readonly outcome: CycleFlowOutcome;
  readonly planned: PlanCycleOutput | undefined;
  readonly projections: SegmentProjection[];
  readonly gated: GateCycleOutput | undefined;
  /** The cycle record once the execution ended; null when it never got past the gate. */
  readonly finalized: CycleRecord | null;
}

let executions = 0;

/**
 * One execution of the synthesized state machine to its end: a month's run (or, with `fullPass` and
 * `rerun`, a rerun) as the tick or ops start it, under the given execution name.
 */
export async function executeCycle(
  cycle: CycleDeps,
  request: Omit<CycleStartRequest, 'executionName'> & { executionName?: string },
  options: {
    approvals?: ApprovalDeps;
    /** Where to read the cycle record afterwards, when the ports given fail on purpose. */
    recordsFrom?: Pick<CycleDeps, 'cycles'>;
  } & Omit<LocalFlowDeps, 'cycle' | 'approvals'> = {},
): Promise<ExecutedCycle> {
  let planned: PlanCycleOutput | undefined;
  let gated: GateCycleOutput | undefined;
  const projections: SegmentProjection[] = [];
  const flow = localCycleFlow({
    definition: inject('cycleDefinition'),
    retryIntervalMs: 0,
    ...options,
    cycle,
    approvals: options.approvals ?? openApprovals(cycle.clock),
    onPlanned: (plan) => {
      planned = plan;
      options.onPlanned?.(plan);
    },
    onProjected: (projection) => projections.push(projection),
    onGated: (gate) => {
      gated = gate;
    },
  });
  executions += 1;
  const executionName = request.executionName ?? `test-${request.cycle}-${executions}`;
  const outcome = await flow.run({ ...request, executionName });
  const record = await (options.recordsFrom ?? cycle).cycles.get(request.cycle);
  const finalized = gated?.proceed && record?.finalizedAt ? record : null;
  return { executionName, outcome, planned, projections, gated, finalized };
}

/** The cycle's Lambda handlers over the given ports, for tests of one state's function. */
export function cycleHandlers(cycle: CycleDeps, approvals: ApprovalDeps) {
  const deps: CycleFunctionDeps = { cycle };
  const gateDeps: CycleFunctionDeps<GateDeps> = { cycle: { ...cycle, approvals } };
  const handlers = {
    plan: createPlanCycleHandler(() => cycle),
    project: createProjectSegmentHandler(() => cycle),
    gate: createGateCycleHandler(() => gateDeps),
    segment: createProcessSegmentHandler(() => deps),
    finalize: createFinalizeCycleHandler(() => deps),
  };
  const execute = (input: Omit<CycleStartRequest, 'executionName'>, executionName: string) =>
    executeCycle(cycle, { ...input, executionName }, { approvals });
  return { ...handlers, execute, context };
}

/** Who asks for a test's full pass: a rerun, as a second pass over a month must be. */
const TEST_RERUN = { requestedBy: 'ops-test', reason: 'a second pass' };

/**
 * A month run to its end through the synthesized state machine, and the cycle record after it: a
 * month's run, or with `fullPass` a rerun of every segment.
 */
export async function runMonth(
  deps: CycleDeps,
  request: { readonly cycle: CycleId; readonly fullPass?: boolean },
  options: Parameters<typeof executeCycle>[2] = {},
): Promise<ExecutedCycle & { readonly cycle: CycleRecord }> {
  const executed = await executeCycle(
    deps,
    { ...request, ...(request.fullPass ? { rerun: TEST_RERUN } : {}) },
    options,
  );
  const cycle = await (options.recordsFrom ?? deps).cycles.get(request.cycle);
  if (!cycle)
    throw new Error(`cycle ${request.cycle} was not planned: ${JSON.stringify(executed.outcome)}`);
  return { ...executed, cycle };
}
