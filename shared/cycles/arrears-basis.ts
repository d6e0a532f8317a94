import type { CycleId } from '../calendar/calendar-date.ts';
import { computeDisbursementDate } from '../calendar/compute-disbursement-date.ts';
import { evaluateEligibility } from '../eligibility/evaluate-eligibility.ts';
import { computeEntitlement } from '../entitlement/compute-entitlement.ts';
import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import { householdSchema } from '../households/household.ts';
import type { Halalas } from '../money/halalas.ts';
import type { ArrearsBasis } from '../objections/objection-use-cases.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { parseStored } from './ports.ts';

/**
 * What an accepted objection's arrears are made of: for a month, the amount the household should
 * have received (its entitlement under that month's policy, its head taken as eligible: the
 * objection was upheld), and what it was paid (that month's payment record; nothing if none).
 * The household's composition is read as the register holds it now: past compositions are not kept.
 */
export function createArrearsBasis(
  deps: Pick<CycleDeps, 'households' | 'payments' | 'policies' | 'rules' | 'calendar'>,
): ArrearsBasis {
  return {
    async amountDue(householdId: string, cycle: CycleId): Promise<Halalas> {
      const household = parseStored(
        householdSchema,
        await deps.households.get(householdId),
        `household ${householdId}`,
      );
      const asOf = computeDisbursementDate(deps.calendar, cycle).date;
      const eligibility = evaluateEligibility(deps.rules.eligibility, household, asOf);
      return computeEntitlement(policyForCycle(deps.policies, cycle), {
        eligibleAdultDependents: eligibility.eligibleAdultDependents,
        eligibleMinorDependents: eligibility.eligibleMinorDependents,
        monthlyIncomeHalalas: household.monthlyIncomeHalalas,
      }).amountHalalas;
    },
    async amountPaid(householdId: string, cycle: CycleId): Promise<Halalas> {
      return (await deps.payments.get(cycle, householdId))?.amountHalalas ?? 0;
    },
  };
}
