import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import {
  cycleDepsOnTables,
  type OpsTableNames,
  opsDepsOnTables,
} from '../shared/adapters/dynamodb/table-context.ts';
import { StepFunctionsCycleStarter } from '../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { opsSettingsFromEnvironment } from '../shared/config/ops-settings.ts';
import { LocalStackError } from './local-stack/errors.ts';

/**
 * The composition root of `--target aws`: the deployed stage's table names, queue and state machine
 * from the stateless stack's outputs, and the same adapters the Lambdas use, so every ops command
 * runs the same use cases against the deployment. Credentials come from the usual AWS chain.
 */

export interface AwsTarget {
  readonly stage: string;
  readonly region: string;
}

/** The stack is not deployed, or not in that region, or has not the outputs this CLI needs. */
export class AwsTargetError extends LocalStackError {
  override readonly name: string = 'AwsTargetError';
}

export const REQUIRED_OUTPUTS = [
  'StateMachineArn',
  'NotifyQueueUrl',
  'HouseholdsTableName',
  'PaymentsTableName',
  'CyclesTableName',
  'DeliveriesTableName',
  'SuppressionsTableName',
  'AuditTableName',
  'ObjectionsTableName',
] as const;

type StackOutputs = Record<(typeof REQUIRED_OUTPUTS)[number], string>;

export async function awsStackOutputs(
  client: CloudFormationClient,
  target: AwsTarget,
): Promise<StackOutputs> {
  const stackName = `Dafaa-${target.stage}-Stateless`;
  let stackOutputs: { OutputKey?: string | undefined; OutputValue?: string | undefined }[] = [];
  try {
    const described = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    stackOutputs = described?.Stacks?.[0]?.Outputs ?? [];
  } catch (error) {
    // CloudFormation answers a ValidationError ("Stack with id ... does not exist") for a missing stack.
    const missing =
      error instanceof Error &&
      (error.name === 'ValidationError' || /does not exist/.test(error.message));
    if (!missing) throw error;
  }
  const outputs = Object.fromEntries(
    stackOutputs.map((output) => [output.OutputKey, output.OutputValue]),
  );
  const missing = REQUIRED_OUTPUTS.filter((key) => typeof outputs[key] !== 'string');
  if (missing.length > 0) {
    throw new AwsTargetError(
      `${stackName} in ${target.region} has no output ${missing.join(', ')}: deploy it first (docs/deploy.md)`,
    );
  }
  return outputs as StackOutputs;
}

/** Everything the ops commands need, wired to the deployment; the approval thresholds from `env`. */
export async function awsContext(
  target: AwsTarget,
  clients: { cloudFormation?: CloudFormationClient; sfn?: SFNClient; sqs?: SQSClient } = {},
  env: NodeJS.ProcessEnv = process.env,
) {
  const outputs = await awsStackOutputs(
    clients.cloudFormation ?? new CloudFormationClient({ region: target.region }),
    target,
  );
  const client = createDocumentClient({ region: target.region });
  const tables: OpsTableNames = {
    households: outputs.HouseholdsTableName,
    payments: outputs.PaymentsTableName,
    cycles: outputs.CyclesTableName,
    objections: outputs.ObjectionsTableName,
    deliveries: outputs.DeliveriesTableName,
    suppressions: outputs.SuppressionsTableName,
    audit: outputs.AuditTableName,
  };
  const queue = new SqsNotificationQueue(
    clients.sqs ?? new SQSClient({ region: target.region }),
    outputs.NotifyQueueUrl,
  );
  const cycleDeps = cycleDepsOnTables(client, tables, queue);
  const { overrides, objections, ...ops } = opsDepsOnTables(
    client,
    tables,
    cycleDeps,
    opsSettingsFromEnvironment(env),
  );
  const starter = new StepFunctionsCycleStarter(
    clients.sfn ?? new SFNClient({ region: target.region }),
    outputs.StateMachineArn,
  );
  return { cycleDeps, ops: { ...ops, starter }, overrides, objections };
}
