import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbApprovals } from '../shared/adapters/dynamodb/dynamodb-approvals.ts';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { DynamoDbCalendarOverrides } from '../shared/adapters/dynamodb/dynamodb-calendar-overrides.ts';
import { DynamoDbCycleRepository } from '../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { DynamoDbHouseholdRepository } from '../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { DynamoDbObjectionRepository } from '../shared/adapters/dynamodb/dynamodb-objection-repository.ts';
import { DynamoDbPaymentRepository } from '../shared/adapters/dynamodb/dynamodb-payment-repository.ts';
import { StepFunctionsCycleStarter } from '../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import type { CycleId } from '../shared/calendar/calendar-date.ts';
import { computeDisbursementDate } from '../shared/calendar/compute-disbursement-date.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { defaultProgramRules } from '../shared/config/program-rules.ts';
import { createArrearsBasis } from '../shared/cycles/arrears-basis.ts';
import { type CycleDeps, defaultCycleTuning } from '../shared/cycles/cycle-deps.ts';
import { bundledEntitlementPolicies } from '../shared/entitlement/entitlement-policy.ts';
import type { ObjectionChangeDeps } from '../shared/objections/notify-objection-change.ts';
import type { ObjectionDeps } from '../shared/objections/objection-use-cases.ts';
import { opsSettingsFromEnvironment } from './local-context.ts';
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

/** Everything the ops commands need, wired to the deployment. */
export async function awsContext(
  target: AwsTarget,
  clients: { cloudFormation?: CloudFormationClient; sfn?: SFNClient; sqs?: SQSClient } = {},
) {
  const outputs = await awsStackOutputs(
    clients.cloudFormation ?? new CloudFormationClient({ region: target.region }),
    target,
  );
  const documents = createDocumentClient({ region: target.region });
  const clock = { now: () => new Date() };
  const queue = new SqsNotificationQueue(
    clients.sqs ?? new SQSClient({ region: target.region }),
    outputs.NotifyQueueUrl,
  );
  const cycles = new DynamoDbCycleRepository(documents, outputs.CyclesTableName);
  const cycleDeps: CycleDeps = {
    households: new DynamoDbHouseholdRepository(documents, outputs.HouseholdsTableName),
    payments: new DynamoDbPaymentRepository(
      documents,
      outputs.PaymentsTableName,
      outputs.HouseholdsTableName,
    ),
    cycles,
    notifications: queue,
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    calendarOverrides: new DynamoDbCalendarOverrides(documents, outputs.CyclesTableName),
    policies: bundledEntitlementPolicies(),
    rules: defaultProgramRules,
    clock,
    tuning: defaultCycleTuning,
  };
  const audit = new DynamoDbAuditLog(documents, outputs.AuditTableName, clock);
  const paymentDateOf = (month: CycleId) => computeDisbursementDate(cycleDeps.calendar, month).date;
  const objectionDeps: {
    objections: ObjectionDeps;
    change: ObjectionChangeDeps;
    audit: DynamoDbAuditLog;
  } = {
    objections: {
      objections: new DynamoDbObjectionRepository(
        documents,
        outputs.ObjectionsTableName,
        outputs.HouseholdsTableName,
      ),
      rules: cycleDeps.rules.objections,
      resultDate: paymentDateOf,
      arrearsBasis: createArrearsBasis(cycleDeps),
      clock,
    },
    change: { households: cycleDeps.households, notifications: queue, paymentDateOf },
    audit,
  };
  return {
    cycleDeps,
    ops: {
      audit,
      approvals: {
        approvals: new DynamoDbApprovals(documents, outputs.CyclesTableName),
        audit,
        settings: opsSettingsFromEnvironment(),
        clock,
      },
      deliveries: new DynamoDbDeliveryRepository(documents, outputs.DeliveriesTableName),
      starter: new StepFunctionsCycleStarter(
        clients.sfn ?? new SFNClient({ region: target.region }),
        outputs.StateMachineArn,
      ),
    },
    overrides: {
      overrides: new DynamoDbCalendarOverrides(documents, outputs.CyclesTableName),
      audit,
    },
    objections: objectionDeps,
  };
}
