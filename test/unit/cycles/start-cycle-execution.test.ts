import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsTargetError, remoteApiOf } from '../../../cli/remote/remote-target.ts';
import { StepFunctionsCycleStarter } from '../../../shared/adapters/sfn/step-functions-cycle-starter.ts';
import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import { CycleRunningError } from '../../../shared/cycles/cycle-guards.ts';
import type { CycleRecord } from '../../../shared/cycles/cycle-record.ts';
import { startRerun, startRun } from '../../../shared/cycles/start-cycle-execution.ts';
import { runDafaa } from '../../support/cli.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';
import {
  InMemoryCycleRepository,
  InMemoryHouseholdRepository,
  InMemoryNotificationQueue,
  InMemoryPaymentRepository,
} from '../../support/fakes/in-memory-cycle-ports.ts';

/**
 * A month's run and rerun as ops start them in AWS: an execution of the cycle state machine under a
 * name that says what it is (Step Functions is mocked to assert the exact request). And where the CLI
 * finds the ops API of a deployment: the stack's outputs (CloudFormation mocked likewise).
 */

const sfn = mockClient(SFNClient);
const cloudFormation = mockClient(CloudFormationClient);
const STATE_MACHINE = 'arn:aws:states:me-central-1:123456789012:stateMachine:CycleStateMachine';
const now = new Date('2026-12-11T06:30:00Z');
const CYCLE = '2026-12' as CycleId;

const completedCycle: CycleRecord = {
  cycle: CYCLE,
  paymentNumber: 109,
  paymentDate: '2026-12-10' as CycleRecord['paymentDate'],
  paymentDateReason: '10 Dec 2026 is a working day: paid on the 10th',
  policyVersion: '2023-10',
  calendarVersion: '2026-11-21',
  status: 'completed',
  totalSegments: 4,
  householdEstimate: 0,
  plannedAt: '2026-12-09T21:05:00.000Z',
  runs: [
    {
      startedAt: '2026-12-09T21:05:00.000Z',
      finishedAt: '2026-12-09T21:40:00.000Z',
      fullPass: false,
    },
  ],
  totals: null,
  finalizedAt: '2026-12-09T21:40:00.000Z',
  incompleteSegments: [],
  hold: null,
};

function deps(stored?: CycleRecord) {
  const cycles = new InMemoryCycleRepository();
  if (stored) void cycles.createIfAbsent(stored, []);
  const households = new InMemoryHouseholdRepository();
  const audit = new InMemoryAuditLog({ now: () => now });
  return {
    cycles,
    clock: { now: () => now },
    executions: new StepFunctionsCycleStarter(new SFNClient({}), STATE_MACHINE),
    audit,
    requeue: {
      households,
      payments: new InMemoryPaymentRepository(households),
      notifications: new InMemoryNotificationQueue(),
      deliveries: { list: async function* () {}, reopen: async () => true },
      rules: {} as never,
      clock: { now: () => now },
    },
  };
}

const startedNames = () =>
  sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name);

