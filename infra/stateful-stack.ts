import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { DELIVERY_EXPIRES_AT } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { type DafaaTableNames, TABLE_SPECS } from '../shared/adapters/dynamodb/table-specs.ts';
import { NOTIFY_QUEUE } from '../shared/config/notify-queue.ts';
import { ROLES } from '../shared/ops-api/roles.ts';
import { accessLogBucket } from './constructs/access-log-bucket.ts';

/**
 * What holds data and must outlive any deployment: the tables (customer-managed key, point-in-time
 * recovery, deletion protection, retained), the objections stream, the queues and their dead-letter
 * queues, and the bucket for cycle reports. The keys come from the same table specs the local stack
 * uses, so local and AWS cannot drift apart.
 */

/** The tables that exist in AWS (the SMS outbox is the local stand-in for SNS's SMS). */
export type AwsTableName = Exclude<keyof DafaaTableNames, 'smsOutbox'>;
const AWS_TABLES: readonly AwsTableName[] = [
  'households',
  'payments',
  'cycles',
  'objections',
  'deliveries',
  'suppressions',
  'deferred',
  'audit',
];

/**
 * The tables whose items DynamoDB deletes once their time (epoch seconds in this attribute) has
 * passed. Only deliveries: the notifier's claims grow by millions a month and nothing needs them
 * once their messages can no longer be redelivered or asked about (docs/data-model.md). Households,
 * payments, cycles (with approvals and calendar overrides), objections and the audit log are the
 * program's records and are kept.
 */
const TIME_TO_LIVE: Partial<Record<AwsTableName, string>> = { deliveries: DELIVERY_EXPIRES_AT };

/**
 * What the payments table and its `byCycle` index can take at once from the first second of a
 * cycle (warm throughput), so that three million households are paid within ten minutes without
 * waiting for on-demand capacity to grow (a new on-demand table starts at 4,000 writes a second).
 *
 * 3,000,000 payment records / 600 s = 5,000 writes a second. A record is at most 2 KB (measured
 * 371 to 1,643 bytes on the synthetic register, docs/performance.md), and a write request unit
 * covers 1 KB, so each put costs at most 2 units: 10,000 write units a second on the table, and as
 * many on the index, which projects every attribute and takes one entry per record. A fifth more
 * covers arrears settled in transactions (2 units per item), refused conditional puts on a rerun
 * (a refused write still consumes the item's units) and an uneven spread: 12,000. Reads stay at
 * the 12,000 a new on-demand table starts with: a cycle reads no payment, and the reconciliation
 * export of a month reads about 460,000 units. Both are far inside the 40,000 units a second the
 * per-table on-demand quota allows by default.
 */
export const DEFAULT_PAYMENTS_WARM_THROUGHPUT: PaymentsWarmThroughput = {
  writeUnitsPerSecond: 12_000,
  readUnitsPerSecond: 12_000,
};

export interface PaymentsWarmThroughput {
  readonly writeUnitsPerSecond: number;
  readonly readUnitsPerSecond: number;
}

export interface StatefulStackProps extends StackProps {
  /** The payments table's and its `byCycle` index's warm throughput (by default, the above). */
  readonly paymentsWarmThroughput?: PaymentsWarmThroughput;
}

export class StatefulStack extends Stack {
  readonly dataKey: Key;
  readonly tables: Readonly<Record<AwsTableName, Table>>;
  readonly notifyQueue: Queue;
  readonly notifyDeadLetterQueue: Queue;
  /** Where a tick the scheduler could not deliver ends up. */
  readonly scheduleDeadLetterQueue: Queue;
  /** Where stream batches the objection-events function could not process end up. */
  readonly objectionEventsDeadLetterQueue: Queue;
  /** Where a tick that failed (after Lambda's own retries of the asynchronous invocation) ends up. */
  readonly tickFailureQueue: Queue;
  /** Where a delivery receipt the recorder failed on (after Lambda's retries) ends up. */
  readonly receiptFailureQueue: Queue;
  readonly reportsBucket: Bucket;
  /** Who may act through the ops API: ops staff, in one group per role. */
  readonly userPool: UserPool;

