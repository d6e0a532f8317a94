import { createBundledBankCalendar } from '../../shared/calendar/bundled-calendar.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { defaultPaymentSchedule } from '../../shared/calendar/payment-schedule.ts';
import { defaultProgramRules } from '../../shared/config/program-rules.ts';
import type { CycleContext } from '../../shared/cycles/assess-household.ts';
import { type CycleDeps, defaultCycleTuning } from '../../shared/cycles/cycle-deps.ts';
import {
  bundledEntitlementPolicies,
  policyForCycle,
} from '../../shared/entitlement/entitlement-policy.ts';
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

class WriteAttemptedError extends Error {
  override readonly name = 'WriteAttemptedError';
}

/** The same ports with every write method throwing: a dry run that writes fails loudly. */
export function readOnlyCycle(deps: CycleDeps): CycleDeps {
  const refuse = (what: string) => async (): Promise<never> => {
    throw new WriteAttemptedError(`${what} was called`);
  };
  return {
    ...deps,
    households: {
      estimateCount: () => deps.households.estimateCount(),
      scanSegment: (input) => deps.households.scanSegment(input),
      get: (householdId) => deps.households.get(householdId),
      putMany: refuse('households.putMany'),
    },
    payments: {
      get: (cycle, householdId) => deps.payments.get(cycle, householdId),
      listCycle: (cycle) => deps.payments.listCycle(cycle),
      writeOnce: refuse('payments.writeOnce'),
    },
    cycles: {
      get: (cycle) => deps.cycles.get(cycle),
      getSegment: (cycle, segment) => deps.cycles.getSegment(cycle, segment),
      listSegments: (cycle) => deps.cycles.listSegments(cycle),
      listCycles: () => deps.cycles.listCycles(),
      createIfAbsent: refuse('cycles.createIfAbsent'),
      beginRun: refuse('cycles.beginRun'),
      finish: refuse('cycles.finish'),
      setHold: refuse('cycles.setHold'),
      putSegment: refuse('cycles.putSegment'),
    },
    notifications: { enqueue: refuse('notifications.enqueue') },
  };
}

/** What assessing a household in December 2026 (payment 109, on the 10th) is given; `segment` aside. */
export function aDecemberContext(segment = 0): CycleContext {
  const cycle = '2026-12' as CycleId;
  return {
    cycle,
    paymentNumber: 109,
    paymentDate: '2026-12-10' as IsoDate,
    policy: policyForCycle(bundledEntitlementPolicies(), cycle),
    rules: defaultProgramRules,
    segment,
    writtenAt: '2026-12-01T09:00:00.000Z',
  };
}
