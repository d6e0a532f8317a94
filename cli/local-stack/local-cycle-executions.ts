import type { ApprovalDeps } from '../../shared/cycles/approvals.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import type {
  CycleExecutions,
  CycleFlowOutcome,
  CycleStartRequest,
} from '../../shared/cycles/ports.ts';
import { localCycleFlow } from '../cycle-flow.ts';
import { isRunnerAlive } from './process-alive.ts';

/**
 * The cycle's executions in this process, as Step Functions keeps them in AWS: a start under a name
 * that exists starts nothing; a started execution runs the synthesized state machine in the
 * background (the local API answers at once, as StartExecution does) and is running until it ends.
 * So the ops API starts runs the same way here and there.
 */
export interface LocalCycleExecutions extends CycleExecutions {
  /** Every execution started so far has ended. */
  settled(): Promise<void>;
}

export function localCycleExecutions(
  deps: { readonly cycle: CycleDeps; readonly approvals: ApprovalDeps },
  onEnded: (request: CycleStartRequest, outcome: CycleFlowOutcome | Error) => void = () => {},
): LocalCycleExecutions {
  const executions = new Map<string, Promise<CycleFlowOutcome>>();
  const running = new Set<string>();
  const flow = localCycleFlow({
    ...deps,
    // An execution of this process is alive while it runs; a CLI's, while its process does.
    isRunnerAlive: (runner) => running.has(runner) || isRunnerAlive(runner),
  });
  return {
    async start(request) {
      if (executions.has(request.executionName)) return { started: false };
      running.add(request.executionName);
      const outcome = flow.run(request).finally(() => running.delete(request.executionName));
      executions.set(request.executionName, outcome);
      outcome.then(
        (ended) => onEnded(request, ended),
        (error: unknown) =>
          onEnded(request, error instanceof Error ? error : new Error(String(error))),
      );
      return { started: true };
    },
    async isRunning(executionName) {
      return running.has(executionName);
    },
    async settled() {
      await Promise.allSettled([...executions.values()]);
    },
  };
}
