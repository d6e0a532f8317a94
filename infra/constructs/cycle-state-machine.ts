import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  type DistributedMapProps,
  Fail,
  JsonPath,
  LogLevel,
  StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { DafaaFunction } from './dafaa-function.ts';

/**
 * The cycle's flow, written once: the state machine that AWS runs, and that local runs and tests
 * execute from its synthesized definition. Each state is named after the step it runs.
 */

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

    const planStep = new LambdaInvoke(this, 'Plan', {
      lambdaFunction: plan,
      payloadResponseOnly: true,
    });
    // A map over the plan's segments: each item is the cycle and a segment number. Projecting only
    // reads, and a paying segment resumes from its checkpoint, so retrying any error is safe.
    const overSegments = (
      id: string,
      itemId: string,
      lambdaFunction: DafaaFunction,
      options: Pick<DistributedMapProps, 'resultPath' | 'toleratedFailurePercentage'>,
      item: Record<string, string> = {},
    ) => {
      const step = new LambdaInvoke(this, itemId, { lambdaFunction, payloadResponseOnly: true });
      step.addRetry({
        errors: ['States.ALL'],
        interval: Duration.seconds(10),
        backoffRate: 2,
        maxAttempts: 3,
      });
      return new DistributedMap(this, id, {
        itemsPath: '$.segments',
        itemSelector: { 'cycle.$': '$.cycle', 'segment.$': '$$.Map.Item.Value', ...item },
        maxConcurrency: segmentConcurrency,
        ...options,
      }).itemProcessor(step);
    };
    // A total short of a segment could slip under the threshold: the projection tolerates no failure.
    const projections = overSegments('ProjectSegments', 'ProjectSegment', project, {
      resultPath: '$.projections',
    });
    const gateStep = new LambdaInvoke(this, 'Gate', {
      lambdaFunction: gate,
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
    });
    const payments = overSegments(
      'PaySegments',
      'PaySegment',
      segment,
      { resultPath: JsonPath.DISCARD, toleratedFailurePercentage: 5 },
      { 'restart.$': '$.restart' },
    );
    const finalizeInput = TaskInput.fromObject({ 'cycle.$': '$.cycle' });
    const finalizeStep = new LambdaInvoke(this, 'Finalize', {
      lambdaFunction: finalize,
      payload: finalizeInput,
      payloadResponseOnly: true,
    });
    const failed = new Fail(this, 'CycleFailed', {
      errorPath: '$.error.Error',
      causePath: '$.error.Cause',
    });
    const recordFailure = new LambdaInvoke(this, 'FinalizeAfterFailure', {
      lambdaFunction: finalize,
      payload: finalizeInput,
      resultPath: JsonPath.DISCARD,
    }).next(failed);
    // No payment is written before the payment map: a failure before it just fails (the gate, which
    // records the run last, is retried on any error: a retry of the same execution finds its own
    // run and goes on); a failure of the map still finalizes.
    for (const step of [planStep, projections, gateStep]) {
      step.addCatch(failed, { resultPath: '$.error' });
    }
    payments.addCatch(recordFailure, { resultPath: '$.error' });
    gateStep.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 3,
    });
    for (const step of [planStep, finalizeStep]) {
      step.addRetry({
        errors: ['Lambda.TooManyRequestsException', 'Lambda.ServiceException'],
        interval: Duration.seconds(5),
        backoffRate: 2,
        maxAttempts: 4,
      });
    }
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

  /** cdk-nag's findings on what the state machine is allowed, each acknowledged with its reason. */
  private acknowledgeFindings(functions: readonly DafaaFunction[]): void {
    const machine = this.stateMachine;
    const stack = Stack.of(this);
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing and log delivery (logs:CreateLogDelivery and kin) take no resource but "*".',
    });
    for (const fn of functions) {
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as never)}.Arn>:*]`,
        reason:
          'Step Functions invokes the function and its versions (LambdaInvoke grants <function>:*).',
      });
    }
    // The distributed map starts and watches the child executions of this state machine: the
    // findings name its execution ARNs, built from the region and the machine's logical id.
    const executions = `arn:<AWS::Partition>:states:${stack.region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stack.getLogicalId(machine.node.defaultChild as never)}"}]}]}`;
    for (const suffix of [':*', '/*:*']) {
      Validations.of(machine.node.findChild('DistributedMapPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${executions}${suffix}]`,
        reason:
          'The distributed map starts and watches the child executions of this state machine.',
      });
    }
  }
}
