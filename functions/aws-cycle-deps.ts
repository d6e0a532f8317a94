import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbApprovals } from '../shared/adapters/dynamodb/dynamodb-approvals.ts';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { DynamoDbCalendarOverrides } from '../shared/adapters/dynamodb/dynamodb-calendar-overrides.ts';
import { DynamoDbCycleRepository } from '../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { DynamoDbHouseholdRepository } from '../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { DynamoDbPaymentRepository } from '../shared/adapters/dynamodb/dynamodb-payment-repository.ts';
import { BULK_RETRY } from '../shared/adapters/retry-policy.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { requireEnv } from '../shared/config/env.ts';
import { opsSettingsFromEnvironment } from '../shared/config/ops-settings.ts';
import { defaultProgramRules } from '../shared/config/program-rules.ts';
import { type CycleDeps, defaultCycleTuning } from '../shared/cycles/cycle-deps.ts';
import type { FinalizeDeps } from '../shared/cycles/finalize-cycle.ts';
import type { GateDeps } from '../shared/cycles/gate-cycle.ts';
import type { PayDeps, SegmentProgress } from '../shared/cycles/pay-segment.ts';
import type { PlanDeps } from '../shared/cycles/plan-cycle.ts';
import type { ProjectDeps } from '../shared/cycles/project-segment.ts';
import { bundledEntitlementPolicies } from '../shared/entitlement/entitlement-policy.ts';
import { DafaaError } from '../shared/errors/dafaa-error.ts';
import { describeIssues } from '../shared/validation/describe-issues.ts';
import * as z from '../shared/validation/zod.ts';
import { captureClient } from './observability.ts';

/**
 * What the cycle functions (plan, project, gate, segment, finalize) share: the cycle's dependencies in AWS,
 * built from the environment the stack sets, and how they read the state machine's input. Each
 * function reads only the variables of the tables and queue it calls (the stack binds no others).
 */

/** A cycle function's dependencies: the cycle's ports and rules. */
export interface CycleFunctionDeps<Deps = CycleDeps> {
  readonly cycle: Deps;
  /** Told after every page of a segment (a local progress bar); no one listens in AWS. */
  readonly onProgress?: (progress: SegmentProgress) => void;
}

/** The state machine handed a function an input it cannot use. */
export class InvalidEventError extends DafaaError {
  override readonly name: string = 'InvalidEventError';
}

/**
 * The parts that touch no AWS service: the bundled policies, rules, tuning, clock. The bundled
 * calendar is apart: only planning reads it, and the functions that do not are bundled without it
 * (its data and the Umm al-Qura table).
 */
function bundledRules() {
  return {
    policies: bundledEntitlementPolicies(),
    rules: defaultProgramRules,
    clock: { now: () => new Date() },
    tuning: defaultCycleTuning,
  };
}

const cycles = (client: DynamoDBDocumentClient, env: NodeJS.ProcessEnv) =>
  new DynamoDbCycleRepository(client, requireEnv(env, 'CYCLES_TABLE'));

/**
 * A segment's dependencies in AWS (what paying a segment calls): the three DynamoDB tables
 * (`HOUSEHOLDS_TABLE`, `PAYMENTS_TABLE`, `CYCLES_TABLE`), the SQS notify queue (`NOTIFY_QUEUE_URL`),
 * and the bundled policies, rules and tuning. A missing variable fails here, named.
 */
export function segmentDepsFromEnvironment(env: NodeJS.ProcessEnv): PayDeps {
  const householdsTable = requireEnv(env, 'HOUSEHOLDS_TABLE');
  const paymentsTable = requireEnv(env, 'PAYMENTS_TABLE');
  const notifyQueueUrl = requireEnv(env, 'NOTIFY_QUEUE_URL');
  const client = createDocumentClient(BULK_RETRY, captureClient);
  return {
    ...bundledRules(),
    households: new DynamoDbHouseholdRepository(client, householdsTable),
    payments: new DynamoDbPaymentRepository(client, paymentsTable, householdsTable),
    cycles: cycles(client, env),
    notifications: new SqsNotificationQueue(
      captureClient(new SQSClient(BULK_RETRY)),
      notifyQueueUrl,
    ),
  };
}

/** The register and the cycles, with the bundled rules: what planning and projecting both read. */
function registerAndCycles(client: DynamoDBDocumentClient, env: NodeJS.ProcessEnv) {
  return {
    ...bundledRules(),
    households: new DynamoDbHouseholdRepository(client, requireEnv(env, 'HOUSEHOLDS_TABLE')),
    cycles: cycles(client, env),
  };
}

/**
 * Planning's dependencies in AWS: `HOUSEHOLDS_TABLE` and `CYCLES_TABLE` (with the overrides), and
 * the bundled calendar.
 */
export function planDepsFromEnvironment(env: NodeJS.ProcessEnv): PlanDeps {
  const client = createDocumentClient(BULK_RETRY, captureClient);
  return {
    ...registerAndCycles(client, env),
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    calendarOverrides: new DynamoDbCalendarOverrides(client, requireEnv(env, 'CYCLES_TABLE')),
  };
}

/** Projecting's dependencies in AWS: `HOUSEHOLDS_TABLE` and `CYCLES_TABLE`. */
export function projectDepsFromEnvironment(env: NodeJS.ProcessEnv): ProjectDeps {
  return registerAndCycles(createDocumentClient(BULK_RETRY, captureClient), env);
}

/**
 * The gate's dependencies in AWS: `CYCLES_TABLE` (approval requests live there too), `AUDIT_TABLE`,
 * and the thresholds (`DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS`, `DAFAA_APPROVAL_CHANGE_ABOVE`).
 */
export function gateDepsFromEnvironment(env: NodeJS.ProcessEnv): GateDeps {
  const cyclesTable = requireEnv(env, 'CYCLES_TABLE');
  const client = createDocumentClient(BULK_RETRY, captureClient);
  const clock = { now: () => new Date() };
  return {
    cycles: cycles(client, env),
    clock,
    approvals: {
      approvals: new DynamoDbApprovals(client, cyclesTable),
      audit: new DynamoDbAuditLog(client, requireEnv(env, 'AUDIT_TABLE'), clock),
      settings: opsSettingsFromEnvironment(env),
      clock,
    },
  };
}

/** Finalizing's dependencies in AWS: `CYCLES_TABLE`. */
export function finalizeDepsFromEnvironment(env: NodeJS.ProcessEnv): FinalizeDeps {
  return {
    cycles: cycles(createDocumentClient(BULK_RETRY, captureClient), env),
    clock: { now: () => new Date() },
  };
}

/** Validates a function's input, refusing a bad one with a named error that says what is wrong. */
export function parseEvent<T>(schema: z.core.$ZodType<T>, event: unknown, what: string): T {
  const result = z.safeParse(schema, event);
  if (!result.success) {
    throw new InvalidEventError(`${what} is not valid: ${describeIssues(result.error)}`);
  }
  return result.data;
}
