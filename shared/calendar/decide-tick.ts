import {
  addMonths,
  type CycleId,
  cycleOf,
  cyclesBetween,
  daysBetween,
  type IsoDate,
} from './calendar-date.ts';
import {
  computeDisbursementDate,
  type Disbursement,
  type DisbursementDeps,
} from './compute-disbursement-date.ts';

/**
 * The daily tick's question.
 * In: today's Riyadh date and the last cycle that was started (null on a fresh deployment).
 * Out: the cycles to start now: a missed one first (its date passed and it never started), then the
 * one due today. A cycle can be due in the month before its own, when its date was moved early.
 */

export interface CycleToStart {
  readonly disbursement: Disbursement;
  readonly trigger: 'due-today' | 'missed';
  /** 0 when due today; otherwise how many days after its payment date the tick caught it. */
  readonly daysLate: number;
}

export interface TickInput {
  readonly today: IsoDate;
  readonly lastStartedCycle: CycleId | null;
}

/** The cycle, if any, whose payment date is `date`: its own month's, or next month's moved early. */
export function cycleDueOn(deps: DisbursementDeps, date: IsoDate): Disbursement | null {
  const thisMonth = cycleOf(date);
  for (const cycle of [thisMonth, addMonths(thisMonth, 1)]) {
    const disbursement = computeDisbursementDate(deps, cycle);
    if (disbursement.date === date) return disbursement;
  }
  return null;
}

export function decideTick(deps: DisbursementDeps, input: TickInput): CycleToStart[] {
  const { today, lastStartedCycle } = input;
  const horizon = addMonths(cycleOf(today), 1);
  if (lastStartedCycle === null) {
    const due = cycleDueOn(deps, today);
    return due ? [{ disbursement: due, trigger: 'due-today', daysLate: 0 }] : [];
  }
  return cyclesBetween(addMonths(lastStartedCycle, 1), horizon)
    .map((cycle) => computeDisbursementDate(deps, cycle))
    .filter((disbursement) => disbursement.date <= today)
    .map((disbursement) => {
      const daysLate = daysBetween(disbursement.date, today);
      return { disbursement, trigger: daysLate === 0 ? 'due-today' : 'missed', daysLate } as const;
    });
}
