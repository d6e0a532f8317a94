import { addMonths, type CycleId, cycleOf, cyclesBetween, type IsoDate } from './calendar-date.ts';
import {
  computeDisbursementDate,
  type Disbursement,
  type DisbursementDeps,
} from './compute-disbursement-date.ts';

/** The disbursements of every cycle from `from` to `to`, both included. */
export function disbursementsBetween(
  deps: DisbursementDeps,
  from: CycleId,
  to: CycleId,
): Disbursement[] {
  return cyclesBetween(from, to).map((cycle) => computeDisbursementDate(deps, cycle));
}

/**
 * The next `count` disbursements paid on or after `today`. A cycle never pays after its own month,
 * so the search starts at today's month.
 */
export function nextDisbursements(
  deps: DisbursementDeps,
  today: IsoDate,
  count: number,
): Disbursement[] {
  const first = cycleOf(today);
  return disbursementsBetween(deps, first, addMonths(first, count))
    .filter((disbursement) => disbursement.date >= today)
    .slice(0, count);
}
