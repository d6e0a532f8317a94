import { Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { type DafaaTableNames, TABLE_SPECS } from '../shared/adapters/dynamodb/table-specs.ts';

/**
 * What holds data and must outlive any deployment: the tables (customer-managed key, point-in-time
 * recovery, deletion protection, retained), the objections stream, the queues and their dead-letter
 * queues, and the bucket for cycle reports. The keys come from the same table specs the local stack
 * uses, so local and AWS cannot drift apart.
 */

/** The tables that exist in AWS (the outbox and the SMS outbox are local stand-ins for SQS and SNS). */
export type AwsTableName = Exclude<keyof DafaaTableNames, 'outbox' | 'smsOutbox'>;
const AWS_TABLES: readonly AwsTableName[] = [
  'households',
  'payments',
  'cycles',
  'objections',
  'deliveries',
  'audit',
];

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
  readonly reportsBucket: Bucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
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
      props: { deadLetterQueue?: Queue; visibilityTimeout?: Duration } = {},
    ) =>
      new Queue(this, id, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: this.dataKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy: RemovalPolicy.RETAIN,
        ...(props.visibilityTimeout ? { visibilityTimeout: props.visibilityTimeout } : {}),
        ...(props.deadLetterQueue
          ? { deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: 8 } }
          : {}),
      });
    this.notifyDeadLetterQueue = queue('NotifyDeadLetterQueue');
    this.notifyQueue = queue('NotifyQueue', {
      deadLetterQueue: this.notifyDeadLetterQueue,
      // Six times the notifier's timeout, as AWS advises for an SQS event source.
      visibilityTimeout: Duration.minutes(6),
    });
    this.scheduleDeadLetterQueue = queue('ScheduleDeadLetterQueue');
    this.objectionEventsDeadLetterQueue = queue('ObjectionEventsDeadLetterQueue');
    this.tickFailureQueue = queue('TickFailureQueue');
    for (const deadLetters of [
      this.notifyDeadLetterQueue,
      this.scheduleDeadLetterQueue,
      this.objectionEventsDeadLetterQueue,
      this.tickFailureQueue,
    ]) {
      Validations.of(deadLetters).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason:
          'A dead-letter queue is the end of the line: its messages are alarmed on and read by ops.',
      });
    }

    const accessLogs = new Bucket(this, 'ReportsAccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(400) }],
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the reports bucket; logging it to itself would loop.',
    });
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
    });
    for (const index of spec.GlobalSecondaryIndexes ?? []) {
      const indexSortKey = keyOf(index.KeySchema, 'RANGE');
      table.addGlobalSecondaryIndex({
        indexName: index.IndexName ?? '',
        partitionKey: attribute(keyOf(index.KeySchema, 'HASH')),
        ...(indexSortKey ? { sortKey: attribute(indexSortKey) } : {}),
      });
    }
    return table;
  }
}