describe('startRun and startRerun on Step Functions', () => {
  beforeEach(() => {
    sfn.reset();
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: now });
  });

  it('starts the month under its deterministic name, with who asked and why', async () => {
    const started = await startRun(deps(), {
      cycle: CYCLE,
      operator: { requestedBy: 'a1b2-sub', reason: 'monthly run' },
    });

    expect(started).toEqual({
      outcome: 'started',
      executionName: 'cycle-2026-12',
      restarted: false,
    });
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        stateMachineArn: STATE_MACHINE,
        name: 'cycle-2026-12',
        input: JSON.stringify({
          cycle: '2026-12',
          operator: { requestedBy: 'a1b2-sub', reason: 'monthly run' },
        }),
      },
    ]);
  });

  it('starts the month again under a new name when its execution ended without running it (it waited for approval)', async () => {
    sfn
      .on(StartExecutionCommand, { name: 'cycle-2026-12' })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });

    const started = await startRun(
      deps({ ...completedCycle, status: 'planned', runs: [], finalizedAt: null }),
      {
        cycle: CYCLE,
        operator: { requestedBy: 'a1b2-sub', reason: 'approved' },
      },
    );

    expect(started).toMatchObject({ outcome: 'started', restarted: true });
    expect(startedNames()).toEqual([
      'cycle-2026-12',
      expect.stringMatching(/^run-2026-12-20261211T063000Z-[0-9a-f]{6}$/),
    ]);
  });

  it("starts nothing while the month's execution runs, or once the month has run", async () => {
    sfn
      .on(StartExecutionCommand, { name: 'cycle-2026-12' })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    const operator = { requestedBy: 'a1b2-sub', reason: 'monthly run' };

    expect(await startRun(deps(), { cycle: CYCLE, operator })).toMatchObject({
      outcome: 'running',
    });
    expect(await startRun(deps(completedCycle), { cycle: CYCLE, operator })).toMatchObject({
      outcome: 'ran-already',
      status: 'completed',
    });
    expect(startedNames()).toEqual(['cycle-2026-12']);
  });

  it('starts a rerun as a new execution, a full pass with who and why, audited with the approval it resumes', async () => {
    const rerunDeps = deps(completedCycle);
    const started = await startRerun(rerunDeps, {
      cycle: CYCLE,
      reason: 'bank rejected a file',
      requestedBy: 'asker-sub',
      onlyFailed: false,
      actor: 'approver-sub',
      approval: { requestId: '2026-12-3f9a1c2b', approvedBy: 'approver-sub' },
    });

    expect(started).toMatchObject({ outcome: 'started', messagesRequeued: 0 });
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        stateMachineArn: STATE_MACHINE,
        name: expect.stringMatching(/^rerun-2026-12-20261211T063000Z-[0-9a-f]{6}$/),
        input: JSON.stringify({
          cycle: '2026-12',
          fullPass: true,
          rerun: { reason: 'bank rejected a file', requestedBy: 'asker-sub' },
        }),
      },
    ]);
    expect(rerunDeps.audit.entries).toMatchObject([
      {
        action: 'cycle.rerun',
        actor: 'approver-sub',
        details: {
          requestedBy: 'asker-sub',
          approvedBy: 'approver-sub',
          approvalRequestId: '2026-12-3f9a1c2b',
        },
      },
    ]);
  });

  it('refuses a rerun while the execution paying the month still runs, however long it has run', async () => {
    const paying: CycleRecord = {
      ...completedCycle,
      status: 'running',
      runs: [
        {
          startedAt: '2026-12-10T21:05:00.000Z',
          finishedAt: null,
          fullPass: false,
          runner: 'cycle-2026-12',
        },
      ],
      finalizedAt: null,
    };
    const rerun = {
      cycle: CYCLE,
      reason: 'segment 3 failed',
      requestedBy: 'a1b2-sub',
      onlyFailed: true,
    };

    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    await expect(startRerun(deps(paying), rerun)).rejects.toThrow(CycleRunningError);
    expect(startedNames()).toEqual([]);

    // Once Step Functions says it ended (it timed out, say), the rerun starts at once.
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT' });
    await expect(startRerun(deps(paying), rerun)).resolves.toMatchObject({ outcome: 'started' });
  });
});

describe('the ops API of a deployment', () => {
  beforeEach(() => cloudFormation.reset());

  it("is read from the stateless stack's outputs, with how its users sign in", async () => {
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Dafaa-prod-Stateless' }).resolves({
      Stacks: [
        {
          StackName: 'Dafaa-prod-Stateless',
          CreationTime: now,
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: [
            {
              OutputKey: 'ApiUrl',
              OutputValue: 'https://abc123.execute-api.me-central-1.amazonaws.com/',
            },
            { OutputKey: 'CliClientId', OutputValue: 'cli-client' },
            {
              OutputKey: 'CognitoDomain',
              OutputValue: 'dafaa-prod.auth.me-central-1.amazoncognito.com',
            },
          ],
        },
      ],
    });

    expect(
      await remoteApiOf({ stage: 'prod', region: 'me-central-1' }, new CloudFormationClient({})),
    ).toEqual({
      api: 'https://abc123.execute-api.me-central-1.amazonaws.com',
      auth: {
        auth: 'cognito',
        region: 'me-central-1',
        cognitoDomain: 'dafaa-prod.auth.me-central-1.amazoncognito.com',
        cliClientId: 'cli-client',
      },
    });
    expect(
      cloudFormation.commandCalls(DescribeStacksCommand).map((call) => call.args[0].input),
    ).toEqual([{ StackName: 'Dafaa-prod-Stateless' }]);
  });

  it('says to deploy first, or to give --api, when the stack is missing', async () => {
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Stack with id Dafaa-nope-Stateless does not exist'), {
        name: 'ValidationError',
      }),
    );
    await expect(
      remoteApiOf({ stage: 'nope', region: 'me-central-1' }, new CloudFormationClient({})),
    ).rejects.toThrow(AwsTargetError);
  });

  it('refuses --by: who acts is who signed in', async () => {
    const result = await runDafaa([
      'approvals',
      'approve',
      'X',
      '--by',
      'ops-noura',
      '--reason',
      'ok',
      '--api',
      'http://127.0.0.1:9',
    ]);
    expect(result).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(/--by is not taken against a deployment/),
    });
  });
});
