import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  type DistributedMapProps,
  Fail,
  JitterType,
  JsonPath,
  LogLevel,
  StateMachine,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, type LambdaInvokeProps } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { DafaaFunction } from './dafaa-function.ts';
import {
  acknowledgeActionsOnAnyResource,
  arnPartsAsFound,
  attributeAsFound,
  defaultPolicyOf,
} from './nag-findings.ts';

/**
 * The cycle's flow, written once: the state machine that AWS runs, and that local runs and tests
 * execute from its synthesized definition. Each state is named after the step it runs.
 */

/**
 * The errors every task retries, all of which a retry can cure: Lambda's service errors and its
 * throttling, a task that timed out, and DynamoDB refusing for load or an outage once the SDK's own
 * retries are spent. Never `States.ALL`: an invalid input (InvalidEventError), a cycle on hold or
 * a record that does not parse fails the same way every time, and fails at once.
 */
export const TRANSIENT: readonly string[] = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.TooManyRequestsException',
  'States.Timeout',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
];

export interface CycleStateMachineProps {
  readonly plan: DafaaFunction;
  readonly project: DafaaFunction;
  readonly gate: DafaaFunction;
  readonly segment: DafaaFunction;
  readonly finalize: DafaaFunction;
  /** Segments projected or paid at once: bounds the write rate on the payments table. */
  readonly segmentConcurrency: number;
}

/**
 * Plan -> ProjectSegments (a map, read only) -> Gate -> Cleared? -> PaySegments (a map, bounded,
 * some failures tolerated) -> Finalize. Above the approval thresholds the gate ends the execution
 * in AwaitingApproval, before anything is written; a failure of the payment map still finalizes
 * (FinalizeAfterFailure) and then fails (CycleFailed).
 */
export class CycleStateMachine extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: CycleStateMachineProps) {
    super(scope, id);
    const { plan, project, gate, segment, finalize, segmentConcurrency } = props;

    // Every task: a timeout a minute past its function's (a lost response ends in States.Timeout,
    // not a wait until the machine's twelve hours), and retries only of errors a retry can cure.
    const task = (
      id: string,
      lambdaFunction: DafaaFunction,
      props: Pick<LambdaInvokeProps, 'payload' | 'payloadResponseOnly' | 'resultPath'>,
      retry: { readonly errors: readonly string[]; readonly interval: Duration },
    ) => {
      const step = new LambdaInvoke(this, id, {
        lambdaFunction,
        ...props,
        taskTimeout: Timeout.duration(
          (lambdaFunction.timeout ?? Duration.minutes(15)).plus(Duration.minutes(1)),
        ),
        retryOnServiceExceptions: false,
      });
      step.addRetry({
        errors: [...retry.errors],
        interval: retry.interval,
        backoffRate: 2,
        maxAttempts: 3,
        jitterStrategy: JitterType.FULL,
      });
      return step;
    };
    const every = { errors: TRANSIENT, interval: Duration.seconds(5) };

