import {
  ExecutionAlreadyExists,
  ExecutionLimitExceeded,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsCycleStarter } from '../../../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { c } from '../../support/calendar.ts';

const STATE_MACHINE_ARN = 'arn:aws:states:me-central-1:123456789012:stateMachine:dafaa-cycle';
const sfn = mockClient(SFNClient);
const starter = () => new StepFunctionsCycleStarter(new SFNClient({}), STATE_MACHINE_ARN);

describe('StepFunctionsCycleStarter', () => {
  beforeEach(() => sfn.reset());

  it('starts the execution under its name, with the cycle as input', async () => {
    sfn.on(StartExecutionCommand).resolves({
      executionArn: `${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:cycle-2026-12`,
      startDate: new Date('2026-12-09T21:00:05Z'),
    });

    const result = await starter().start({ cycle: c('2026-12'), executionName: 'cycle-2026-12' });

    expect(result).toEqual({ started: true });
    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      stateMachineArn: STATE_MACHINE_ARN,
      name: 'cycle-2026-12',
      input: '{"cycle":"2026-12"}',
    });
  });

  it('reports not started when an execution of that name exists', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }));

    const result = await starter().start({ cycle: c('2026-12'), executionName: 'cycle-2026-12' });

    expect(result).toEqual({ started: false });
  });

  it('lets any other failure through', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionLimitExceeded({ message: 'too many executions', $metadata: {} }));

    await expect(
      starter().start({ cycle: c('2026-12'), executionName: 'cycle-2026-12' }),
    ).rejects.toThrow(ExecutionLimitExceeded);
  });
});
