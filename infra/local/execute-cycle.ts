import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { CycleDefinition } from './cycle-definition.ts';

/**
 * One execution of the cycle's synthesized state machine, here: `aws-local-stepfunctions` (an ASL
 * interpreter) runs the definition as deployed — its maps, concurrency, retries, catches, choices
 * and payload paths — and each Task state calls the handler of the Lambda it names. What differs
 * from AWS is only what the interpreter does not model (docs/decisions.md: a failed map item fails
 * the map whatever `ToleratedFailurePercentage` says).
 */

/** A Lambda handler as a Task state calls it: the payload in, the result out. */
export type LocalHandler = (event: unknown) => Promise<unknown>;

export interface ExecutionRequest {
  /** The execution's name (`$$.Execution.Name`): the run's runner on the cycle record. */
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** Each retry's pause, instead of the definition's (tests and local runs need not wait 10 s). */
  readonly retryIntervalMs?: number;
}

/** How long a state took and how often it ran (map items and retries count once each). */
export interface StateTiming {
  readonly state: string;
  readonly runs: number;
  readonly milliseconds: number;
}

export type ExecutionOutcome =
  | { readonly status: 'SUCCEEDED'; readonly output: unknown; readonly states: StateTiming[] }
  | {
      readonly status: 'FAILED';
      readonly error: string;
      readonly cause: string;
      readonly states: StateTiming[];
    };

/**
 * Runs one execution to its end. Every handler invocation is awaited before this returns, also
 * those a timeout or a failed map left running (in AWS they run on too; here the caller reads what
 * they wrote).
 */
export async function executeCycle(
  cycle: CycleDefinition,
  handlers: Readonly<Record<string, LocalHandler>>,
  request: ExecutionRequest,
): Promise<ExecutionOutcome> {
  const inFlight = new Set<Promise<unknown>>();
  const timings = new Map<string, { runs: number; milliseconds: number }>();
  const taskResourceLocalHandlers = Object.fromEntries(
    Object.entries(cycle.tasks).map(([state, task]) => {
      const handler = handlers[task.entry];
      if (!handler) throw new Error(`no local handler for ${task.entry} (task state ${state})`);
      const call = async (input: unknown) => {
        const started = performance.now();
        const invocation =
          task.integration === 'invoke'
            ? handler((input as { Payload?: unknown }).Payload).then((Payload) => ({
                Payload,
                StatusCode: 200,
                ExecutedVersion: '$LATEST',
              }))
            : handler(input);
        inFlight.add(invocation);
        try {
          return (await invocation) as never;
        } finally {
          inFlight.delete(invocation);
          const timing = timings.get(state) ?? { runs: 0, milliseconds: 0 };
          timing.runs += 1;
          timing.milliseconds += performance.now() - started;
          timings.set(state, timing);
        }
      };
      return [state, call];
    }),
  );
  const machine = new StateMachine(cycle.definition as never, {
    validationOptions: { checkPaths: true, checkArn: true },
  });
  const retryIntervalOverrides =
    request.retryIntervalMs === undefined
      ? undefined
      : Object.fromEntries(
          Object.keys(cycle.tasks).map((state) => [state, request.retryIntervalMs ?? 0]),
        );
  const execution = machine.run(request.input as never, {
    overrides: {
      taskResourceLocalHandlers,
      ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}),
    },
    context: {
      Execution: {
        Id: `${cycle.stateMachineArn.replace(':stateMachine:', ':execution:')}:${request.name}`,
        Name: request.name,
        Input: request.input as never,
        StartTime: new Date().toISOString(),
      },
    },
  });
  const states = () =>
    [...timings].map(([state, { runs, milliseconds }]) => ({ state, runs, milliseconds }));
  let outcome: ExecutionOutcome;
  try {
    outcome = { status: 'SUCCEEDED', output: await execution.result, states: [] };
  } catch (error) {
    const failure = error instanceof ExecutionError ? error.cause : error;
    const { name, message } =
      failure instanceof Error ? failure : { name: 'Error', message: String(failure) };
    outcome = { status: 'FAILED', error: name, cause: message, states: [] };
  }
  // A timed-out attempt runs on beside its retry, and a failed map's items may still be starting
  // (the interpreter stops only those it began): the caller reads what they all wrote.
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  return { ...outcome, states: states() };
}
