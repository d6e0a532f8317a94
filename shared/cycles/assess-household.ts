import { addDays, type CycleId, type IsoDate } from '../calendar/calendar-date.ts';
import type { ProgramRules } from '../config/program-rules.ts';
import {
  EligibilityError,
  evaluateEligibility,
  type HouseholdEligibility,
} from '../eligibility/evaluate-eligibility.ts';
import { computeEntitlement } from '../entitlement/compute-entitlement.ts';
import type { EntitlementPolicy } from '../entitlement/entitlement-policy.ts';
import { type Household, householdSchema } from '../households/household.ts';
import { type Notification, notificationIdOf, recipientOf } from '../notifications/notification.ts';
import { maskIban } from '../privacy/personal-data.ts';
import { cycleShardOf, type PaymentRecord, paymentIdOf } from './payment-record.ts';
import type { ArrearsSettlement } from './ports.ts';

/**
 * One household's result for a cycle.
 * In: the cycle's context and the household record as stored (unvalidated).
 * Out: its payment record (paid, not eligible, nothing due, or set aside with the validation
 * problems; with the channels its contact details rule out), the arrears it settles, and the
 * household for the message (null when set aside).
 */

export interface CycleContext {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  readonly paymentDate: IsoDate;
  readonly policy: EntitlementPolicy;
  readonly rules: ProgramRules;
  readonly segment: number;
  readonly writtenAt: string;
}

export interface Assessment {
  readonly record: PaymentRecord;
  readonly household: Household | null;
  readonly settle: ArrearsSettlement | null;
}

export function assessHousehold(
  context: CycleContext,
  householdId: string,
  raw: unknown,
): Assessment {
  const base: RecordBase = {
    paymentId: paymentIdOf(context.cycle, householdId),
    cycle: context.cycle,
    householdId,
    cycleShard: cycleShardOf(context.cycle, householdId),
    paymentNumber: context.paymentNumber,
    paymentDate: context.paymentDate,
    segment: context.segment,
    writtenAt: context.writtenAt,
  };
  const parsed = householdSchema.safeParse(raw);
  if (!parsed.success) {
    return setAside(
      base,
      parsed.error.issues.map((issue) => ({
        field: fieldOf(issue.path),
        path: shownPath(issue.path),
        message: issue.message,
      })),
    );
  }

  const household = parsed.data;
  let eligibility: HouseholdEligibility;
  try {
    eligibility = evaluateEligibility(context.rules.eligibility, household, context.paymentDate);
  } catch (error) {
    // A record the schema accepts but the rules cannot read (a person born after the payment date).
    if (!(error instanceof EligibilityError)) throw error;
    return setAside(base, [{ field: 'eligibility', path: 'eligibility', message: error.message }]);
  }
  const entitlement = eligibility.eligible
    ? computeEntitlement(context.policy, {
        eligibleAdultDependents: eligibility.eligibleAdultDependents,
        eligibleMinorDependents: eligibility.eligibleMinorDependents,
        monthlyIncomeHalalas: household.monthlyIncomeHalalas,
      })
    : null;
  const arrearsDue = Object.values(household.arrears).filter(
    (entry) => entry.settledInCycle === null && entry.payInCycle <= context.cycle,
  );
  const arrearsLines = arrearsDue.flatMap((entry) =>
    entry.lines.map((line) => ({ objectionId: entry.objectionId, ...line })),
  );
  const amountHalalas = entitlement?.amountHalalas ?? 0;
  const arrearsHalalas = arrearsLines.reduce((sum, line) => sum + line.amountHalalas, 0);
  const totalHalalas = amountHalalas + arrearsHalalas;
  const status = totalHalalas > 0 ? 'paid' : eligibility.eligible ? 'nothing-due' : 'not-eligible';
  // A reason explains the status it comes with: a household paid only its arrears is paid, and
  // counting its "income above the cut-off" among the nothing-due would make the report's reasons
  // outnumber the households they explain.
  const nothingDueReasons =
    status !== 'nothing-due'
      ? []
      : entitlement?.band === 'above-cutoff'
        ? ['income-above-cutoff']
        : entitlement?.belowMinimum
          ? ['below-minimum']
          : [];

  return {
    household,
    settle:
      arrearsDue.length > 0
        ? { householdId, objectionIds: arrearsDue.map((entry) => entry.objectionId) }
        : null,
    record: {
      ...base,
      status,
      reasons: eligibility.eligible ? nothingDueReasons : [...eligibility.reasons],
      problems: [],
      contactProblems: [...household.contact.problems],
      amountHalalas,
      arrearsHalalas,
      totalHalalas,
      arrearsLines,
      policyVersion: context.policy.version,
      entitlement: entitlement ? { ...entitlement } : null,
      eligibility: [eligibility.head, ...eligibility.dependents].map((person) => ({
        personId: person.personId,
        role: person.role,
        eligible: person.eligible,
        reasons: [...person.reasons],
      })),
      ibanMasked: maskIban(household.bankAccount.iban),
    },
  };
}

