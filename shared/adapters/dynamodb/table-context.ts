import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditLog } from '../../audit/ports.ts';
import type { AuditTrail } from '../../audit/verify-audit-log.ts';
import { createBundledBankCalendar } from '../../calendar/bundled-calendar.ts';
import type { CycleId } from '../../calendar/calendar-date.ts';
import { computeDisbursementDate } from '../../calendar/compute-disbursement-date.ts';
import type { OverrideDeps } from '../../calendar/manage-overrides.ts';
import { defaultPaymentSchedule } from '../../calendar/payment-schedule.ts';
import type { OpsSettings } from '../../config/ops-settings.ts';
import { defaultProgramRules } from '../../config/program-rules.ts';
import type { ApprovalDeps } from '../../cycles/approvals.ts';
import { createArrearsBasis } from '../../cycles/arrears-basis.ts';
import { type CycleDeps, type CycleTuning, defaultCycleTuning } from '../../cycles/cycle-deps.ts';
import type { CycleExecutions } from '../../cycles/ports.ts';
import { bundledEntitlementPolicies } from '../../entitlement/entitlement-policy.ts';
import type { NotificationQueue } from '../../notifications/ports.ts';
import type { ObjectionChangeDeps } from '../../objections/notify-objection-change.ts';
import type { ObjectionDeps } from '../../objections/objection-use-cases.ts';
import type { OpsApiDeps } from '../../ops-api/ops-app.ts';
import { DynamoDbApprovals } from './dynamodb-approvals.ts';
import { DynamoDbAuditLog } from './dynamodb-audit-log.ts';
import { DynamoDbCalendarOverrides } from './dynamodb-calendar-overrides.ts';
import { DynamoDbCycleRepository } from './dynamodb-cycle-repository.ts';
import { DynamoDbDeliveryRepository } from './dynamodb-delivery-repository.ts';
import { DynamoDbHouseholdRepository } from './dynamodb-household-repository.ts';
import { DynamoDbObjectionRepository } from './dynamodb-objection-repository.ts';
import { DynamoDbPaymentRepository } from './dynamodb-payment-repository.ts';
import { DynamoDbSuppressionList } from './dynamodb-suppression-list.ts';
import type { DafaaTableNames } from './table-specs.ts';

/**
 * The commands' dependencies on the program's tables, wherever they are: the local stack
 * (`local-context.ts`) and a deployment (`aws-context.ts`) differ only in the client, the table
 * names and the notification queue they pass in.
 */

export type OpsTableNames = Pick<
  DafaaTableNames,
  'households' | 'payments' | 'cycles' | 'objections' | 'deliveries' | 'suppressions' | 'audit'
>;

/** The cycle's dependencies on these tables, its messages going to `notifications`. */
export function cycleDepsOnTables(
  client: DynamoDBDocumentClient,
  tables: Pick<OpsTableNames, 'households' | 'payments' | 'cycles'>,
  notifications: NotificationQueue,
  tuning: Partial<CycleTuning> = {},
): CycleDeps {
  return {
    households: new DynamoDbHouseholdRepository(client, tables.households),
    payments: new DynamoDbPaymentRepository(client, tables.payments, tables.households),
    cycles: new DynamoDbCycleRepository(client, tables.cycles),
    notifications,
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    calendarOverrides: new DynamoDbCalendarOverrides(client, tables.cycles),
    policies: bundledEntitlementPolicies(),
    rules: defaultProgramRules,
    clock: { now: () => new Date() },
    tuning: { ...defaultCycleTuning, ...tuning },
  };
}

/**
 * What the ops commands need beside the cycle: audit, approvals (held against `settings`, which the
 * caller read from its environment), deliveries, overrides, objections, suppressed addresses.
 */
export function opsDepsOnTables(
  client: DynamoDBDocumentClient,
  tables: OpsTableNames,
  cycle: CycleDeps,
  settings: OpsSettings,
  /** What happens to every entry these deps append (the local CLI notes how it came, and says so). */
  recording?: (log: AuditLog) => AuditLog,
) {
  const { clock } = cycle;
  const log = new DynamoDbAuditLog(client, tables.audit, clock);
  const audit: AuditLog & AuditTrail = recording
    ? { append: recording(log).append, list: () => log.list() }
    : log;
  const approvals: ApprovalDeps = {
    approvals: new DynamoDbApprovals(client, tables.cycles),
    audit,
    settings,
    clock,
  };
  const overrides: OverrideDeps = {
    overrides: new DynamoDbCalendarOverrides(client, tables.cycles),
    audit,
  };
  const paymentDateOf = (month: CycleId) => computeDisbursementDate(cycle.calendar, month).date;
  const objections: ObjectionDeps = {
    objections: new DynamoDbObjectionRepository(client, tables.objections, tables.households),
    rules: cycle.rules.objections,
    resultDate: paymentDateOf,
    arrearsBasis: createArrearsBasis(cycle),
    clock,
  };
  const change: ObjectionChangeDeps = {
    households: cycle.households,
    notifications: cycle.notifications,
    paymentDateOf,
  };
  const deliveries = new DynamoDbDeliveryRepository(client, tables.deliveries);
  const suppressions = new DynamoDbSuppressionList(client, tables.suppressions);
  return {
    audit,
    approvals,
    deliveries,
    suppressions: { suppressions, audit, clock },
    overrides,
    objections: { objections, change, audit, deliveries },
  };
}

/**
 * The ops API's dependencies on these tables (all but the token verifier): the same adapters in the
 * Lambda (functions/ops-api.ts) and the local server (cli/local-stack/local-ops-api.ts), which
 * differ in the client, the names, the queue and where a month's executions run.
 */
export function opsApiDepsOnTables<Executions extends CycleExecutions>(
  client: DynamoDBDocumentClient,
  tables: OpsTableNames,
  notifications: NotificationQueue,
  settings: OpsSettings,
  executionsFor: (deps: { cycle: CycleDeps; approvals: ApprovalDeps }) => Executions,
): Omit<OpsApiDeps, 'verifier'> & { readonly executions: Executions } {
  const cycle = cycleDepsOnTables(client, tables, notifications);
  const ops = opsDepsOnTables(client, tables, cycle, settings);
  return {
    cycle,
    settings,
    audit: ops.audit,
    approvals: ops.approvals.approvals,
    overrides: ops.overrides.overrides,
    objections: ops.objections.objections,
    objectionChange: ops.objections.change,
    deliveries: ops.deliveries,
    suppressions: ops.suppressions.suppressions,
    executions: executionsFor({ cycle, approvals: ops.approvals }),
  };
}
