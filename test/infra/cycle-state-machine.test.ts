import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The cycle's flow as synthesized: the states in order, the maps' bounds, and how each failure is
 * handled: a timeout on every task, retries only of what a retry can cure, the payment map's own
 * error reported even when finalizing after it fails, and alarms on every way an execution ends
 * badly.
 */

type State = Record<string, unknown> & {
  Type: string;
  Next?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  ItemProcessor?: { States: Record<string, State> };
};

let stacks: SynthesizedStacks;
let stateless: Template;
let definition: { StartAt: string; States: Record<string, State>; TimeoutSeconds?: number };
beforeAll(() => {
  stacks = synthesize();
  stateless = stacks.statelessTemplate;
  const [machine] = Object.values(stateless.findResources('AWS::StepFunctions::StateMachine'));
  const body = machine?.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] };
  definition = JSON.parse(
    body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join(''),
  );
});

/** Every state by name, those inside the maps' item processors included. */
function allStates(states: Record<string, State> = definition.States): [string, State][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
}
const tasks = () => allStates().filter(([, state]) => state.Type === 'Task');
const state = (name: string) => Object.fromEntries(allStates())[name];
const retried = (name: string) => (state(name)?.Retry ?? []).flatMap((retry) => retry.ErrorEquals);

/** Errors that a retry can cure, and why each can. */
const CURABLE = [
  // Lambda's service errors and throttling, and a task whose response never came.
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
  'States.Timeout',
  // DynamoDB refusing for load or an outage, after the SDK's own retries.
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
];

describe('the cycle state machine', () => {
  it('plans, projects every segment and passes the approval gate before any segment pays', () => {
    const next = (name: string) => state(name)?.Next;

    expect([definition.StartAt, next('Plan'), next('ProjectSegments'), next('Gate')]).toEqual([
      'Plan',
      'ProjectSegments',
      'Gate',
      'Cleared?',
    ]);
    expect(state('ProjectSegments')).toMatchObject({ Type: 'Map', ResultPath: '$.projections' });
    // A projection short of a segment could slip under the threshold: no failure tolerated.
    expect(state('ProjectSegments')).not.toHaveProperty('ToleratedFailurePercentage');
    expect(state('Gate')).toMatchObject({
      Parameters: expect.objectContaining({ 'execution.$': '$$.Execution.Name' }),
    });
    expect(state('Cleared?')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.proceed', BooleanEquals: true, Next: 'PaySegments' }],
      Default: 'AwaitingApproval',
    });
    expect(state('AwaitingApproval')).toMatchObject({ Type: 'Succeed' });
    expect(next('PaySegments')).toBe('Finalize');
  });

  it('maps over the segments with bounded concurrency, tolerating a few failures when paying', () => {
    for (const map of ['ProjectSegments', 'PaySegments']) {
      expect(state(map)).toMatchObject({
        Type: 'Map',
        ItemsPath: '$.segments',
        MaxConcurrency: 40,
        ItemProcessor: expect.objectContaining({
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        }),
      });
    }
    expect(state('PaySegments')).toMatchObject({
      ToleratedFailurePercentage: 5,
      ItemSelector: expect.objectContaining({ 'restart.$': '$.restart' }),
    });
    expect(state('ProjectSegment')?.Type).toBe('Task');
    expect(state('PaySegment')?.Type).toBe('Task');
  });

  it('gives every task a timeout, and the execution its twelve hours', () => {
    expect(tasks().map(([name]) => name)).toEqual(
      expect.arrayContaining(['Plan', 'ProjectSegment', 'Gate', 'PaySegment', 'Finalize']),
    );
    for (const [name, task] of tasks()) {
      expect({ name, timeout: task.TimeoutSeconds }).toEqual({ name, timeout: expect.any(Number) });
      // Past the function's own timeout (at most 15 minutes), well inside the execution's.
      expect(task.TimeoutSeconds).toBeGreaterThan(60);
      expect(task.TimeoutSeconds).toBeLessThanOrEqual(16 * 60);
    }
    expect(definition.TimeoutSeconds).toBe(12 * 60 * 60);
  });

  it('retries every task on the errors a retry can cure, and on nothing else', () => {
    const domain: Record<string, string[]> = {
      // The audit log the gate appends to was contended: the entry may be appended again.
      Gate: ['AuditLogContendedError'],
      // A paying segment resumes from its checkpoint after a timeout or a crash, and a transaction
      // on a household's arrears may meet another.
      PaySegment: ['Lambda.Unknown', 'Sandbox.Timedout', 'TransactionConflictException'],
    };
    for (const [name] of tasks()) {
      expect({ name, retried: [...retried(name)].sort() }).toEqual({
        name,
        retried: [...CURABLE, ...(domain[name] ?? [])].sort(),
      });
    }
  });

  it('never retries everything, nor an invalid input', () => {
    for (const [name] of tasks()) {
      for (const never of ['States.ALL', 'States.TaskFailed', 'InvalidEventError', 'CycleError']) {
        expect({ name, retried: retried(name) }).not.toEqual({
          name,
          retried: expect.arrayContaining([never]),
        });
      }
    }
  });

  it("fails without finalizing before any payment, and reports the payment map's error after finalizing", () => {
    for (const name of ['Plan', 'ProjectSegments', 'Gate']) {
      expect(state(name)?.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'CycleFailed' },
      ]);
    }
    expect(state('PaySegments')?.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'FinalizeAfterFailure' },
    ]);
    // Finalizing after a failed map may fail too: it still ends in CycleFailed, and its own error
    // is kept beside the map's instead of replacing it.
    const [catcher] = state('FinalizeAfterFailure')?.Catch ?? [];
    expect(catcher).toMatchObject({ ErrorEquals: ['States.ALL'], Next: 'CycleFailed' });
    expect(catcher?.ResultPath).not.toBe('$.error');
    expect(catcher?.ResultPath?.startsWith('$.error.')).toBe(false);
    expect(state('FinalizeAfterFailure')).toMatchObject({ ResultPath: null, Next: 'CycleFailed' });
    expect(state('CycleFailed')).toMatchObject({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });

  it('is logged and traced, without execution data in the log', () => {
    stateless.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: true },
    });
  });

  it.each(['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])(
    'raises an alarm on %s',
    (metricName) => {
      const machine = logicalIdOf(stacks.stateless.stateMachine);
      const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')).filter(
        (alarm) =>
          alarm.Properties.Namespace === 'AWS/States' &&
          alarm.Properties.MetricName === metricName &&
          JSON.stringify(alarm.Properties.Dimensions).includes(`"${machine}"`),
      );

      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.Properties).toMatchObject({
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
      });
    },
  );
});
