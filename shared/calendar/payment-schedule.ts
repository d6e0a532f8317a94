import * as z from '../validation/zod.ts';
import { addMonths, type CycleId, cycleId, cycleIdSchema, monthsBetween } from './calendar-date.ts';

/**
 * When the program pays and how it numbers its payments. Payment 1 was December 2017; payment N is
 * the month December 2017 + (N - 1). The anchor is configuration, not code, because the public record
 * has disagreed on it before (one article called payment 38 "February 2021"; the numbered reports put
 * it in January 2021, which this default follows).
 */
export const paymentScheduleSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    paymentDayOfMonth: z.int().check(z.minimum(1), z.maximum(28)),
    numberingAnchor: z.object({ cycle: cycleIdSchema, paymentNumber: z.int().check(z.minimum(1)) }),
  }),
);

export type PaymentSchedule = z.infer<typeof paymentScheduleSchema>;

/**
 * The program's schedule, as data: held to `paymentScheduleSchema` by a unit test
 * (test/unit/config/defaults.test.ts) rather than parsed at every cold start.
 */
export const defaultPaymentSchedule: PaymentSchedule = {
  paymentDayOfMonth: 10,
  numberingAnchor: { cycle: /* @__PURE__ */ cycleId(2017, 12), paymentNumber: 1 },
};

/** The payment number of a cycle, or null for a month before the program's first payment. */
export function paymentNumberOf(schedule: PaymentSchedule, cycle: CycleId): number | null {
  const { cycle: anchorCycle, paymentNumber } = schedule.numberingAnchor;
  const number = paymentNumber + monthsBetween(anchorCycle, cycle);
  return number >= 1 ? number : null;
}

/** The cycle that carries a payment number. */
export function cycleOfPaymentNumber(schedule: PaymentSchedule, paymentNumber: number): CycleId {
  const { cycle: anchorCycle, paymentNumber: anchorNumber } = schedule.numberingAnchor;
  return addMonths(anchorCycle, paymentNumber - anchorNumber);
}
