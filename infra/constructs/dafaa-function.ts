import { join } from 'node:path';
import { ArnFormat, type Duration, Stack, Validations } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, serviceNameOf } from '../../functions/metric-names.ts';
import { LAMBDA_BUNDLING } from '../lambda-bundling.ts';
import {
  acknowledgeActionsOnAnyResource,
  acknowledgeWildcardAction,
  arnPartsAsFound,
  attributeAsFound,
  defaultPolicyOf,
} from './nag-findings.ts';

/**
 * Every dafaa Lambda: Node 24 on arm64, bundled by the local esbuild (no Docker), minified with
 * source maps, the AWS SDK bundled (the versions the lockfile pins are the ones that run), a log
 * group kept a year, active tracing, and Powertools' logger and metrics settings. A table or queue
 * is bound with the environment variable the code reads and exactly the actions it calls, in one
 * call, so the two never drift apart.
 */

const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..');

export interface DafaaFunctionProps {
  /** The file in functions/, without `.ts`: `tick`, `process-segment`, ... */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /** How many may run at once, when that must be bounded (a paced release); unbounded if absent. */
  readonly reservedConcurrentExecutions?: number;
}

/** The DynamoDB actions our adapters call (TransactWriteItems is authorised as its Put/Update). */
export type TableAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchWriteItem'
  | 'DescribeTable';

const READ_ONLY: readonly TableAction[] = ['GetItem', 'Query', 'Scan', 'DescribeTable'];

export class DafaaFunction extends NodejsFunction {
  /** The file in functions/ this function runs: how a local run finds its handler. */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: DafaaFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: RetentionDays.ONE_YEAR });
    // A role of its own, writing only to its own log group (not the AWS-managed basic execution role).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `dafaa ${props.entry}: exactly what the function calls`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    super(scope, id, {
      entry: join(REPOSITORY_ROOT, 'functions', `${props.entry}.ts`),
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: props.timeout,
      memorySize: props.memorySize ?? 512,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      bundling: {
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.ESM,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        banner: LAMBDA_BUNDLING.banner,
        // aws-cdk-lib declares `charset` but does not pass it to esbuild: the raw argument does.
        esbuildArgs: {
          '--charset': LAMBDA_BUNDLING.charset,
          ...Object.fromEntries(
            Object.entries(LAMBDA_BUNDLING.alias).map(([from, to]) => [`--alias:${from}`, to]),
          ),
        },
        externalModules: [],
        forceDockerBundling: false,
      },
      environment: {
        POWERTOOLS_SERVICE_NAME: serviceNameOf(props.entry),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    });
    this.entry = props.entry;
    acknowledgeActionsOnAnyResource(
      defaultPolicyOf(role),
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      'active tracing writes to X-Ray, whose actions take no resource.',
    );
  }

  /**
   * Sets `variable` to the table's name and allows exactly `actions` on the table and its key, and
   * Query on each index named in `queryIndexes` (on no other index).
   */
  bindTable(
    table: ITable,
    variable: string,
    actions: readonly TableAction[],
    options: { readonly queryIndexes?: readonly string[] } = {},
  ): this {
    this.addEnvironment(variable, table.tableName);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn],
      }),
    );
    const indexes = options.queryIndexes ?? [];
    if (indexes.length > 0) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexes.map((index) => `${table.tableArn}/index/${index}`),
        }),
      );
    }
    const writes = actions.some((action) => !READ_ONLY.includes(action));
    const keyActions = ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'];
    table.encryptionKey?.grant(
      this,
      'kms:Decrypt',
      'kms:DescribeKey',
      ...(writes ? keyActions : []),
    );
    if (writes && table.encryptionKey) {
      for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
        acknowledgeWildcardAction(
          defaultPolicyOf(this.role),
          action,
          `writing a table encrypted with a customer managed key, DynamoDB uses the key under the writer's permissions; ${action} is the family its key policy examples grant, and here only on the table's key.`,
        );
      }
    }
    return this;
  }

  /** Sets `variable` to the queue's URL and allows sending to it (SendMessageBatch is authorised as SendMessage). */
  bindQueueForSending(queue: IQueue, variable: string): this {
    this.addEnvironment(variable, queue.queueUrl);
    this.addToRolePolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
    );
    // A producer to a KMS-encrypted queue needs a data key, and Decrypt to reuse a cached one.
    queue.encryptionMasterKey?.grant(this, 'kms:GenerateDataKey', 'kms:Decrypt');
    return this;
  }

  /**
   * Sets `variable` to the state machine's ARN and allows starting an execution of it, and asking
   * how one of its executions ended (DescribeExecution, on its executions only): a month's
   * execution is named per month and per retry, so it cannot be listed in advance.
   */
  bindStateMachine(stateMachine: StateMachine, variable: string): this {
    this.addEnvironment(variable, stateMachine.stateMachineArn);
    stateMachine.grantStartExecution(this);
    const stack = Stack.of(this);
    this.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:DescribeExecution'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${stateMachine.stateMachineName}:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    const { partition, region, account } = arnPartsAsFound(this);
    Validations.of(defaultPolicyOf(this.role)).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:${account}:execution:${attributeAsFound(stateMachine, 'Name')}:*]`,
      reason: `states:DescribeExecution only, on the executions of the cycle state machine: ${this.entry} asks how a month\u2019s execution ended, by a name chosen per month and per retry that cannot be listed in advance.`,
    });
    return this;
  }

  /**
   * Sets USER_POOL_ID and USER_POOL_CLIENT_IDS (comma-separated) to the pool the function verifies
   * access tokens from and the app clients it accepts. No grant: the pool's signing keys are public
   * (its JWKS), read over HTTPS without AWS credentials.
   */
  bindUserPool(userPool: IUserPool, clients: readonly IUserPoolClient[]): this {
    this.addEnvironment('USER_POOL_ID', userPool.userPoolId);
    this.addEnvironment(
      'USER_POOL_CLIENT_IDS',
      clients.map((client) => client.userPoolClientId).join(','),
    );
    return this;
  }
}
