import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbApprovals } from '../shared/adapters/dynamodb/dynamodb-approvals.ts';
import { DynamoDbAuditLog } from '../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { DynamoDbCalendarOverrides } from '../shared/adapters/dynamodb/dynamodb-calendar-overrides.ts';
import { DynamoDbCycleRepository } from '../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { DynamoDbHouseholdRepository } from '../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { DynamoDbObjectionRepository } from '../shared/adapters/dynamodb/dynamodb-objection-repository.ts';
import { DynamoDbPaymentRepository } from '../shared/adapters/dynamodb/dynamodb-payment-repository.ts';
import { DynamoDbSuppressionList } from '../shared/adapters/dynamodb/dynamodb-suppression-list.ts';
import type { DafaaTableNames } from '../shared/adapters/dynamodb/table-specs.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import type { CycleId } from '../shared/calendar/calendar-date.ts';
import { computeDisbursementDate } from '../shared/calendar/compute-disbursement-date.ts';
import type { OverrideDeps } from '../shared/calendar/manage-overrides.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import type { OpsSettings } from '../shared/config/ops-settings.ts';
import { defaultProgramRules } from '../shared/config/program-rules.ts';
import type { ApprovalDeps } from '../shared/cycles/approvals.ts';
import { createArrearsBasis } from '../shared/cycles/arrears-basis.ts';
import {
  type CycleDeps,
  type CycleTuning,
  defaultCycleTuning,
} from '../shared/cycles/cycle-deps.ts';
import { bundledEntitlementPolicies } from '../shared/entitlement/entitlement-policy.ts';
import type { NotificationQueue } from '../shared/notifications/ports.ts';
import type { ObjectionChangeDeps } from '../shared/objections/notify-objection-change.ts';
import type { ObjectionDeps } from '../shared/objections/objection-use-cases.ts';

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
) {
  const { clock } = cycle;
  const audit = new DynamoDbAuditLog(client, tables.audit, clock);
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
