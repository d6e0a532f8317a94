import {
  CfnOutput,
  Duration,
  Lazy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  Alarm,
  type AlarmProps,
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
import { DynamoEventSource, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke as InvokeFromSchedule } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { type MetricName, metricIdentity } from '../functions/metric-names.ts';
import {
  DELIVERIES_AWAITING_RECEIPT_INDEX,
  DELIVERIES_BY_CYCLE_INDEX,
  DELIVERIES_BY_HOUSEHOLD_INDEX,
  DELIVERIES_BY_PROVIDER_MESSAGE_INDEX,
  OBJECTIONS_BY_HOUSEHOLD_INDEX,
  OBJECTIONS_BY_STATUS_INDEX,
  PAYMENTS_BY_CYCLE_INDEX,
} from '../shared/adapters/dynamodb/index-names.ts';
import { ratePerContainer } from '../shared/config/notification-settings.ts';
import { AlarmTopic } from './constructs/alarm-topic.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { CycleStateMachine } from './constructs/cycle-state-machine.ts';
import { DafaaFunction } from './constructs/dafaa-function.ts';
import { DeliveryReceipts } from './constructs/delivery-receipts.ts';
import { FailureQueue } from './constructs/failure-queue.ts';
import {
  acknowledgeActionsOnAnyResource,
  attributeAsFound,
  defaultPolicyOf,
} from './constructs/nag-findings.ts';
import { OpsHttpApi } from './constructs/ops-http-api.ts';
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
    | 'tickFailureQueue'
    | 'receiptFailureQueue'
    | 'userPool'
  >;
  readonly notifier: NotifierIdentity;
  /** Segments processed at once: bounds the write rate on the payments table. */
  readonly segmentConcurrency: number;
  /** Notifier containers at once (the SQS event source's maximum concurrency, 2 at least). */
  readonly notifierConcurrency: number;
  /**
   * The account's send rates, from its quotas (Service Quotas: SNS SMS messages per second, SES
   * maximum send rate): every notifier container sends at its share, so that together they never
   * pass them.
   */
  readonly sendRates: { readonly smsPerSecond: number; readonly emailPerSecond: number };
  /** Alarm when the month's SMS spend passes this (USD), before the account's spend limit stops SNS. */
  readonly smsMonthlySpendAlarmUsd: number;
  /**
   * The approval gate's thresholds, as the gate's environment reads them (halalas; a share such as
   * 0.05); absent, the gate uses the program's defaults (shared/config/ops-settings.ts).
   */
  readonly approval?: { readonly totalAboveHalalas?: string; readonly changeAbove?: string };
  /** The ops API's sign-in (Cognito's prefix domain) and the console's own domain when it has one. */
  readonly opsApi: {
    readonly cognitoDomainPrefix: string;
    /**
     * The console's host name and its certificate (ACM, us-east-1, for CloudFront); absent in dev,
     * where the console is served on CloudFront's own name.
     */
    readonly consoleDomain:
      | { readonly domainName: string; readonly certificateArn: string }
      | undefined;
  };
}

/** The approval thresholds a deployment sets, as the gate and the ops API read them. */
function approvalEnvironment(approval: StatelessStackProps['approval']): Record<string, string> {
  return {
    ...(approval?.totalAboveHalalas === undefined
      ? {}
      : { DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS: approval.totalAboveHalalas }),
    ...(approval?.changeAbove === undefined
      ? {}
      : { DAFAA_APPROVAL_CHANGE_ABOVE: approval.changeAbove }),
  };
}

/** What the schedules invoke with: the scheduler's role, and where an undelivered event goes. */
interface Scheduler {
  readonly role: Role;
  readonly deadLetterQueue: IQueue;
}

