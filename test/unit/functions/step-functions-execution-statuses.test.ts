import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  InvalidArn,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsExecutionStatuses } from '../../../functions/tick.ts';

const STATE_MACHINE_ARN = 'arn:aws:states:me-central-1:123456789012:stateMachine:dafaa-cycle';
const sfn = mockClient(SFNClient);
const statuses = () => new StepFunctionsExecutionStatuses(new SFNClient({}), STATE_MACHINE_ARN);

describe('StepFunctionsExecutionStatuses', () => {
  beforeEach(() => sfn.reset());

  it('asks for the named execution of the cycle state machine and says how it stands', async () => {
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: 'arn:aws:states:me-central-1:123456789012:execution:dafaa-cycle:cycle-2026-12',
      stateMachineArn: STATE_MACHINE_ARN,
      status: 'TIMED_OUT',
      startDate: new Date('2026-12-09T21:05:00Z'),
    });

    const status = await statuses().statusOf('cycle-2026-12');

    expect(status).toBe('TIMED_OUT');
    const calls = sfn.commandCalls(DescribeExecutionCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([
      {
        executionArn:
          'arn:aws:states:me-central-1:123456789012:execution:dafaa-cycle:cycle-2026-12',
      },
    ]);
  });

  it('says null when no execution of that name exists', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .rejects(new ExecutionDoesNotExist({ message: 'Execution Does Not Exist', $metadata: {} }));

    expect(await statuses().statusOf('cycle-2026-12-retry-20261211')).toBeNull();
  });

  it('lets any other failure through', async () => {
    sfn.on(DescribeExecutionCommand).rejects(new InvalidArn({ message: 'bad', $metadata: {} }));

    await expect(statuses().statusOf('cycle-2026-12')).rejects.toThrow(InvalidArn);
  });
});