    const planStep = task('Plan', plan, { payloadResponseOnly: true }, every);
    // A map over the plan's segments: each item is the cycle and a segment number.
    const overSegments = (
      id: string,
      itemTask: LambdaInvoke,
      options: Pick<DistributedMapProps, 'resultPath' | 'toleratedFailurePercentage'>,
      item: Record<string, string> = {},
    ) =>
      new DistributedMap(this, id, {
        itemsPath: '$.segments',
        itemSelector: { 'cycle.$': '$.cycle', 'segment.$': '$$.Map.Item.Value', ...item },
        maxConcurrency: segmentConcurrency,
        ...options,
      }).itemProcessor(itemTask);
    // A total short of a segment could slip under the threshold: the projection tolerates no failure.
    const projections = overSegments(
      'ProjectSegments',
      task(
        'ProjectSegment',
        project,
        { payloadResponseOnly: true },
        {
          errors: TRANSIENT,
          interval: Duration.seconds(10),
        },
      ),
      { resultPath: '$.projections' },
    );
    // The gate records the run last and finds its own run when retried, so a retry is safe; the
    // audit log it appends to may be contended by other writers (AuditLogContendedError).
    const gateStep = task(
      'Gate',
      gate,
      {
        payload: TaskInput.fromObject({
          'cycle.$': '$.cycle',
          'restart.$': '$.restart',
          'segments.$': '$.segments',
          'request.$': '$.request',
          'rerun.$': '$.rerun',
          'projections.$': '$.projections',
          'execution.$': '$$.Execution.Name',
        }),
        payloadResponseOnly: true,
      },
      { errors: [...TRANSIENT, 'AuditLogContendedError'], interval: Duration.seconds(5) },
    );
    // A paying segment resumes from its checkpoint, and every payment is a conditional put: one
    // that ran out of time or memory goes on where it stopped (Step Functions reports a function's
    // timeout or crash as Lambda.Unknown; newer runtimes name a timeout Sandbox.Timedout), and a
    // transaction settling a household's arrears may meet another (TransactionConflictException).
    const payments = overSegments(
      'PaySegments',
      task(
        'PaySegment',
        segment,
        { payloadResponseOnly: true },
        {
          errors: [
            ...TRANSIENT,
            'Lambda.Unknown',
            'Sandbox.Timedout',
            'TransactionConflictException',
          ],
          interval: Duration.seconds(10),
        },
      ),
      { resultPath: JsonPath.DISCARD, toleratedFailurePercentage: 5 },
      { 'restart.$': '$.restart' },
    );
    const finalizeInput = TaskInput.fromObject({ 'cycle.$': '$.cycle' });
    const finalizeStep = task(
      'Finalize',
      finalize,
      { payload: finalizeInput, payloadResponseOnly: true },
      every,
    );
    const failed = new Fail(this, 'CycleFailed', {
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const recordFailure = task(
      'FinalizeAfterFailure',
      finalize,
      { payload: finalizeInput, resultPath: JsonPath.DISCARD },
      every,
    );
    // Its own failure is kept beside the map's, which CycleFailed reports: the cause stays visible.
    recordFailure.addCatch(failed, { resultPath: '$.finalizeError' });
    recordFailure.next(failed);
    // No payment is written before the payment map: a failure before it just fails; a failure of
    // the map still finalizes.
    for (const step of [planStep, projections, gateStep]) {
      step.addCatch(failed, { resultPath: '$.error' });
    }
    payments.addCatch(recordFailure, { resultPath: '$.error' });
    const awaitingApproval = new Succeed(this, 'AwaitingApproval', {
      comment:
        'Above the approval thresholds: nothing written; a second operator approves the request, then the run is started again',
    });
    const definition = planStep
      .next(projections)
      .next(gateStep)
      .next(
        new Choice(this, 'Cleared?')
          .when(Condition.booleanEquals('$.proceed', true), payments.next(finalizeStep))
          .otherwise(awaitingApproval),
      );
    this.stateMachine = new StateMachine(this, 'Resource', {
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(12),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_YEAR }),
        level: LogLevel.ALL,
        // States pass cycle and segment numbers only, but the log stays free of data by design.
        includeExecutionData: false,
      },
    });
    this.acknowledgeFindings([plan, project, gate, segment, finalize]);
  }

  /** cdk-nag's findings on what the state machine is allowed, each acknowledged where it is. */
  private acknowledgeFindings(functions: readonly DafaaFunction[]): void {
    const machine = this.stateMachine;
    const policy = defaultPolicyOf(machine.role);
    acknowledgeActionsOnAnyResource(
      policy,
      [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
      'Step Functions delivers the execution log to its log group through CloudWatch Logs\u2019 log delivery, whose actions take no resource.',
    );
    acknowledgeActionsOnAnyResource(
      policy,
      [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ],
      'active tracing writes to X-Ray, whose actions take no resource.',
    );
    for (const fn of functions) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${attributeAsFound(fn, 'Arn')}:*]`,
        reason:
          'lambda:InvokeFunction only, on the function and its versions (LambdaInvoke grants <function>:*).',
      });
    }
    // The distributed map starts, watches, stops and redrives the child executions of this state
    // machine: the findings name its execution ARNs, built from the machine's name.
    const { partition, region, account } = arnPartsAsFound(this);
    const name = `{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${Stack.of(this).getLogicalId(machine.node.defaultChild as never)}"}]}]}`;
    const executions = `arn:${partition}:states:${region}:${account}:execution:${name}`;
    for (const suffix of [':*', '/*:*']) {
      Validations.of(machine.node.findChild('DistributedMapPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${executions}${suffix}]`,
        reason:
          'states:DescribeExecution, StopExecution and RedriveExecution only, on the child executions the distributed map starts from this state machine.',
      });
    }
  }
}
