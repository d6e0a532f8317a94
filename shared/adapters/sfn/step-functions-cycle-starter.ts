import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { CycleExecutions, CycleStartRequest } from '../../cycles/ports.ts';

/**
 * Starts the cycle's state machine execution, named so that a cycle runs once: Step Functions keeps
 * an execution's name for 90 days after it closes and refuses it (`ExecutionAlreadyExists`) for
 * another run, which is reported as not started. Note that a call with the same name and the same
 * input while that execution is still open succeeds without starting anything (the API is
 * idempotent), so it reports `started: true` for the one execution that runs.
 */
export class StepFunctionsCycleStarter implements CycleExecutions {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  async start(input: CycleStartRequest) {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: input.executionName,
          // The tick sends `{ cycle }`; an operator's run adds who and why; a rerun adds fullPass too.
          input: JSON.stringify({
            cycle: input.cycle,
            ...(input.fullPass === undefined ? {} : { fullPass: input.fullPass }),
            ...(input.operator === undefined ? {} : { operator: input.operator }),
            ...(input.rerun === undefined ? {} : { rerun: input.rerun }),
          }),
        }),
      );
      return { started: true };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return { started: false };
      throw error;
    }
  }

  /** Whether the execution of that name on this state machine is still running (false if none). */
  async isRunning(executionName: string): Promise<boolean> {
    try {
      const { status } = await this.client.send(
        new DescribeExecutionCommand({
          executionArn: `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`,
        }),
      );
      return status === 'RUNNING';
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return false;
      throw error;
    }
  }
}