  private readonly paymentsWarmThroughput: PaymentsWarmThroughput;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);
    this.paymentsWarmThroughput = props.paymentsWarmThroughput ?? DEFAULT_PAYMENTS_WARM_THROUGHPUT;
    this.dataKey = new Key(this, 'DataKey', {
      description: 'dafaa: encrypts beneficiary data at rest (tables, queues, reports)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.tables = Object.fromEntries(AWS_TABLES.map((name) => [name, this.table(name)])) as Record<
      AwsTableName,
      Table
    >;

    const queue = (
      id: string,
      props: {
        deadLetterQueue?: Queue;
        visibilityTimeout?: Duration;
        maxReceiveCount?: number;
      } = {},
    ) =>
      new Queue(this, id, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.dataKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: RemovalPolicy.RETAIN,
        ...(props.visibilityTimeout ? { visibilityTimeout: props.visibilityTimeout } : {}),
        ...(props.deadLetterQueue
          ? {
              deadLetterQueue: {
                queue: props.deadLetterQueue,
                maxReceiveCount: props.maxReceiveCount ?? 8,
              },
            }
          : {}),
      });
    this.notifyDeadLetterQueue = queue('NotifyDeadLetterQueue');
    this.notifyQueue = queue('NotifyQueue', {
      deadLetterQueue: this.notifyDeadLetterQueue,
      visibilityTimeout: Duration.seconds(NOTIFY_QUEUE.visibilityTimeoutSeconds),
      maxReceiveCount: NOTIFY_QUEUE.maxReceiveCount,
    });
    this.scheduleDeadLetterQueue = queue('ScheduleDeadLetterQueue');
    this.objectionEventsDeadLetterQueue = queue('ObjectionEventsDeadLetterQueue');
    this.tickFailureQueue = queue('TickFailureQueue');
    this.receiptFailureQueue = queue('ReceiptFailureQueue');
    // cdk-nag sees the notify queue's dead-letter queue as one; these are failure destinations
    // set elsewhere (the schedules, the stream source, the tick's and the receipt recorder's
    // invocations).
    for (const deadLetters of [
      this.scheduleDeadLetterQueue,
      this.objectionEventsDeadLetterQueue,
      this.tickFailureQueue,
      this.receiptFailureQueue,
    ]) {
      Validations.of(deadLetters.node.defaultChild ?? deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'A failure destination is the end of the line: its messages are alarmed on and read by ops, not passed on.',
      });
    }

    const accessLogs = accessLogBucket(this, 'ReportsAccessLogs');
    this.reportsBucket = new Bucket(this, 'ReportsBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'reports/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = this.opsUserPool();
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
  }

  /**
   * The ops staff: created by an account administrator only (no self sign-up), TOTP required at
   * every sign-in (no SMS: a SIM swap must not open the payout), a long password of every class,
   * recovery by email only, and Cognito's threat protection enforcing (the Plus plan). Users are
   * data: the pool is retained and protected from deletion. A group per role of the API's table
   * (shared/ops-api/roles.ts); the access token carries the groups as `cognito:groups`.
   */
  private opsUserPool(): UserPool {
    const pool = new UserPool(this, 'OpsUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      new UserPoolGroup(this, `${role[0]?.toUpperCase()}${role.slice(1)}Group`, {
        userPool: pool,
        groupName: role,
        description: `dafaa ops: the ${role} role of the ops API (shared/ops-api/roles.ts)`,
      });
    }
    return pool;
  }

  private table(name: AwsTableName): Table {
    const spec = TABLE_SPECS[name];
    const attribute = (attributeName: string | undefined) => {
      const type = spec.AttributeDefinitions?.find(
        (definition) => definition.AttributeName === attributeName,
      )?.AttributeType;
      return {
        name: attributeName ?? '',
        type: type === 'N' ? AttributeType.NUMBER : AttributeType.STRING,
      };
    };
    const keyOf = (schema: typeof spec.KeySchema, keyType: 'HASH' | 'RANGE') =>
      schema?.find((element) => element.KeyType === keyType)?.AttributeName;
    const sortKey = keyOf(spec.KeySchema, 'RANGE');
    const table = new Table(this, `${name[0]?.toUpperCase()}${name.slice(1)}Table`, {
      partitionKey: attribute(keyOf(spec.KeySchema, 'HASH')),
      ...(sortKey ? { sortKey: attribute(sortKey) } : {}),
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(name === 'objections' ? { stream: StreamViewType.NEW_AND_OLD_IMAGES } : {}),
      ...(name === 'payments' ? { warmThroughput: this.paymentsWarmThroughput } : {}),
      ...(TIME_TO_LIVE[name] ? { timeToLiveAttribute: TIME_TO_LIVE[name] } : {}),
    });
    for (const index of spec.GlobalSecondaryIndexes ?? []) {
      const indexSortKey = keyOf(index.KeySchema, 'RANGE');
      // The spec's projection (an index that projects only what its reader needs stays small).
      const projection = index.Projection?.ProjectionType ?? 'ALL';
      table.addGlobalSecondaryIndex({
        indexName: index.IndexName ?? '',
        partitionKey: attribute(keyOf(index.KeySchema, 'HASH')),
        ...(indexSortKey ? { sortKey: attribute(indexSortKey) } : {}),
        projectionType: ProjectionType[projection],
        ...(projection === 'INCLUDE'
          ? { nonKeyAttributes: index.Projection?.NonKeyAttributes ?? [] }
          : {}),
        // Every payment record has its byCycle entry: the index takes the table's write rate.
        ...(name === 'payments' ? { warmThroughput: this.paymentsWarmThroughput } : {}),
      });
    }
    return table;
  }
}
