import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { CycleId } from '../../calendar/calendar-date.ts';
import type { CycleStarter } from '../../ports/cycle-starter.ts';

/**
 * Starts the cycle's state machine execution, named so that a cycle runs once: Step Functions keeps
 * an execution's name for 90 days after it closes and refuses it (`ExecutionAlreadyExists`) for
 * another run, which is reported as not started. Note that a call with the same name and the same
 * input while that execution is still open succeeds without starting anything (the API is
 * idempotent), so it reports `started: true` for the one execution that runs.
 */
export class StepFunctionsCycleStarter implements CycleStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(input: { readonly cycle: CycleId; readonly executionName: string }) {
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: input.executionName,
          input: JSON.stringify({ cycle: input.cycle }),
        }),
      );
      return { started: true };
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return { started: false };
      throw error;
    }
  }
}
