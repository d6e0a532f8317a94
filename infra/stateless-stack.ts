import { CfnOutput, Duration, Stack, type StackProps, TimeZone, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke as InvokeFromSchedule } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
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
import type { Construct } from 'constructs';
import { DafaaFunction } from './constructs/dafaa-function.ts';
import type { StatefulStack } from './stateful-stack.ts';

/**
 * What can be replaced at will: the functions, the cycle's state machine, the daily schedule, the
 * message plumbing, the alarms and the dashboard. It holds no data; everything it reads and writes
 * comes from the stateful stack, through typed props.
 */

export interface NotifierIdentity {
  /** The alphanumeric SMS sender id (registered with the operators where the country requires it). */
  readonly smsSenderId: string;
  /** A verified SES identity (domain) and the address on it that sends. */
  readonly emailDomain: string;
  readonly emailFrom: string;
  readonly emailConfigurationSet: string;
}

export interface StatelessStackProps extends StackProps {
  readonly stateful: Pick<
    StatefulStack,
    | 'tables'
    | 'dataKey'
    | 'notifyQueue'
    | 'notifyDeadLetterQueue'
    | 'scheduleDeadLetterQueue'
    | 'objectionEventsDeadLetterQueue'
  >;
  readonly notifier: NotifierIdentity;
  /** Segments processed at once: bounds the write rate on the payments table. */
  readonly segmentConcurrency: number;
  /** Notifier batches handled at once: with the per-batch rate limit, keeps within the SMS quota. */
  readonly notifierConcurrency: number;
  /**
   * The approval gate's thresholds, as the gate's environment reads them (halalas; a share such as
   * 0.05); absent, the gate uses the program's defaults (shared/config/ops-settings.ts).
   */
  readonly approval?: { readonly totalAboveHalalas?: string; readonly changeAbove?: string };
}

export class StatelessStack extends Stack {
  readonly stateMachine: StateMachine;
  readonly functions: Readonly<
    Record<
      'tick' | 'plan' | 'project' | 'gate' | 'segment' | 'finalize' | 'notify' | 'objectionEvents',
      DafaaFunction
    >
  >;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { tables, notifyQueue } = props.stateful;

