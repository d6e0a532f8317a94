import type { DisbursementDeps } from '../calendar/compute-disbursement-date.ts';
import type { CalendarOverrideRepository } from '../calendar/ports.ts';
import type { ProgramRules } from '../config/program-rules.ts';
import type { bundledEntitlementPolicies } from '../entitlement/entitlement-policy.ts';
import type { HouseholdRepository } from '../households/ports.ts';
import type { NotificationQueue } from '../notifications/ports.ts';
import type { CycleRepository, PaymentRepository } from './ports.ts';

/** What the cycle's use cases work with: the ports, the rules, and how hard to push. */
export interface CycleDeps {
  readonly households: HouseholdRepository;
  readonly payments: PaymentRepository;
  readonly cycles: CycleRepository;
  readonly notifications: NotificationQueue;
  readonly calendar: DisbursementDeps;
  /** Calendar overrides ops stored; planning applies them on top of the shipped calendar. */
  readonly calendarOverrides?: Pick<CalendarOverrideRepository, 'list'>;
  readonly policies: ReturnType<typeof bundledEntitlementPolicies>;
  readonly rules: ProgramRules;
  readonly clock: { now(): Date };
  readonly tuning: CycleTuning;
}

export interface CycleTuning {
  /** Households per scan page; the segment checkpoints after each page. */
  readonly pageSize: number;
  /** Conditional writes in flight per segment. */
  readonly writeConcurrency: number;
  /** The plan aims for segments of about this many households... */
  readonly householdsPerSegment: number;
  /** ...within these bounds. */
  readonly minSegments: number;
  readonly maxSegments: number;
}

export const defaultCycleTuning: CycleTuning = {
  pageSize: 250,
  writeConcurrency: 16,
  householdsPerSegment: 25_000,
  minSegments: 4,
  maxSegments: 1_000,
};
