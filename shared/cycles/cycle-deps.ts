import type { z } from 'zod';
import type { DisbursementDeps } from '../calendar/compute-disbursement-date.ts';
import type { ProgramRules } from '../config/program-rules.ts';
import type { bundledEntitlementPolicies } from '../entitlement/entitlement-policy.ts';
import type { CalendarOverrideRepository } from '../ports/calendar-override-repository.ts';
import type { CycleRepository } from '../ports/cycle-repository.ts';
import type { HouseholdRepository } from '../ports/household-repository.ts';
import type { NotificationQueue } from '../ports/notification-queue.ts';
import type { PaymentRepository } from '../ports/payment-repository.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import { CycleError } from './errors.ts';

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

/** Parses data read back through a port, turning a mismatch into a named error. */
export function parseStored<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  if (input === undefined) throw new CycleError(`${what} does not exist`);
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new CycleError(`${what} is not readable: ${describeIssues(result.error)}`);
  }
  return result.data;
}
