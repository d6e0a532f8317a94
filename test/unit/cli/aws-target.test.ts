import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDafaa } from '../../support/cli.ts';

/**
 * `--target aws`: the same commands against a deployment, its names read from the stack's outputs.
 * The AWS clients are mocked to assert the exact requests sent.
 */

const cloudFormation = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
const dynamodb = mockClient(DynamoDBDocumentClient);
const STATE_MACHINE = 'arn:aws:states:me-central-1:123456789012:stateMachine:CycleStateMachine';
const now = new Date('2026-12-11T06:30:00Z');

const outputs = {
  StateMachineArn: STATE_MACHINE,
  NotifyQueueUrl: 'https://sqs.me-central-1.amazonaws.com/123456789012/notify',
  HouseholdsTableName: 'households-t',
  PaymentsTableName: 'payments-t',
  CyclesTableName: 'cycles-t',
  DeliveriesTableName: 'deliveries-t',
  SuppressionsTableName: 'suppressions-t',
  AuditTableName: 'audit-t',
  ObjectionsTableName: 'objections-t',
};

const completedCycle = {
  pk: 'CYCLE#2026-12',
  sk: 'CYCLE',
  cycle: '2026-12',
  paymentNumber: 109,
  paymentDate: '2026-12-10',
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

const aws = ['--target', 'aws', '--stage', 'prod', '--region', 'me-central-1'];

describe('dafaa --target aws', () => {
  beforeEach(() => {
    cloudFormation.reset();
    sfn.reset();
    dynamodb.reset();
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Stack with id Dafaa-nope-Stateless does not exist'), {
        name: 'ValidationError',
      }),
    );
    cloudFormation.on(DescribeStacksCommand, { StackName: 'Dafaa-prod-Stateless' }).resolves({
      Stacks: [
        {
          StackName: 'Dafaa-prod-Stateless',
          CreationTime: now,
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
        },
      ],
    });
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${STATE_MACHINE}:x`, startDate: now });
    dynamodb.onAnyCommand().resolves({});
  });

  it('starts the month on the state machine under its deterministic name', async () => {
    const result = await runDafaa(['cycle', 'run', '2026-12', ...aws, '--by', 'ops-amal'], now);

    expect(result).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/^Started cycle-2026-12 on the cycle state machine/),
    });
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        stateMachineArn: STATE_MACHINE,
        name: 'cycle-2026-12',
        input: JSON.stringify({
          cycle: '2026-12',
          operator: { requestedBy: 'ops-amal', reason: 'monthly run' },
        }),
      },
    ]);
    // The state machine gates the run: nothing is projected from the operator's machine.
    expect(dynamodb.commandCalls(ScanCommand)).toEqual([]);
  });

  it("starts the month again under a new name when the month's execution ended without running it (it waited for approval)", async () => {
    sfn
      .on(StartExecutionCommand, { name: 'cycle-2026-12' })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    dynamodb
      .on(GetCommand, { TableName: 'cycles-t', Key: { pk: 'CYCLE#2026-12', sk: 'CYCLE' } })
      .resolves({ Item: { ...completedCycle, status: 'planned', runs: [], finalizedAt: null } });

    const result = await runDafaa(
      ['cycle', 'run', '2026-12', ...aws, '--by', 'ops-amal', '--reason', 'approved'],
      now,
    );

    expect(result).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/started run-2026-12-20261211T063000Z-[0-9a-f]{6}/),
    });
    expect(sfn.commandCalls(DescribeExecutionCommand).map((call) => call.args[0].input)).toEqual([
      { executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:cycle-2026-12` },
    ]);
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.name)).toEqual([
      'cycle-2026-12',
      expect.stringMatching(/^run-2026-12-20261211T063000Z-[0-9a-f]{6}$/),
    ]);
  });

  it("starts nothing while the month's execution runs, or once the month has run", async () => {
    sfn
      .on(StartExecutionCommand, { name: 'cycle-2026-12' })
      .rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });

    expect(await runDafaa(['cycle', 'run', '2026-12', ...aws], now)).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/^cycle-2026-12 is running/),
    });
    dynamodb
      .on(GetCommand, { TableName: 'cycles-t', Key: { pk: 'CYCLE#2026-12', sk: 'CYCLE' } })
      .resolves({ Item: completedCycle });
    expect(await runDafaa(['cycle', 'run', '2026-12', ...aws], now)).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/has run already \(completed\).*cycle rerun 2026-12/),
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it('starts a rerun as a new, recorded execution: a full pass with who and why, audited', async () => {
    dynamodb
      .on(GetCommand, { TableName: 'cycles-t', Key: { pk: 'CYCLE#2026-12', sk: 'CYCLE' } })
      .resolves({ Item: completedCycle });

    const result = await runDafaa(
      ['cycle', 'rerun', '2026-12', '--reason', 'bank rejected a file', '--by', 'ops-amal', ...aws],
      now,
    );

    expect(result.exitCode).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input)).toEqual([
      {
        stateMachineArn: STATE_MACHINE,
        name: expect.stringMatching(/^rerun-2026-12-20261211T063000Z-[0-9a-f]{6}$/),
        input: JSON.stringify({
          cycle: '2026-12',
          fullPass: true,
          rerun: { reason: 'bank rejected a file', requestedBy: 'ops-amal' },
        }),
      },
    ]);
    const audit = dynamodb
      .commandCalls(PutCommand)
      .find((call) => call.args[0].input.TableName === 'audit-t');
    expect(audit?.args[0].input.Item).toMatchObject({
      action: 'cycle.rerun',
      actor: 'ops-amal',
      subject: 'cycle:2026-12',
    });
  });

  it('refuses a rerun while the execution paying the month still runs, however long it has run', async () => {
    const paying = {
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
    dynamodb
      .on(GetCommand, { TableName: 'cycles-t', Key: { pk: 'CYCLE#2026-12', sk: 'CYCLE' } })
      .resolves({ Item: paying });
    const rerun = [
      'cycle',
      'rerun',
      '2026-12',
      '--reason',
      'segment 3 failed',
      '--by',
      'ops-amal',
      ...aws,
    ];

    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
    expect(await runDafaa(rerun, now)).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(/cycle 2026-12 is running since 2026-12-10T21:05:00.000Z/),
    });
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);

    // Once Step Functions says it ended (it timed out, say), the rerun starts at once.
    sfn.on(DescribeExecutionCommand).resolves({ status: 'TIMED_OUT' });
    expect((await runDafaa(rerun, now)).exitCode).toBe(0);
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
  });

  it("approves the scheduler's waiting request in the deployed table, conditionally, and says how to run it there", async () => {
    const request = {
      requestId: '2026-12-3f9a1c2b',
      cycle: '2026-12',
      kind: 'run',
      requestedBy: 'scheduler',
      reason: 'monthly run',
      why: 'the total 3,100,000,000.00 SAR is above 3,000,000,000.00 SAR',
      projectedTotalHalalas: 310_000_000_000,
      lastMonthTotalHalalas: null,
      status: 'pending',
      decidedBy: null,
      decisionReason: null,
      createdAt: '2026-12-09T21:06:00.000Z',
      decidedAt: null,
    };
    dynamodb
      .on(GetCommand, { TableName: 'cycles-t', Key: { pk: 'APPROVAL', sk: request.requestId } })
      .resolves({ Item: { pk: 'APPROVAL', sk: request.requestId, ...request } });

    const result = await runDafaa(
      [
        'approvals',
        'approve',
        request.requestId,
        '--by',
        'ops-noura',
        '--reason',
        'budget confirmed',
        ...aws,
      ],
      now,
    );

    expect(result).toMatchObject({
      exitCode: 0,
      out: 'Approved 2026-12-3f9a1c2b: run it with "dafaa cycle run 2026-12 --target aws --stage prod --region me-central-1".',
    });
    const decision = dynamodb
      .commandCalls(PutCommand)
      .find((call) => call.args[0].input.TableName === 'cycles-t');
    expect(decision?.args[0].input).toMatchObject({
      Item: { sk: request.requestId, status: 'approved', decidedBy: 'ops-noura' },
      ConditionExpression: '#status = :expected',
      ExpressionAttributeValues: { ':expected': 'pending' },
    });
  });

  it('says which commands run locally only, and what to do when the stage is not deployed', async () => {
    expect(await runDafaa(['seed', ...aws], now)).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(/runs locally only/),
    });
    expect(
      await runDafaa(['cycle', 'status', '2026-12', '--target', 'aws', '--stage', 'nope'], now),
    ).toMatchObject({
      exitCode: 3,
      err: expect.stringMatching(
        /Dafaa-nope-Stateless in me-central-1 has no output StateMachineArn.*deploy it first/,
      ),
    });
    expect((await runDafaa(['cycle', 'status', '2026-12', '--target', 'azure'], now)).err).toBe(
      'dafaa: --target takes local or aws, not "azure"',
    );
  });
});
