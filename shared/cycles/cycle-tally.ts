import * as z from '../validation/zod.ts';
import type { PaymentRecord } from './payment-record.ts';

/**
 * What a pass over households counts. A segment's tally is recomputed from the payment records as
 * they stand (including ones an earlier run wrote), never incremented, so reruns and resumed
 * segments cannot double-count.
 */
export const cycleTallySchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    householdsSeen: z.int().check(z.minimum(0)),
    paid: z.int().check(z.minimum(0)),
    amountHalalas: z.int().check(z.minimum(0)),
    arrearsHalalas: z.int().check(z.minimum(0)),
    householdsWithArrears: z.int().check(z.minimum(0)),
    notEligible: z.int().check(z.minimum(0)),
    nothingDue: z.int().check(z.minimum(0)),
    setAside: z.int().check(z.minimum(0)),
    /** How many households were written fresh by this pass (the rest already had their record). */
    newlyWritten: z.int().check(z.minimum(0)),
    /** Counts per reason code: ineligibility, nothing-due and set-aside reasons alike. */
    byReason: z.record(z.string(), z.int().check(z.minimum(0))),
    /**
     * Contact problems per reason (`invalid-email`, `invalid-mobile`, `invalid-contact`): households assessed as usual
     * whose message skips that channel. Absent from tallies written before they were counted.
     */
    contactProblems: z._default(z.record(z.string(), z.int().check(z.minimum(0))), {}),
  }),
);

export type CycleTally = z.infer<typeof cycleTallySchema>;

export function emptyTally(): CycleTally {
  return {
    householdsSeen: 0,
    paid: 0,
    amountHalalas: 0,
    arrearsHalalas: 0,
    householdsWithArrears: 0,
    notEligible: 0,
    nothingDue: 0,
    setAside: 0,
    newlyWritten: 0,
    byReason: {},
    contactProblems: {},
  };
}

/** Adds one household's payment record to a tally (returns a new tally). */
export function countRecord(
  tally: CycleTally,
  record: PaymentRecord,
  newlyWritten: boolean,
): CycleTally {
  const byReason = { ...tally.byReason };
  for (const reason of record.reasons) byReason[reason] = (byReason[reason] ?? 0) + 1;
  const contactProblems = { ...tally.contactProblems };
  for (const { reason } of record.contactProblems) {
    contactProblems[reason] = (contactProblems[reason] ?? 0) + 1;
  }
  return {
    householdsSeen: tally.householdsSeen + 1,
    paid: tally.paid + (record.status === 'paid' ? 1 : 0),
    amountHalalas: tally.amountHalalas + record.amountHalalas,
    arrearsHalalas: tally.arrearsHalalas + record.arrearsHalalas,
    householdsWithArrears: tally.householdsWithArrears + (record.arrearsHalalas > 0 ? 1 : 0),
    notEligible: tally.notEligible + (record.status === 'not-eligible' ? 1 : 0),
    nothingDue: tally.nothingDue + (record.status === 'nothing-due' ? 1 : 0),
    setAside: tally.setAside + (record.status === 'set-aside' ? 1 : 0),
    newlyWritten: tally.newlyWritten + (newlyWritten ? 1 : 0),
    byReason,
    contactProblems,
  };
}

export function addTallies(a: CycleTally, b: CycleTally): CycleTally {
  return {
    householdsSeen: a.householdsSeen + b.householdsSeen,
    paid: a.paid + b.paid,
    amountHalalas: a.amountHalalas + b.amountHalalas,
    arrearsHalalas: a.arrearsHalalas + b.arrearsHalalas,
    householdsWithArrears: a.householdsWithArrears + b.householdsWithArrears,
    notEligible: a.notEligible + b.notEligible,
    nothingDue: a.nothingDue + b.nothingDue,
    setAside: a.setAside + b.setAside,
    newlyWritten: a.newlyWritten + b.newlyWritten,
    byReason: addCounts(a.byReason, b.byReason),
    contactProblems: addCounts(a.contactProblems, b.contactProblems),
  };
}

function addCounts(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum = { ...a };
  for (const [key, count] of Object.entries(b)) sum[key] = (sum[key] ?? 0) + count;
  return sum;
}