type RecordBase = Pick<
  PaymentRecord,
  | 'paymentId'
  | 'cycle'
  | 'householdId'
  | 'cycleShard'
  | 'paymentNumber'
  | 'paymentDate'
  | 'segment'
  | 'writtenAt'
>;

/** A record the store refused as data, set aside instead: paid nothing, with the store's reason. */
export function refusedRecord(record: PaymentRecord, why: string): PaymentRecord {
  return setAside(record, [{ field: 'record', path: 'record', message: why }]).record;
}

/** Problems kept on a set-aside record: enough to act on, and a bounded record whatever the input. */
const MAX_PROBLEMS = 10;
/** How much of one key of a path a problem shows (a key may itself be the oversized part). */
const MAX_KEY_SHOWN = 24;

/**
 * The field a problem is about, as a reason code the report counts: array positions and arrears
 * keys (objection ids, the record's own data) become `*`, so that reasons stay few and short
 * whatever a record holds: `arrears.*.lines.*.amountHalalas`.
 */
function fieldOf(path: readonly PropertyKey[]): string {
  const keys = path.map((key, index) =>
    typeof key === 'number' || path[index - 1] === 'arrears' ? '*' : String(key),
  );
  return keys.join('.') || '(record)';
}

/** The problem's own path, each key cut short: `arrears.OOOOOOOOOOOOOOOOOOOOOOOO….objectionId`. */
function shownPath(path: readonly PropertyKey[]): string {
  const keys = path.map((key) => {
    const text = String(key);
    return text.length > MAX_KEY_SHOWN ? `${text.slice(0, MAX_KEY_SHOWN)}…` : text;
  });
  return keys.join('.') || '(record)';
}

/** A record the cycle cannot assess: kept with what was wrong, counted, and paid nothing. */
function setAside(
  base: RecordBase,
  problems: readonly { field: string; path: string; message: string }[],
): Assessment {
  const shown = problems
    .slice(0, MAX_PROBLEMS)
    .map((problem) => `${problem.path}: ${problem.message}`);
  const more = problems.length - shown.length;
  return {
    household: null,
    settle: null,
    record: {
      ...base,
      status: 'set-aside',
      reasons: [...new Set(problems.map((problem) => `invalid:${problem.field}`))],
      problems: more > 0 ? [...shown, `and ${more} more problems`] : shown,
      contactProblems: [],
      amountHalalas: 0,
      arrearsHalalas: 0,
      totalHalalas: 0,
      arrearsLines: [],
      policyVersion: null,
      entitlement: null,
      eligibility: null,
      ibanMasked: null,
    },
  };
}

/** The message that tells the household what this cycle did: deposited, or not paid and why. */
export function notificationFor(
  household: Household,
  record: PaymentRecord,
  rules: ProgramRules,
): Notification {
  const common = recipientOf(household);
  if (record.status === 'paid') {
    return {
      ...common,
      notificationId: notificationIdOf('payment-deposited', record.cycle, household.householdId),
      event: 'payment-deposited',
      payload: {
        cycle: record.cycle,
        paymentNumber: record.paymentNumber,
        paymentDate: record.paymentDate,
        amountHalalas: record.amountHalalas,
        arrearsHalalas: record.arrearsHalalas,
      },
    };
  }
  return {
    ...common,
    notificationId: notificationIdOf('not-eligible', record.cycle, household.householdId),
    event: 'not-eligible',
    payload: {
      cycle: record.cycle,
      paymentNumber: record.paymentNumber,
      paymentDate: record.paymentDate,
      reasons: record.reasons.length > 0 ? record.reasons : ['below-minimum'],
      objectionDeadline: addDays(record.paymentDate, rules.objections.windowDays),
    },
  };
}
