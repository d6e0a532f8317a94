import { createBundledBankCalendar } from '../../shared/calendar/bundled-calendar.ts';
import { defaultPaymentSchedule } from '../../shared/calendar/payment-schedule.ts';
import { defaultProgramRules } from '../../shared/config/program-rules.ts';
import { type CycleDeps, defaultCycleTuning } from '../../shared/cycles/cycle-deps.ts';
import { bundledEntitlementPolicies } from '../../shared/entitlement/entitlement-policy.ts';
import {
  InMemoryCycleRepository,
  InMemoryHouseholdRepository,
  InMemoryNotificationQueue,
  InMemoryPaymentRepository,
} from './fakes/in-memory-cycle-ports.ts';

/** The cycle's dependencies on in-memory fakes, with the fakes exposed for assertions. */
export function inMemoryCycle() {
  const households = new InMemoryHouseholdRepository();
  const payments = new InMemoryPaymentRepository(households);
  const cycles = new InMemoryCycleRepository();
  const notifications = new InMemoryNotificationQueue();
  const deps: CycleDeps = {
    households,
    payments,
    cycles,
    notifications,
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    policies: bundledEntitlementPolicies(),
    rules: defaultProgramRules,
    clock: { now: () => new Date('2026-12-01T09:00:00Z') },
    tuning: { ...defaultCycleTuning, pageSize: 5, writeConcurrency: 3, minSegments: 3 },
  };
  return { deps, households, payments, cycles, notifications };
}
