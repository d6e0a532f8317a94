import {
  addMonths,
  type CycleId,
  cycleOf,
  cyclesBetween,
  type IsoDate,
  toYearMonthDay,
} from '../calendar/calendar-date.ts';
import type { ObjectionRules } from '../config/program-rules.ts';
import type { ArrearsEntry, ArrearsLine } from '../households/household.ts';
import type { Halalas } from '../money/halalas.ts';
import { InvalidArrearsBasisError, InvalidManualArrearsError } from './errors.ts';

/**
 * The arrears (المستحقات بأثر رجعي) an accepted objection produces (entitlement.md, "Objections and
 * arrears"): the months from the contested result to the acceptance, capped at `arrearsCapMonths`,
 * each at what the household should have had that month less what it was paid; paid in the next
 * cycle when accepted before `nextCycleIfAcceptedBeforeDay`, otherwise in the one after.
 */

export type ArrearsRules = Pick<
  ObjectionRules,
  'arrearsCapMonths' | 'nextCycleIfAcceptedBeforeDay'
>;

/**
 * The last month whose payment went out before the acceptance: the acceptance month itself when
 * accepted on or after `nextCycleIfAcceptedBeforeDay` (that month's payment is made), otherwise the
 * month before. Never earlier than the result's own cycle: its result was issued with its payment, so
 * that month was missed even when its payment date came early (before the 10th, or in the month before).
 */
export function lastMissedCycle(
  rules: ArrearsRules,
  resultCycle: CycleId,
  acceptedOn: IsoDate,
): CycleId {
  const acceptedIn = cycleOf(acceptedOn);
  const paidThisMonth = toYearMonthDay(acceptedOn).day >= rules.nextCycleIfAcceptedBeforeDay;
  const last = paidThisMonth ? acceptedIn : addMonths(acceptedIn, -1);
  return last < resultCycle ? resultCycle : last;
}

/** The months arrears are counted for: the result's cycle to the last missed one, the first N of them. */
export function arrearsCycles(
  rules: ArrearsRules,
  resultCycle: CycleId,
  acceptedOn: IsoDate,
): CycleId[] {
  return cyclesBetween(resultCycle, lastMissedCycle(rules, resultCycle, acceptedOn)).slice(
    0,
    rules.arrearsCapMonths,
  );
}

/** The cycle that pays the arrears: the next one if accepted before the day, otherwise the one after. */
export function arrearsPayInCycle(rules: ArrearsRules, acceptedOn: IsoDate): CycleId {
  const acceptedBeforeDay = toYearMonthDay(acceptedOn).day < rules.nextCycleIfAcceptedBeforeDay;
  return addMonths(cycleOf(acceptedOn), acceptedBeforeDay ? 1 : 2);
}

export interface ArrearsInput {
  readonly objectionId: string;
  readonly resultCycle: CycleId;
  /** The Riyadh date the objection was accepted. */
  readonly acceptedOn: IsoDate;
  /** What the household should have received that month (halalas). */
  readonly amountDue: (cycle: CycleId) => Halalas;
  /** What it was paid that month (halalas). */
  readonly amountPaid: (cycle: CycleId) => Halalas;
}

function checkedAmount(cycle: CycleId, field: 'amountDue' | 'amountPaid', value: number): Halalas {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArrearsBasisError(cycle, field, value);
  }
  return value;
}

function entryOf(
  objectionId: string,
  payInCycle: CycleId,
  lines: readonly ArrearsLine[],
): ArrearsEntry | null {
  if (lines.length === 0) return null;
  return {
    objectionId,
    payInCycle,
    lines: [...lines],
    totalHalalas: lines.reduce((total, line) => total + line.amountHalalas, 0),
    settledInCycle: null,
  };
}

/**
 * The automatic arrears of an accepted objection.
 * Each counted month owes `amountDue - amountPaid`; months that owe nothing (or were overpaid, which
 * is not clawed back here) are left out. Null when no month owes anything.
 */
export function computeArrears(rules: ArrearsRules, input: ArrearsInput): ArrearsEntry | null {
  const lines = arrearsCycles(rules, input.resultCycle, input.acceptedOn)
    .map((cycle) => {
      const due = checkedAmount(cycle, 'amountDue', input.amountDue(cycle));
      const paid = checkedAmount(cycle, 'amountPaid', input.amountPaid(cycle));
      return { cycle, amountHalalas: due - paid };
    })
    .filter((line) => line.amountHalalas > 0);
  return entryOf(input.objectionId, arrearsPayInCycle(rules, input.acceptedOn), lines);
}

export interface ManualArrearsInput {
  readonly objectionId: string;
  readonly resultCycle: CycleId;
  readonly acceptedOn: IsoDate;
  /** The lines ops entered, one per month. */
  readonly lines: readonly ArrearsLine[];
}

/**
 * Arrears entered by hand (automatic arrears turned off): the amounts are ops' decision, the months
 * keep the rule: inside the result-to-acceptance range that the automatic rule would count, each
 * month once, at most `arrearsCapMonths` of them, each a positive whole number of halalas. The lines
 * are sorted by month; the pay-in cycle follows the same rule as automatic arrears.
 */
export function manualArrears(rules: ArrearsRules, input: ManualArrearsInput): ArrearsEntry {
  const refuse = (problem: string): never => {
    throw new InvalidManualArrearsError(input.objectionId, problem);
  };
  const allowed = arrearsCycles(rules, input.resultCycle, input.acceptedOn);
  if (input.lines.length === 0) refuse('no lines');
  if (input.lines.length > rules.arrearsCapMonths) {
    refuse(`${input.lines.length} months, more than the cap of ${rules.arrearsCapMonths}`);
  }
  const seen = new Set<CycleId>();
  for (const line of input.lines) {
    if (!allowed.includes(line.cycle)) {
      refuse(`${line.cycle} is outside ${allowed[0]} .. ${allowed.at(-1)}`);
    }
    if (seen.has(line.cycle)) refuse(`${line.cycle} is entered twice`);
    seen.add(line.cycle);
    if (!Number.isSafeInteger(line.amountHalalas) || line.amountHalalas <= 0) {
      refuse(`${line.cycle}: ${line.amountHalalas} is not a positive number of halalas`);
    }
  }
  const sorted = [...input.lines]
    .map((line) => ({ cycle: line.cycle, amountHalalas: line.amountHalalas }))
    .sort((a, b) => (a.cycle < b.cycle ? -1 : 1));
  return (
    entryOf(input.objectionId, arrearsPayInCycle(rules, input.acceptedOn), sorted) ??
    refuse('no lines')
  );
}
