import {
  type CalendarOverride,
  calendarOverrideSchema,
} from '../../shared/calendar/bank-calendar-data.ts';
import { createBundledBankCalendar } from '../../shared/calendar/bundled-calendar.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import type { DisbursementDeps } from '../../shared/calendar/compute-disbursement-date.ts';
import { defaultPaymentSchedule } from '../../shared/calendar/payment-schedule.ts';

/** The shipped calendar and schedule, with extra overrides where a test needs them. */
export function calendarDeps(overrides: readonly CalendarOverride[] = []): DisbursementDeps {
  return { calendar: createBundledBankCalendar(overrides), schedule: defaultPaymentSchedule };
}

type OverrideInput =
  | { kind: 'closed-day' | 'open-day'; date: string; reason?: string }
  | { kind: 'payment-date'; cycle: string; date: string; reason?: string };

/** An override as ops would record it, validated by the real schema. */
export function override(input: OverrideInput): CalendarOverride {
  return calendarOverrideSchema.parse({
    reason: 'test override',
    recordedBy: 'test',
    recordedAt: '2026-11-21',
    ...input,
  });
}

/** Test literals as the branded types (the values are checked where they matter). */
export const d = (text: string) => text as IsoDate;
export const c = (text: string) => text as CycleId;
