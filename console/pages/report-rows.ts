import type { CycleTally } from '../../shared/cycles/cycle-tally.ts';
import {
  INELIGIBILITY_REASONS,
  type IneligibilityReason,
} from '../../shared/eligibility/ineligibility-reasons.ts';

/**
 * How the month's tally splits into the report's charts. The tally counts every reason code in one
 * `byReason` map: ineligibility reasons, nothing-due reasons, and a set-aside record's validation
 * failures, which are `invalid:<field>`.
 */

const SET_ASIDE_PREFIX = 'invalid:';

/** A reason code and how many households it applies to, most first. */
export interface ReasonCount<Reason extends string = string> {
  readonly reason: Reason;
  readonly count: number;
}

function sortedCounts<Reason extends string>(
  entries: ReadonlyArray<[Reason, number]>,
): ReasonCount<Reason>[] {
  return entries
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** The ineligibility reasons of the month's not-eligible households (a household may have several). */
export function notEligibleByReason(tally: CycleTally): ReasonCount<IneligibilityReason>[] {
  return sortedCounts(
    INELIGIBILITY_REASONS.flatMap((reason): Array<[IneligibilityReason, number]> => {
      const count = tally.byReason[reason];
      return count === undefined ? [] : [[reason, count]];
    }),
  );
}

/** What was wrong with the set-aside records, field by field (`iban`, `nationalId`, ...). */
export function setAsideByReason(tally: CycleTally): ReasonCount[] {
  return sortedCounts(
    Object.entries(tally.byReason)
      .filter(([reason]) => reason.startsWith(SET_ASIDE_PREFIX))
      .map(([reason, count]): [string, number] => [reason.slice(SET_ASIDE_PREFIX.length), count]),
  );
}

/** Whether a reason code is one of the ineligibility reasons (which the catalogs name). */
export function isIneligibilityReason(reason: string): reason is IneligibilityReason {
  return (INELIGIBILITY_REASONS as readonly string[]).includes(reason);
}

/** What the month paid: amounts plus arrears. */
export function paidTotalHalalas(tally: CycleTally): number {
  return tally.amountHalalas + tally.arrearsHalalas;
}
