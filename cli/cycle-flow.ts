import type { Context } from 'aws-lambda';
import { createFinalizeCycleHandler } from '../functions/finalize-cycle.ts';
import { createGateCycleHandler } from '../functions/gate-cycle.ts';
import { createPlanCycleHandler } from '../functions/plan-cycle.ts';
import { createProcessSegmentHandler } from '../functions/process-segment.ts';
import { createProjectSegmentHandler } from '../functions/project-segment.ts';
import type { CycleDefinition } from '../infra/local/cycle-definition.ts';
import {
  type ExecutionOutcome,
  executeCycle,
  type LocalHandler,
  type StateTiming,
} from '../infra/local/execute-cycle.ts';
import type { ApprovalDeps } from '../shared/cycles/approvals.ts';
import type { CycleDeps } from '../shared/cycles/cycle-deps.ts';
import type { GateCycleOutput } from '../shared/cycles/gate-cycle.ts';
import type { SegmentProgress } from '../shared/cycles/pay-segment.ts';
import type { PlanCycleOutput } from '../shared/cycles/plan-cycle.ts';
import type { CycleFlow, CycleFlowOutcome, CycleStartRequest } from '../shared/cycles/ports.ts';
import type { SegmentProjection } from '../shared/cycles/project-segment.ts';

/**
 * The cycle's flow on the local stack: the state machine the CDK app synthesizes, executed by an ASL
 * interpreter, each Task state calling our Lambda handler (the same middy handler AWS runs) wired to
 * the local tables. Nothing here decides what comes after what: the definition does.
 */

export interface LocalFlowDeps {
  readonly cycle: CycleDeps;
  readonly approvals: ApprovalDeps;
  /** Whether a run's runner is alive (a local process); the gate asks before it records a run. */
  readonly isRunnerAlive?: (runner: string) => boolean | undefined;
  /** The definition to run; by default the app is synthesized here, once per process. */
  readonly definition?: CycleDefinition;
  /** Each retry's pause instead of the definition's (a test need not wait ten seconds). */
  readonly retryIntervalMs?: number;
  readonly onPlanned?: (plan: PlanCycleOutput) => void;
  readonly onProjected?: (projection: SegmentProjection) => void;
  readonly onGated?: (gate: GateCycleOutput) => void;
  readonly onProgress?: (progress: SegmentProgress) => void;
  /** After each execution: how long each state took, and how often it ran. */
  readonly onStates?: (states: readonly StateTiming[]) => void;
}

const context = {} as Context;

const SYNTHESIZE_APP: string = '../infra/local/deployed-cycle.ts';
let synthesized: Promise<CycleDefinition> | undefined;
/** The app synthesized in this process (a few seconds, once): aws-cdk-lib loads only when a cycle runs. */
export function synthesizedCycleDefinition(): Promise<CycleDefinition> {
  synthesized ??= (async () => {
    // A computed specifier: the CDK app is typechecked by infra/tsconfig.json, under its own options.
    const { synthesizeCycleDefinition } = (await import(SYNTHESIZE_APP)) as {
      synthesizeCycleDefinition: () => CycleDefinition;
    };
    return synthesizeCycleDefinition();
  })().catch((error: unknown) => {
    synthesized = undefined; // a fixed app synthesizes on the next try
    throw error;
  });
  return synthesized;
}

/** Our handlers by functions/ entry, over the local dependencies. */
function localCycleHandlers(deps: LocalFlowDeps): Record<string, LocalHandler> {
  const { cycle, approvals, onProgress, isRunnerAlive } = deps;
  const functionDeps = { cycle, ...(onProgress ? { onProgress } : {}) };
  const gateDeps = { cycle: { ...cycle, approvals, ...(isRunnerAlive ? { isRunnerAlive } : {}) } };
  const plan = createPlanCycleHandler(() => cycle);
  const gate = createGateCycleHandler(() => gateDeps);
  const project = createProjectSegmentHandler(() => cycle);
  const segment = createProcessSegmentHandler(() => functionDeps);
  const finalize = createFinalizeCycleHandler(() => functionDeps);
  return {
    'plan-cycle': async (event) => {
      const planned = await plan(event, context);
      deps.onPlanned?.(planned);
      return planned;
    },
    'project-segment': async (event) => {
      const projection = await project(event, context);
      deps.onProjected?.(projection);
      return projection;
    },
    'gate-cycle': async (event) => {
      const gated = await gate(event, context);
      deps.onGated?.(gated);
      return gated;
    },
    'process-segment': (event) => segment(event, context),
    'finalize-cycle': (event) => finalize(event, context),
  };
}

/** The state machine's input for a request, as the tick and the ops CLI start it in AWS. */
function executionInput(request: CycleStartRequest): Record<string, unknown> {
  return {
    cycle: request.cycle,
    ...(request.fullPass === undefined ? {} : { fullPass: request.fullPass }),
    ...(request.operator ? { operator: request.operator } : {}),
    ...(request.rerun ? { rerun: request.rerun } : {}),
  };
}

export function localCycleFlow(deps: LocalFlowDeps): CycleFlow {
  const handlers = localCycleHandlers(deps);
  return {
    async run(request) {
      const definition = deps.definition ?? (await synthesizedCycleDefinition());
      const outcome = await executeCycle(definition, handlers, {
        name: request.executionName,
        input: executionInput(request),
        ...(deps.retryIntervalMs === undefined ? {} : { retryIntervalMs: deps.retryIntervalMs }),
      });
      deps.onStates?.(outcome.states);
      return flowOutcome(outcome);
    },
  };
}

/** How the execution ended, read from its output: the gate's when it waits, finalize's when it paid. */
function flowOutcome(outcome: ExecutionOutcome): CycleFlowOutcome {
  if (outcome.status === 'FAILED') {
    return { ended: 'failed', error: outcome.error, cause: outcome.cause };
  }
  const output = outcome.output as Partial<GateCycleOutput> & { status?: string };
  if (output.proceed === false && 'approval' in output && output.approval) {
    return {
      ended: 'awaiting-approval',
      requestId: output.approval.requestId,
      why: output.approval.why,
      projectedTotalHalalas: output.projectedTotalHalalas ?? 0,
    };
  }
  if (output.status === 'completed' || output.status === 'incomplete') {
    return { ended: 'finalized', status: output.status };
  }
  return {
    ended: 'failed',
    error: 'UnexpectedOutput',
    cause: `the execution ended with ${JSON.stringify(outcome.output)}`,
  };
}
