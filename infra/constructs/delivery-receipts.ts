import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  FilterPattern,
  type ILogGroup,
  LogGroup,
  RetentionDays,
  SubscriptionFilter,
} from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import {
  ConfigurationSet,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  type AwsSdkCall,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { DafaaFunction } from './dafaa-function.ts';
import { FailureQueue } from './failure-queue.ts';
import { acknowledgeActionsOnAnyResource } from './nag-findings.ts';

/**
 * How a receipt for every message reaches the function that records it on its delivery.
 *
 * Email: the SES configuration set the notifier sends with, publishing delivery, bounce, complaint,
 * reject, rendering-failure and delivery-delay events to an SNS topic that invokes the recorder.
 * SMS: SNS's SMS delivery-status logs (the account's SMS attributes name a role SNS writes them
 * with, and sample every success), in the two log groups SNS writes to, each subscribed to the
 * recorder. Both paths invoke the recorder asynchronously, one SNS message or one log batch per
 * invocation: a receipt that fails is retried by Lambda, then kept in the failure queue, and never
 * holds up the others (docs/decisions.md).
 *
 * Receipts carry addresses and phone numbers, so the topic and the log groups are encrypted with a
 * key of their own that SES and CloudWatch Logs may use, each only for these resources; the data key
 * stays closed to service principals.
 */

/** The email events recorded on a delivery (open, click and subscription are not tracked). */
export const RECORDED_EMAIL_EVENTS: readonly EmailSendingEvent[] = [
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.RENDERING_FAILURE,
  EmailSendingEvent.DELIVERY_DELAY,
];

/**
 * The log groups SNS writes SMS delivery status to (named by SNS, per account and region): the
 * successes it samples and every failure.
 */
export const SMS_DELIVERY_LOG_GROUPS = {
  success: 'DirectPublishToPhoneNumber',
  failure: 'DirectPublishToPhoneNumber/Failure',
} as const;

export interface DeliveryReceiptsProps {
  /** The configuration set's name: the one the notifier sends with (EMAIL_CONFIGURATION_SET). */
  readonly configurationSetName: string;
  /** Records each receipt on its delivery; its table grants are the stack's. */
  readonly recorder: DafaaFunction;
  /** Where an invocation of the recorder that failed after Lambda's retries is kept (alarmed). */
  readonly failureQueue: IQueue;
}

export class DeliveryReceipts extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** SES's events for the configuration set's emails. */
  readonly emailEvents: Topic;
  /** Encrypts the email events topic and the SMS delivery logs. */
  readonly key: Key;
  /** The SMS delivery-status log groups, by what they hold. */
  readonly smsDeliveryLogs: Readonly<Record<keyof typeof SMS_DELIVERY_LOG_GROUPS, LogGroup>>;
  /** The role SNS writes the SMS delivery-status logs with. */
  readonly smsDeliveryStatusRole: Role;
  /** Sets the account's SMS attributes: the delivery-status role, every success sampled. */
  readonly smsDeliveryStatus: AwsCustomResource;

  constructor(scope: Construct, id: string, props: DeliveryReceiptsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { account, region } = stack;
    const { recorder } = props;

    // Two to three delivery attempts an hour for six hours cover a recorder outage; then the
    // receipt waits in the failure queue for ops (the sweeper would otherwise call it unknown).
    recorder.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new FailureQueue(props.failureQueue).asyncInvocation(),
    });

    this.key = new Key(this, 'Key', {
      description:
        'dafaa: encrypts delivery receipts (SES email events, SNS SMS delivery logs); SES and CloudWatch Logs may use it',
      enableKeyRotation: true,
      // Receipts are kept on their deliveries; what it encrypts lives two weeks at most.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Email: the configuration set, its events to an encrypted topic, the topic to the recorder.
    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: props.configurationSetName,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesPublishesEmailEventsToTheEncryptedTopic',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': configurationSetArn },
        },
      }),
    );
    this.emailEvents = new Topic(this, 'EmailEvents', { masterKey: this.key, enforceSSL: true });
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: props.configurationSetName,
      sendingEnabled: true,
      reputationMetrics: true,
      // A hard bounce or a complaint stops SES sending to the address from any household's email,
      // beside our own per-household suppression (which ops can lift with a reason).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // The destination also lets SES publish to the topic (its topic policy statement, for this
    // configuration set of this account only).
    this.configurationSet.addEventDestination('EmailEventsDestination', {
      destination: EventDestination.snsTopic(this.emailEvents),
      events: [...RECORDED_EMAIL_EVENTS],
    });
    this.emailEvents.addSubscription(new LambdaSubscription(recorder));

    // SMS: the delivery-status log groups SNS writes to, each subscribed to the recorder.
    const logGroupName = (suffix: string) => `sns/${region}/${account}/${suffix}`;
    const logGroupArn = (name: string) =>
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const names = {
      success: logGroupName(SMS_DELIVERY_LOG_GROUPS.success),
      failure: logGroupName(SMS_DELIVERY_LOG_GROUPS.failure),
    };
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptsTheSmsDeliveryLogs',
        principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': [
              logGroupArn(names.success),
              logGroupArn(names.failure),
            ],
          },
        },
      }),
    );
    const smsLogs = (logId: string, name: string) =>
      new LogGroup(this, logId, {
        logGroupName: name,
        // A receipt is recorded within seconds; the failure queue keeps a failed one 14 days.
        retention: RetentionDays.TWO_WEEKS,
        encryptionKey: this.key,
        removalPolicy: RemovalPolicy.DESTROY,
      });
    this.smsDeliveryLogs = {
      success: smsLogs('SmsDeliveredLogs', names.success),
      failure: smsLogs('SmsFailedLogs', names.failure),
    };
    for (const [what, logGroup] of Object.entries(this.smsDeliveryLogs)) {
      subscribe(this, `Sms${what === 'success' ? 'Delivered' : 'Failed'}ToRecorder`, logGroup);
    }
    function subscribe(self: Construct, filterId: string, logGroup: ILogGroup) {
      new SubscriptionFilter(self, filterId, {
        logGroup,
        destination: new LambdaDestination(recorder),
        filterPattern: FilterPattern.allEvents(),
      });
    }

    // SNS writes the logs with this role, to these two log groups only: it may not change their
    // retention or add metric filters (the role SNS's console creates may, on every log group).
    this.smsDeliveryStatusRole = new Role(this, 'SmsDeliveryStatusRole', {
      assumedBy: new ServicePrincipal('sns.amazonaws.com'),
      description: 'dafaa: SNS writes SMS delivery status to its two log groups',
    });
    this.smsDeliveryStatusRole.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: Object.values(this.smsDeliveryLogs).map((logGroup) => logGroup.logGroupArn),
      }),
    );

    this.smsDeliveryStatus = this.accountSmsAttributes();
  }

  /**
   * The account's SMS attributes in this region, set by a custom resource (CloudFormation has no
   * resource for them): SNS logs every SMS's delivery status with the role, successes included.
   * Deleting the stack turns the logging off again, as far as SNS lets it be turned off.
   */
  private accountSmsAttributes(): AwsCustomResource {
    const setAttributes = (attributes: Record<string, string>): AwsSdkCall => ({
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes },
      physicalResourceId: PhysicalResourceId.of('dafaa-sms-delivery-status'),
    });
    const logging = setAttributes({
      DeliveryStatusIAMRole: this.smsDeliveryStatusRole.roleArn,
      DeliveryStatusSuccessSamplingRate: '100',
    });
    const providerLogs = new LogGroup(this, 'SmsAttributesProviderLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const providerRole = new Role(this, 'SmsAttributesProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "dafaa: sets the account's SMS delivery-status attributes",
    });
    providerRole.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [providerLogs.logGroupArn],
      }),
    );
    const resource = new AwsCustomResource(this, 'SmsDeliveryStatus', {
      resourceType: 'Custom::SmsDeliveryStatus',
      onCreate: logging,
      onUpdate: logging,
      // An empty role turns the delivery-status logging off; should SNS refuse it, the stack is
      // deleted all the same and SNS finds no role to log with.
      onDelete: {
        ...setAttributes({ DeliveryStatusIAMRole: '', DeliveryStatusSuccessSamplingRate: '0' }),
        ignoreErrorCodesMatching: 'InvalidParameter.*',
      },
      role: providerRole,
      logGroup: providerLogs,
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
      policy: AwsCustomResourcePolicy.fromStatements([
        // SetSMSAttributes is an account setting: it takes no resource ARN.
        new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        // Naming the role in an attribute passes it to SNS.
        new PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [this.smsDeliveryStatusRole.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'sns.amazonaws.com' } },
        }),
      ]),
    });
    const policy = resource.node.findChild('CustomResourcePolicy');
    acknowledgeActionsOnAnyResource(
      policy as never,
      ['sns:SetSMSAttributes'],
      "SetSMSAttributes sets the account's SMS preferences in the region and takes no resource ARN.",
    );
    return resource;
  }
}