    const plan = new DafaaFunction(this, 'PlanCycle', {
      entry: 'plan-cycle',
      description: 'Plans a month: payment date, policy, segments',
      timeout: Duration.minutes(1),
    })
      .bindTable(tables.households, 'HOUSEHOLDS_TABLE', ['DescribeTable'])
      .bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'PutItem', 'BatchWriteItem', 'Query']);
    const project = new DafaaFunction(this, 'ProjectSegment', {
      entry: 'project-segment',
      description: 'Projects what one segment of the register would be paid, writing nothing',
      timeout: Duration.minutes(15),
      memorySize: 1024,
    })
      .bindTable(tables.households, 'HOUSEHOLDS_TABLE', ['Scan'])
      .bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem']);
    const gate = new DafaaFunction(this, 'GateCycle', {
      entry: 'gate-cycle',
      description: 'The approval gate: the projected total against the thresholds; records the run',
      timeout: Duration.minutes(1),
      environment: {
        ...(props.approval?.totalAboveHalalas === undefined
          ? {}
          : { DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS: props.approval.totalAboveHalalas }),
        ...(props.approval?.changeAbove === undefined
          ? {}
          : { DAFAA_APPROVAL_CHANGE_ABOVE: props.approval.changeAbove }),
      },
    })
      .bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'PutItem', 'Query'])
      .bindTable(tables.audit, 'AUDIT_TABLE', ['PutItem', 'Query']);
    const segment = new DafaaFunction(this, 'ProcessSegment', {
      entry: 'process-segment',
      description: 'Pays one segment of the register: one record per household, messages queued',
      timeout: Duration.minutes(15),
      memorySize: 1024,
    })
      .bindTable(tables.households, 'HOUSEHOLDS_TABLE', ['Scan', 'GetItem', 'UpdateItem'])
      .bindTable(tables.payments, 'PAYMENTS_TABLE', ['PutItem', 'GetItem'])
      .bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'PutItem'])
      .bindQueueForSending(notifyQueue, 'NOTIFY_QUEUE_URL');
    const finalize = new DafaaFunction(this, 'FinalizeCycle', {
      entry: 'finalize-cycle',
      description: "Totals a cycle's segments and sets its status",
      timeout: Duration.minutes(2),
    }).bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'Query', 'PutItem']);

    this.stateMachine = this.cycleStateMachine(
      { plan, project, gate, segment, finalize },
      props.segmentConcurrency,
    );

    const tick = new DafaaFunction(this, 'Tick', {
      entry: 'tick',
      description: 'Daily: starts the cycle due today, or a missed one, once',
      timeout: Duration.minutes(1),
    }).bindTable(tables.cycles, 'CYCLES_TABLE', ['Scan', 'Query']);
    tick.addEnvironment('STATE_MACHINE_ARN', this.stateMachine.stateMachineArn);
    this.stateMachine.grantStartExecution(tick);

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'dafaa: the daily schedule invokes the tick',
    });
    new Schedule(this, 'DailyTick', {
      description: 'dafaa: is today a disbursement day? (00:05 Riyadh)',
      schedule: ScheduleExpression.cron({ minute: '5', hour: '0', timeZone: TimeZone.ASIA_RIYADH }),
      target: new InvokeFromSchedule(tick, {
        role: schedulerRole,
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: props.stateful.scheduleDeadLetterQueue,
      }),
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(tick.node.defaultChild as never)}.Arn>:*]`,
      reason: 'The scheduler invokes the tick function and its versions.',
    });

    const notify = this.notifier(props);
    const objectionEvents = new DafaaFunction(this, 'ObjectionEvents', {
      entry: 'objection-events',
      description: "Turns an objection's status change into the beneficiary's message",
      timeout: Duration.minutes(1),
    })
      .bindTable(tables.households, 'HOUSEHOLDS_TABLE', ['GetItem'])
      .bindQueueForSending(notifyQueue, 'NOTIFY_QUEUE_URL');
    objectionEvents.addEventSource(
      new DynamoEventSource(tables.objections, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        retryAttempts: 5,
        bisectBatchOnError: true,
        onFailure: new SqsDlq(props.stateful.objectionEventsDeadLetterQueue),
      }),
    );
    props.stateful.dataKey.grantDecrypt(objectionEvents);

    this.functions = { tick, plan, project, gate, segment, finalize, notify, objectionEvents };
    this.operations(props);

    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'NotifyQueueUrl', { value: notifyQueue.queueUrl });
    for (const [name, table] of Object.entries(tables)) {
      new CfnOutput(this, `${name[0]?.toUpperCase()}${name.slice(1)}TableName`, {
        value: table.tableName,
      });
    }
  }

  /**
   * plan -> project every segment (a map, read only) -> the approval gate -> pay every segment (a
   * map, bounded, some failures tolerated) -> finalize. Above the thresholds the gate ends the
   * execution waiting for approval, before anything is written; a failure of the payment map still
   * finalizes.
   */
  private cycleStateMachine(
    fns: Record<'plan' | 'project' | 'gate' | 'segment' | 'finalize', DafaaFunction>,
    segmentConcurrency: number,
  ): StateMachine {
    const { plan, project, gate, segment, finalize } = fns;
    const planStep = new LambdaInvoke(this, 'Plan', {
      lambdaFunction: plan,
      payloadResponseOnly: true,
    });
    // A map over the plan's segments: each item is the cycle and a segment number. Projecting only
    // reads, and a paying segment resumes from its checkpoint, so retrying any error is safe.
    const overSegments = (
      id: string,
      lambdaFunction: DafaaFunction,
      options: Pick<DistributedMapProps, 'resultPath' | 'toleratedFailurePercentage'>,
      item: Record<string, string> = {},
    ) => {
      const step = new LambdaInvoke(this, `${id}Item`, {
        lambdaFunction,
        payloadResponseOnly: true,
      });
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
    const projections = overSegments('Projections', project, { resultPath: '$.projections' });
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
    const segments = overSegments(
      'Segments',
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
    for (const step of [planStep, projections, gateStep])
      step.addCatch(failed, { resultPath: '$.error' });
    segments.addCatch(recordFailure, { resultPath: '$.error' });
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
          .when(Condition.booleanEquals('$.proceed', true), segments.next(finalizeStep))
          .otherwise(awaitingApproval),
      );
    const machine = new StateMachine(this, 'CycleStateMachine', {
      definitionBody: DefinitionBody.fromChainable(definition),
      timeout: Duration.hours(12),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'CycleStateMachineLogs', {
          retention: RetentionDays.ONE_YEAR,
        }),
        level: LogLevel.ALL,
        // States pass cycle and segment numbers only, but the log stays free of data by design.
        includeExecutionData: false,
      },
    });
    Validations.of(machine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing and log delivery (logs:CreateLogDelivery and kin) take no resource but "*".',
    });
    for (const fn of [plan, project, gate, segment, finalize]) {
      Validations.of(machine).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as never)}.Arn>:*]`,
        reason:
          'Step Functions invokes the function and its versions (LambdaInvoke grants <function>:*).',
      });
    }
    // The distributed map starts and watches the child executions of this state machine: the
    // findings name its execution ARNs, built from the region and the machine's logical id.
    const executions = `arn:<AWS::Partition>:states:${this.region}:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${this.getLogicalId(machine.node.defaultChild as never)}"}]}]}`;
    for (const suffix of [':*', '/*:*']) {
      Validations.of(machine.node.findChild('DistributedMapPolicy')).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${executions}${suffix}]`,
        reason:
          'The distributed map starts and watches the child executions of this state machine.',
      });
    }
    return machine;
  }

  /** The notifier: the notify queue in batches, partial batch failures, bounded concurrency. */
  private notifier(props: StatelessStackProps): DafaaFunction {
    const { tables, notifyQueue } = props.stateful;
    const notify = new DafaaFunction(this, 'Notify', {
      entry: 'notify',
      description: 'Sends each queued message once per channel: SMS (SNS) and email (SES)',
      timeout: Duration.minutes(1),
      environment: {
        SMS_SENDER_ID: props.notifier.smsSenderId,
        EMAIL_FROM: props.notifier.emailFrom,
        EMAIL_CONFIGURATION_SET: props.notifier.emailConfigurationSet,
        NOTIFY_QUEUE_URL: notifyQueue.queueUrl,
      },
    }).bindTable(tables.deliveries, 'DELIVERIES_TABLE', ['UpdateItem', 'GetItem']);
    notify.addEventSource(
      new SqsEventSource(notifyQueue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        maxConcurrency: props.notifierConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    const { account, region, partition } = Stack.of(this);
    notify.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          `arn:${partition}:ses:${region}:${account}:identity/${props.notifier.emailDomain}`,
          `arn:${partition}:ses:${region}:${account}:configuration-set/${props.notifier.emailConfigurationSet}`,
        ],
      }),
    );
    // An SMS to a phone number has no ARN to name: SNS requires "*" for Publish to PhoneNumber.
    notify.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    Validations.of(notify).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'sns:Publish to a phone number has no resource ARN; AWS requires Resource "*" for it. X-Ray writes also need "*".',
    });
    return notify;
  }

  /** Alarms to an ops topic, and the dashboard. */
  private operations(props: StatelessStackProps): void {
    const topic = new Topic(this, 'OpsAlarms', {
      masterKey: props.stateful.dataKey,
      enforceSSL: true,
    });
    const alarm = (
      id: string,
      description: string,
      metric: Metric | MathExpression,
      threshold = 1,
    ) =>
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(topic));

    alarm(
      'CycleFailedAlarm',
      'A payout cycle execution failed: see its status (dafaa cycle status)',
      this.stateMachine.metricFailed({ period: Duration.minutes(5) }),
    );
    alarm(
      'CycleIncompleteAlarm',
      'A cycle finished incomplete (some segments failed within the tolerance): see its status and rerun --only-failed',
      new MathExpression({
        expression: '1 - completed',
        usingMetrics: {
          completed: new Metric({
            namespace: 'dafaa',
            metricName: 'CycleCompleted',
            statistic: 'Minimum',
            period: Duration.hours(1),
          }),
        },
        period: Duration.hours(1),
      }),
    );
    alarm(
      'CycleMissedAlarm',
      'A cycle was due and has not run: the tick caught it up late, or it waits (on hold, or for approval)',
      new Metric({
        namespace: 'dafaa',
        metricName: 'CyclesMissed',
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
    );
    alarm(
      'CycleAwaitingApprovalAlarm',
      'A cycle waits for a second operator: dafaa approvals list --target aws, approve, then dafaa cycle run --target aws',
      new Metric({
        namespace: 'dafaa',
        metricName: 'CyclesAwaitingApproval',
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
    );
    alarm(
      'TickErrorsAlarm',
      'The daily tick failed: today\u2019s cycle may not have started',
      this.functions.tick.metricErrors({ period: Duration.minutes(15) }),
    );
    alarm(
      'NotifierErrorsAlarm',
      'The notifier failed a batch',
      this.functions.notify.metricErrors({ period: Duration.minutes(5) }),
    );
    const deadLetters = {
      NotifyDeadLettersAlarm: props.stateful.notifyDeadLetterQueue,
      ScheduleDeadLettersAlarm: props.stateful.scheduleDeadLetterQueue,
      ObjectionEventsDeadLettersAlarm: props.stateful.objectionEventsDeadLetterQueue,
    };
    for (const [id, queue] of Object.entries(deadLetters)) {
      alarm(
        id,
        `Messages are waiting in ${queue.node.id}: read them and redrive`,
        queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
      );
    }

    const cycleMetric = (metricName: string, label: string) =>
      new Metric({
        namespace: 'dafaa',
        metricName,
        statistic: 'Sum',
        period: Duration.minutes(5),
        label,
      });
    const { notifyQueue } = props.stateful;
    new Dashboard(this, 'Operations', {
      widgets: [
        [
          new TextWidget({
            markdown: '# dafaa: the monthly cycle and its messages',
            width: 24,
            height: 1,
          }),
        ],
        [
          new GraphWidget({
            title: 'Cycle progress: households processed',
            left: [cycleMetric('HouseholdsProcessed', 'households')],
            width: 8,
          }),
          new GraphWidget({
            title: 'Payments written',
            left: [cycleMetric('PaymentsWritten', 'payments')],
            width: 8,
          }),
          new SingleValueWidget({
            title: 'Amount paid (halalas)',
            metrics: [cycleMetric('AmountPaidHalalas', 'halalas')],
            width: 8,
          }),
        ],
        [
          new GraphWidget({
            title: 'Messages by channel',
            left: ['sms', 'email'].flatMap((channel) => [
              new Metric({
                namespace: 'dafaa',
                metricName: 'MessagesSent',
                dimensionsMap: { Channel: channel },
                statistic: 'Sum',
                label: `${channel} sent`,
              }),
              new Metric({
                namespace: 'dafaa',
                metricName: 'MessagesFailed',
                dimensionsMap: { Channel: channel },
                statistic: 'Sum',
                label: `${channel} failed`,
              }),
            ]),
            width: 12,
          }),
          new GraphWidget({
            title: 'Notify queue: depth and age',
            left: [notifyQueue.metricApproximateNumberOfMessagesVisible()],
            right: [notifyQueue.metricApproximateAgeOfOldestMessage()],
            width: 12,
          }),
        ],
        [
          new GraphWidget({
            title: 'Cycle executions',
            left: [
              this.stateMachine.metricStarted(),
              this.stateMachine.metricSucceeded(),
              this.stateMachine.metricFailed(),
            ],
            width: 12,
          }),
          new GraphWidget({
            title: 'Function errors',
            left: Object.values(this.functions).map((fn) => fn.metricErrors()),
            width: 12,
          }),
        ],
      ],
    });
  }
}