export class StatelessStack extends Stack {
  readonly stateMachine: StateMachine;
  /** The ops API's HTTP API, its app clients and sign-in domain. */
  readonly opsHttpApi: OpsHttpApi;
  /** The web console: its bucket and the distribution in front of it and of the API. */
  readonly console: ConsoleHosting;
  readonly functions: Readonly<
    Record<
      | 'tick'
      | 'plan'
      | 'project'
      | 'gate'
      | 'segment'
      | 'finalize'
      | 'notify'
      | 'releaseDeferred'
      | 'objectionEvents'
      | 'recordReceipts'
      | 'sweepDeliveries'
      | 'opsApi',
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
      environment: approvalEnvironment(props.approval),
    })
      // Approval requests live in the cycles table (Query, PutItem); the run is recorded by UpdateItem.
      .bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'PutItem', 'Query', 'UpdateItem'])
      .bindTable(tables.audit, 'AUDIT_TABLE', ['PutItem', 'Query']);
    const segment = new DafaaFunction(this, 'ProcessSegment', {
      entry: 'process-segment',
      description: 'Pays one segment of the register: one record per household, messages queued',
      timeout: Duration.minutes(15),
      memorySize: 1024,
    })
      .bindTable(tables.households, 'HOUSEHOLDS_TABLE', ['Scan', 'GetItem', 'UpdateItem'])
      // A refused conditional put hands back the record standing: no GetItem.
      .bindTable(tables.payments, 'PAYMENTS_TABLE', ['PutItem'])
      .bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'PutItem'])
      .bindQueueForSending(notifyQueue, 'NOTIFY_QUEUE_URL');
    const finalize = new DafaaFunction(this, 'FinalizeCycle', {
      entry: 'finalize-cycle',
      description: "Totals a cycle's segments and sets its status",
      timeout: Duration.minutes(2),
    }).bindTable(tables.cycles, 'CYCLES_TABLE', ['GetItem', 'Query', 'UpdateItem']);

    this.stateMachine = new CycleStateMachine(this, 'CycleStateMachine', {
      plan,
      project,
      gate,
      segment,
      finalize,
      segmentConcurrency: props.segmentConcurrency,
    }).stateMachine;

    const tick = new DafaaFunction(this, 'Tick', {
      entry: 'tick',
      description: 'Daily: starts the cycle due today, or a missed one, once',
      timeout: Duration.minutes(1),
    }).bindTable(tables.cycles, 'CYCLES_TABLE', ['Scan', 'Query']);
    // Starts the month's execution, and asks how the month's last one ended (a failed one is
    // started again under a new name).
    tick.bindStateMachine(this.stateMachine, 'STATE_MACHINE_ARN');
    // The scheduler invokes the tick asynchronously: its retries and dead-letter queue cover only
    // an invocation that could not be made. An error inside the tick is retried by Lambda, then
    // its record goes to the failure queue (alarmed), so a failed tick is seen and can be read.
    tick.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new FailureQueue(props.stateful.tickFailureQueue).asyncInvocation(),
    });

    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: 'dafaa: the schedules invoke the tick, the deferred release and the sweep',
    });
    const scheduler: Scheduler = {
      role: schedulerRole,
      deadLetterQueue: props.stateful.scheduleDeadLetterQueue,
    };
    this.invokeOnSchedule(scheduler, 'DailyTick', tick, {
      description: 'dafaa: is today a disbursement day? (00:05 Riyadh)',
      schedule: ScheduleExpression.cron({ minute: '5', hour: '0', timeZone: TimeZone.ASIA_RIYADH }),
      retryAttempts: 5,
      maxEventAge: Duration.hours(6),
    });
    // The dead-letter queue is encrypted: the scheduler's role writes to it with its key.
    props.stateful.scheduleDeadLetterQueue.encryptionMasterKey?.grant(
      schedulerRole,
      'kms:GenerateDataKey',
      'kms:Decrypt',
    );

    const notify = this.notifier(props);
    const { recordReceipts, sweepDeliveries } = this.deliveryTruth(props, notify, scheduler);
    const releaseDeferred = this.deferredRelease(props, scheduler);
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
        onFailure: new FailureQueue(props.stateful.objectionEventsDeadLetterQueue).streamBatch(),
      }),
    );
    props.stateful.dataKey.grantDecrypt(objectionEvents);
    acknowledgeActionsOnAnyResource(
      defaultPolicyOf(objectionEvents.role),
      ['dynamodb:ListStreams'],
      'the stream event source lists the table\u2019s streams, and ListStreams takes no resource ARN (only "*"); it reads no record.',
    );

    const { opsApi, http, hosting } = this.opsApi(props);
    this.opsHttpApi = http;
    this.console = hosting;

    this.functions = {
      tick,
      plan,
      project,
      gate,
      segment,
      finalize,
      notify,
      releaseDeferred,
      objectionEvents,
      recordReceipts,
      sweepDeliveries,
      opsApi,
    };
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
   * The ops API (functions/ops-api.ts) behind its HTTP API: every ops action of the console and the
   * CLI, as the signed-in user. Its grants are the calls its routes' adapters make
   * (test/infra/permissions.test.ts); it holds the only write grants ops use
   * (test/infra/ops-write-grants.test.ts).
   */
  private opsApi(props: StatelessStackProps): {
    readonly opsApi: DafaaFunction;
    readonly http: OpsHttpApi;
    readonly hosting: ConsoleHosting;
  } {
    const { tables, notifyQueue, userPool } = props.stateful;
    const opsApi = new DafaaFunction(this, 'OpsApi', {
      entry: 'ops-api',
      description: 'The ops API: every ops action, as the signed-in user, under /api',
      // API Gateway answers 503 after 30 s whatever the function does: it stops just before.
      timeout: Duration.seconds(29),
      memorySize: 1024,
      // The approval thresholds, as the gate reads them: the API holds a request to the same ones.
      environment: approvalEnvironment(props.approval),
    })
      // A household's contact (GetItem); the dry run's scan of the register (Scan) and its count
      // (DescribeTable); an accepted objection's arrears, in the objection's transaction (UpdateItem).
      .bindTable(tables.households, 'HOUSEHOLDS_TABLE', [
        'GetItem',
        'Scan',
        'DescribeTable',
        'UpdateItem',
      ])
      // A payment (GetItem); a month's payments on the byCycle index (the dry run, the report).
      .bindTable(tables.payments, 'PAYMENTS_TABLE', ['GetItem'], {
        queryIndexes: [PAYMENTS_BY_CYCLE_INDEX],
      })
      // Cycles, segments, approvals and calendar overrides: read (GetItem, Query, Scan), hold and
      // release (UpdateItem), approvals and the overrides' revision (PutItem), an override removed
      // (DeleteItem, in its transaction).
      .bindTable(tables.cycles, 'CYCLES_TABLE', [
        'GetItem',
        'Query',
        'Scan',
        'UpdateItem',
        'PutItem',
        'DeleteItem',
      ])
      // Objections: read (GetItem; a household's on byHousehold; the queue on byStatus), written
      // (PutItem, alone or in a transaction), the open-objection guard released (DeleteItem).
      .bindTable(tables.objections, 'OBJECTIONS_TABLE', ['GetItem', 'PutItem', 'DeleteItem'], {
        queryIndexes: [OBJECTIONS_BY_HOUSEHOLD_INDEX, OBJECTIONS_BY_STATUS_INDEX],
      })
      // A rerun's failed messages (Scan) reopened (UpdateItem); a household's and a month's
      // messages on their indexes.
      .bindTable(tables.deliveries, 'DELIVERIES_TABLE', ['Scan', 'UpdateItem'], {
        queryIndexes: [DELIVERIES_BY_HOUSEHOLD_INDEX, DELIVERIES_BY_CYCLE_INDEX],
      })
      // A household's suppressed addresses (Query), lifted (UpdateItem).
      .bindTable(tables.suppressions, 'SUPPRESSIONS_TABLE', ['Query', 'UpdateItem'])
      // The audit chain: its head and entries (Query), appended (PutItem).
      .bindTable(tables.audit, 'AUDIT_TABLE', ['Query', 'PutItem'])
      // An objection's message, and a rerun's failed messages, queued again.
      .bindQueueForSending(notifyQueue, 'NOTIFY_QUEUE_URL')
      // A run, a rerun, an approved request resumed; whether the month's execution still runs.
      .bindStateMachine(this.stateMachine, 'STATE_MACHINE_ARN');
    const { consoleDomain } = props.opsApi;
    // The console's origin is the distribution's, known once it exists (it needs the API first).
    let hosting: ConsoleHosting | undefined;
    const http = new OpsHttpApi(this, 'OpsHttpApi', {
      userPool,
      handler: opsApi,
      cognitoDomainPrefix: props.opsApi.cognitoDomainPrefix,
      consoleOrigin: Lazy.string({
        produce: () => {
          if (!hosting) throw new Error('the console is hosted after the API is built');
          return hosting.origin;
        },
      }),
      corsOrigin: consoleDomain && `https://${consoleDomain.domainName}`,
    });
    opsApi.bindUserPool(userPool, [http.consoleClient, http.cliClient]);
    hosting = new ConsoleHosting(this, 'Console', {
      apiDomainName: `${http.api.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
      cognitoDomainName: http.cognitoDomainName,
      consoleClientId: http.consoleClient.userPoolClientId,
      customDomain: consoleDomain && {
        domainName: consoleDomain.domainName,
        certificate: Certificate.fromCertificateArn(
          this,
          'ConsoleCertificate',
          consoleDomain.certificateArn,
        ),
      },
    });
    new CfnOutput(this, 'ConsoleUrl', { value: `${hosting.origin}/` });

    new CfnOutput(this, 'ApiUrl', { value: http.url });
    new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: http.consoleClient.userPoolClientId });
    new CfnOutput(this, 'CliClientId', { value: http.cliClient.userPoolClientId });
    // The host name, as the CLI and the console's config.json take it.
    new CfnOutput(this, 'CognitoDomain', { value: http.cognitoDomainName });
    return { opsApi, http, hosting };
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
        DAFAA_SMS_RATE_PER_SECOND: String(
          ratePerContainer(props.sendRates.smsPerSecond, props.notifierConcurrency),
        ),
        DAFAA_EMAIL_RATE_PER_SECOND: String(
          ratePerContainer(props.sendRates.emailPerSecond, props.notifierConcurrency),
        ),
      },
    })
      .bindTable(tables.deliveries, 'DELIVERIES_TABLE', ['UpdateItem'])
      // An address a hard bounce or complaint suppressed for the household is skipped (GetItem).
      .bindTable(tables.suppressions, 'SUPPRESSIONS_TABLE', ['GetItem'])
      // A message that must wait rides on a fresh delayed copy (SendMessage), or waits in the
      // deferred table (PutItem) until the release puts it back: deferral.ts.
      .bindTable(tables.deferred, 'DEFERRED_TABLE', ['PutItem'])
      .bindQueueForSending(notifyQueue, 'NOTIFY_QUEUE_URL');
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
    acknowledgeActionsOnAnyResource(
      defaultPolicyOf(notify.role),
      ['sns:Publish'],
      'an SMS to a phone number has no resource ARN: SNS authorises Publish to a number on "*".',
    );
    return notify;
  }

  /**
   * A schedule that invokes `fn` as the scheduler's role, its undelivered events to the schedules'
   * dead-letter queue.
   */
  private invokeOnSchedule(
    scheduler: Scheduler,
    id: string,
    fn: DafaaFunction,
    options: {
      readonly description: string;
      readonly schedule: ScheduleExpression;
      readonly retryAttempts: number;
      readonly maxEventAge: Duration;
    },
  ): void {
    new Schedule(this, id, {
      description: options.description,
      schedule: options.schedule,
      target: new InvokeFromSchedule(fn, {
        role: scheduler.role,
        retryAttempts: options.retryAttempts,
        maxEventAge: options.maxEventAge,
        deadLetterQueue: scheduler.deadLetterQueue,
      }),
    });
    Validations.of(defaultPolicyOf(scheduler.role)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${attributeAsFound(fn, 'Arn')}:*]`,
      reason: `lambda:InvokeFunction only, on the ${fn.entry} function and its versions (the scheduler target grants <function>:*).`,
    });
  }

  /**
   * The release of deferred messages: every minute, one minute's worth at the account's SMS rate
   * (deferral.ts). One run at a time, so that two never release the same minute twice over.
   */
  private deferredRelease(props: StatelessStackProps, scheduler: Scheduler): DafaaFunction {
    const { tables, notifyQueue } = props.stateful;
    const release = new DafaaFunction(this, 'ReleaseDeferred', {
      entry: 'release-deferred',
      description: 'Every minute: puts the deferred messages now due back on the notify queue',
      timeout: Duration.seconds(50),
      reservedConcurrentExecutions: 1,
      environment: {
        DAFAA_SMS_ACCOUNT_RATE_PER_SECOND: String(props.sendRates.smsPerSecond),
      },
    })
      .bindTable(tables.deferred, 'DEFERRED_TABLE', ['Query', 'BatchWriteItem'])
      .bindQueueForSending(notifyQueue, 'NOTIFY_QUEUE_URL');
    this.invokeOnSchedule(scheduler, 'ReleaseDeferredEveryMinute', release, {
      description: 'dafaa: release the deferred messages now due (quiet hours over)',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      // A missed minute is released by the next: no retry, and no event older than a minute.
      retryAttempts: 0,
      maxEventAge: Duration.minutes(1),
    });
    return release;
  }

  /**
   * Delivery truth: every email's and SMS's receipt recorded on its delivery (the configuration set
   * the notifier sends with, the SMS delivery-status logs, and how both reach the recorder:
   * DeliveryReceipts), and every delivery still without one marked unknown once 72 hours have
   * passed since its send, by a sweep every hour.
   */
  private deliveryTruth(
    props: StatelessStackProps,
    notify: DafaaFunction,
    scheduler: Scheduler,
  ): { readonly recordReceipts: DafaaFunction; readonly sweepDeliveries: DafaaFunction } {
    const { tables } = props.stateful;
    const recordReceipts = new DafaaFunction(this, 'RecordReceipts', {
      entry: 'record-receipts',
      description: 'Records each SES email event and SNS SMS delivery status on its delivery',
      // A CloudWatch Logs batch may carry thousands of lines, recorded 16 at a time.
      timeout: Duration.minutes(2),
    })
      // A delivery by the provider's message id (Query on its index), read (GetItem) and settled
      // by a conditional write (UpdateItem): DynamoDbDeliveryRepository.
      .bindTable(tables.deliveries, 'DELIVERIES_TABLE', ['GetItem', 'UpdateItem'], {
        queryIndexes: [DELIVERIES_BY_PROVIDER_MESSAGE_INDEX],
      })
      // A hard bounce or complaint suppresses the address for the household (a conditional put).
      .bindTable(tables.suppressions, 'SUPPRESSIONS_TABLE', ['PutItem']);
    const receipts = new DeliveryReceipts(this, 'DeliveryReceipts', {
      configurationSetName: props.notifier.emailConfigurationSet,
      recorder: recordReceipts,
      failureQueue: props.stateful.receiptFailureQueue,
    });
    // The notifier sends with the configuration set: it exists before the notifier does.
    notify.node.addDependency(receipts.configurationSet);

    const sweepDeliveries = new DafaaFunction(this, 'SweepDeliveries', {
      entry: 'sweep-deliveries',
      description: 'Hourly: marks unknown every delivery sent 72 hours ago that no receipt settled',
      timeout: Duration.minutes(15),
    })
      // The deliveries awaiting a receipt (Query on their sparse index), each read again and
      // settled by a conditional write.
      .bindTable(tables.deliveries, 'DELIVERIES_TABLE', ['GetItem', 'UpdateItem'], {
        queryIndexes: [DELIVERIES_AWAITING_RECEIPT_INDEX],
      });
    // The next hour's sweep takes up whatever a failed one left: Lambda retries within the hour,
    // then lets it go (DeliverySweepErrorsAlarm says so).
    sweepDeliveries.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(1) });
    this.invokeOnSchedule(scheduler, 'HourlySweep', sweepDeliveries, {
      description: 'dafaa: deliveries sent 72 hours ago without a receipt become unknown (hourly)',
      schedule: ScheduleExpression.rate(Duration.hours(1)),
      retryAttempts: 5,
      maxEventAge: Duration.hours(1),
    });
    return { recordReceipts, sweepDeliveries };
  }

  /** Alarms to an ops topic, and the dashboard. */
  private operations(props: StatelessStackProps): void {
    const { topic } = new AlarmTopic(this, 'OpsAlarms');
    // Ops subscribe to it after the first deployment (docs/deploy.md).
    new CfnOutput(this, 'OpsAlarmsTopicArn', { value: topic.topicArn });
    /** By default: one datapoint at or above 1, no data meaning all is well. */
    const alarm = (
      id: string,
      description: string,
      metric: Metric | MathExpression,
      options: Partial<
        Pick<
          AlarmProps,
          'threshold' | 'evaluationPeriods' | 'comparisonOperator' | 'treatMissingData'
        >
      > = {},
    ) =>
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        ...options,
      }).addAlarmAction(new SnsAction(topic));

    alarm(
      'CycleFailedAlarm',
      'A payout cycle execution failed: see its status (dafaa cycle status)',
      this.stateMachine.metricFailed({ period: Duration.minutes(5) }),
    );
    alarm(
      'CycleTimedOutAlarm',
      'A payout cycle execution ran past its 12 hours and was stopped: see its status; the next tick starts the month again',
      this.stateMachine.metricTimedOut({ period: Duration.minutes(5) }),
    );
    alarm(
      'CycleAbortedAlarm',
      'A payout cycle execution was stopped by hand: see its status; the next tick starts the month again',
      this.stateMachine.metricAborted({ period: Duration.minutes(5) }),
    );
    alarm(
      'CycleIncompleteAlarm',
      'A cycle finished incomplete (some segments failed within the tolerance): see its status and rerun --only-failed',
      new MathExpression({
        expression: '1 - completed',
        usingMetrics: {
          completed: new Metric({
            ...metricIdentity('CycleCompleted'),
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
        ...metricIdentity('CyclesMissed'),
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
    );
    alarm(
      'CycleAwaitingApprovalAlarm',
      'A cycle waits for a second operator: dafaa approvals list --target aws, approve, then dafaa cycle run --target aws',
      new Metric({
        ...metricIdentity('CyclesAwaitingApproval'),
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
    );
    alarm(
      'TickErrorsAlarm',
      'The daily tick failed: today\u2019s cycle may not have started',
      this.functions.tick.metricErrors({ period: Duration.minutes(15) }),
    );
    // The tick counts a success on every run that got through (functions/tick.ts): 26 hours without
    // one, however it failed or whether it ran at all, is a day without a tick, and missing data
    // is exactly that.
    alarm(
      'TickSilentAlarm',
      'The daily tick has not succeeded for 26 hours: no cycle can start; see the tick\u2019s logs, TickFailureQueue and ScheduleDeadLetterQueue',
      new Metric({
        ...metricIdentity('TickSucceeded'),
        statistic: 'Sum',
        period: Duration.hours(1),
      }),
      {
        evaluationPeriods: 26,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.BREACHING,
      },
    );
    alarm(
      'NotifierErrorsAlarm',
      'The notifier failed a batch',
      this.functions.notify.metricErrors({ period: Duration.minutes(5) }),
    );
    alarm(
      'DeliverySweepErrorsAlarm',
      'The hourly delivery sweep failed: deliveries past 72 hours without a receipt stay sent until a sweep gets through; see its logs',
      this.functions.sweepDeliveries.metricErrors({ period: Duration.hours(1) }),
    );
    // The account's sending reputation (SES publishes the rates as fractions): AWS reviews an
    // account past 5% bounces or 0.1% complaints, and may pause its sending.
    alarm(
      'EmailBounceRateAlarm',
      'More than 5% of the account\u2019s emails bounce: stop sending to bad addresses before SES pauses the account',
      new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      { threshold: 0.05, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
    alarm(
      'EmailComplaintRateAlarm',
      'More than 0.1% of the account\u2019s emails are reported as spam: look at what was sent before SES pauses the account',
      new Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      { threshold: 0.001, comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
    alarm(
      'SmsSpendAlarm',
      `The month\u2019s SMS spend passed ${props.smsMonthlySpendAlarmUsd} USD: SNS stops sending at the account\u2019s spend limit`,
      new Metric({
        namespace: 'AWS/SNS',
        metricName: 'SMSMonthToDateSpentUSD',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      {
        threshold: props.smsMonthlySpendAlarmUsd,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    );
    const deadLetters = {
      NotifyDeadLettersAlarm: props.stateful.notifyDeadLetterQueue,
      ScheduleDeadLettersAlarm: props.stateful.scheduleDeadLetterQueue,
      ObjectionEventsDeadLettersAlarm: props.stateful.objectionEventsDeadLetterQueue,
      TickFailuresAlarm: props.stateful.tickFailureQueue,
      ReceiptFailuresAlarm: props.stateful.receiptFailureQueue,
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

    const cycleMetric = (metricName: MetricName, label: string) =>
      new Metric({
        ...metricIdentity(metricName),
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
                ...metricIdentity('MessagesSent', { Channel: channel }),
                statistic: 'Sum',
                label: `${channel} sent`,
              }),
              new Metric({
                ...metricIdentity('MessagesFailed', { Channel: channel }),
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
