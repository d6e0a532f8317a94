import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../cli/local-stack/local-sms.ts';
import type { ExecutionOutcome } from '../../infra/local/execute-cycle.ts';

/**
 * The Step Functions API on loopback, for the rehearsal: the two calls our code sends
 * (StartExecution, DescribeExecution), over the SDK's own JSON protocol. A started execution runs
 * through the given runner (the synthesized definition, executed here); names are unique per state
 * machine, as in AWS, so a second start under a used name is refused with ExecutionAlreadyExists.
 */

export interface LocalStepFunctions {
  readonly endpoint: string;
  /** Every execution started, by name, with how it ended once it has. */
  readonly executions: ReadonlyMap<string, LocalExecution>;
  stop(): Promise<void>;
}

export interface LocalExecution {
  readonly arn: string;
  readonly input: Record<string, unknown>;
  readonly startDate: Date;
  /** Settles when the execution ends; never rejects (a failed execution is an outcome). */
  readonly done: Promise<ExecutionOutcome>;
  outcome?: ExecutionOutcome;
}

export type ExecutionRunner = (
  name: string,
  input: Record<string, unknown>,
) => Promise<ExecutionOutcome>;

export async function startLocalStepFunctions(
  stateMachineArn: string,
  run: ExecutionRunner,
): Promise<LocalStepFunctions> {
  const executions = new Map<string, LocalExecution>();
  const executionArn = (name: string) =>
    `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

  const actions: Record<string, (body: Record<string, unknown>) => [number, unknown]> = {
    StartExecution(body) {
      if (body.stateMachineArn !== stateMachineArn) {
        return [400, { __type: 'StateMachineDoesNotExist', message: `no ${body.stateMachineArn}` }];
      }
      const name = String(body.name);
      if (executions.has(name)) {
        return [
          400,
          {
            __type: 'ExecutionAlreadyExists',
            message: `Execution Already Exists: '${executionArn(name)}'`,
          },
        ];
      }
      const input = JSON.parse(String(body.input ?? '{}')) as Record<string, unknown>;
      const execution: LocalExecution = {
        arn: executionArn(name),
        input,
        startDate: new Date(),
        done: run(name, input)
          .catch(
            (error: unknown): ExecutionOutcome => ({
              status: 'FAILED',
              error: error instanceof Error ? error.name : 'Error',
              cause: error instanceof Error ? error.message : String(error),
              states: [],
            }),
          )
          .then((outcome) => {
            execution.outcome = outcome;
            return outcome;
          }),
      };
      executions.set(name, execution);
      return [
        200,
        { executionArn: execution.arn, startDate: execution.startDate.getTime() / 1000 },
      ];
    },
    DescribeExecution(body) {
      const name = String(body.executionArn).split(':').at(-1) ?? '';
      const execution = executions.get(name);
      if (!execution) {
        return [400, { __type: 'ExecutionDoesNotExist', message: `no ${body.executionArn}` }];
      }
      return [
        200,
        {
          executionArn: execution.arn,
          stateMachineArn,
          name,
          status: execution.outcome?.status ?? 'RUNNING',
          startDate: execution.startDate.getTime() / 1000,
          input: JSON.stringify(execution.input),
        },
      ];
    },
  };

  const server: Server = createServer(async (request, response) => {
    const target = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const action = actions[target];
    let answer: [number, unknown];
    try {
      answer = action
        ? action(JSON.parse(await readBody(request)) as Record<string, unknown>)
        : [400, { __type: 'UnknownOperationException', message: `${target} is not served here` }];
    } catch (error) {
      answer = [500, { __type: 'InternalFailure', message: String(error) }];
    }
    response.writeHead(answer[0], { 'content-type': 'application/x-amz-json-1.0' });
    response.end(JSON.stringify(answer[1]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    executions,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
