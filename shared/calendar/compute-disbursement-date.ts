import type { BankCalendar, ClosedBy } from './bank-calendar.ts';
import type { PaymentDateOverride } from './bank-calendar-data.ts';
import {
  addDays,
  type CycleId,
  cycleYearMonth,
  type IsoDate,
  isoDate,
  type Weekday,
} from './calendar-date.ts';
import { CalendarError } from './errors.ts';
import { assertInUmmAlQuraRange } from './hijri-date.ts';
import { type PaymentSchedule, paymentNumberOf } from './payment-schedule.ts';

/**
 * The disbursement date of a monthly cycle.
 * In: the bank calendar, the payment schedule and a cycle ("2027-03").
 * Out: the payment date, the payment number and the reason, as data a person can be shown.
 *
 * The rule: the 10th. On the weekend's first day (Friday) it pays the day before, on its second day
 * (Saturday) the day after. If the 10th, or the day the weekend moved it to, is inside a closure (an
 * Eid closure, a holiday, an ops closed day), it pays on the last working day before that closure.
 * A payment date announced by the program (an ops override) wins over all of it.
 */

export type DisbursementReason =
  /** The 10th is a working day. */
  | { readonly kind: 'regular' }
  /** The 10th is on the weekend and the neighbouring day is open. */
  | { readonly kind: 'weekend-shift'; readonly weekday: Weekday }
  /** `closedDate` (the 10th, or where the weekend moved it) is closed; paid the last working day before. */
  | {
      readonly kind: 'closed';
      readonly closedDate: IsoDate;
      readonly closedBy: ClosedBy;
      readonly weekendWeekday?: Weekday;
    }
  /** The program announced the date; ops recorded it as an override. */
  | { readonly kind: 'announced'; readonly override: PaymentDateOverride };

export interface Disbursement {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  /** The 10th of the month, before any move. */
  readonly nominalDate: IsoDate;
  readonly date: IsoDate;
  readonly reason: DisbursementReason;
}

export interface DisbursementDeps {
  readonly calendar: BankCalendar;
  readonly schedule: PaymentSchedule;
}

/** No Saudi bank closure has come near this; a longer walk means the data is wrong. */
const LONGEST_CLOSURE_DAYS = 45;

export function computeDisbursementDate(deps: DisbursementDeps, cycle: CycleId): Disbursement {
  const { calendar, schedule } = deps;
  const { year, month } = cycleYearMonth(cycle);
  const nominalDate = isoDate(year, month, schedule.paymentDayOfMonth);
  assertInUmmAlQuraRange(nominalDate);
  const paid = (date: IsoDate, reason: DisbursementReason): Disbursement => ({
    cycle,
    paymentNumber: paymentNumberOf(schedule, cycle),
    nominalDate,
    date,
    reason,
  });

  const override = calendar.paymentDateOverride(cycle);
  if (override) return paid(override.date, { kind: 'announced', override });

  const nominal = calendar.dayStatus(nominalDate);
  if (nominal.working) return paid(nominalDate, { kind: 'regular' });
  if (nominal.closedBy.kind !== 'weekend') {
    return paid(lastWorkingDayBefore(calendar, nominalDate), {
      kind: 'closed',
      closedDate: nominalDate,
      closedBy: nominal.closedBy,
    });
  }

  const { weekday } = nominal.closedBy;
  const [firstWeekendDay] = calendar.weekendOf(nominalDate);
  const moved = addDays(nominalDate, weekday === firstWeekendDay ? -1 : 1);
  const movedStatus = calendar.dayStatus(moved);
  if (movedStatus.working) return paid(moved, { kind: 'weekend-shift', weekday });
  return paid(lastWorkingDayBefore(calendar, moved), {
    kind: 'closed',
    closedDate: moved,
    closedBy: movedStatus.closedBy,
    weekendWeekday: weekday,
  });
}

function lastWorkingDayBefore(calendar: BankCalendar, closedDate: IsoDate): IsoDate {
  for (let back = 1; back <= LONGEST_CLOSURE_DAYS; back += 1) {
    const candidate = addDays(closedDate, -back);
    if (calendar.isWorkingDay(candidate)) return candidate;
  }
  throw new CalendarError(
    `no bank working day in the ${LONGEST_CLOSURE_DAYS} days before ${closedDate}: check the calendar data and overrides`,
  );
}
