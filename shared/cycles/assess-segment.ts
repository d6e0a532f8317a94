import { policyForCycle } from '../entitlement/entitlement-policy.ts';
import { assessHousehold, type CycleContext } from './assess-household.ts';
import type { CycleDeps } from './cycle-deps.ts';
import type { CycleRecord } from './cycle-record.ts';
import type { PaymentRecord } from './payment-record.ts';

/** What assessing a segment reads: the register, and the rules it is assessed by. */
export type AssessDeps = Pick<CycleDeps, 'households' | 'policies' | 'rules' | 'clock' | 'tuning'>;

/**
 * Every household of one scan segment, assessed and not written: page by page, as a run reads them.
 * Shared by the projection before the approval gate and the dry run.
 */
export async function* assessedPages(
  deps: AssessDeps,
  plan: Pick<CycleRecord, 'cycle' | 'paymentNumber' | 'paymentDate' | 'totalSegments'>,
  segment: number,
): AsyncGenerator<PaymentRecord[]> {
  const context: CycleContext = {
    cycle: plan.cycle,
    paymentNumber: plan.paymentNumber,
    paymentDate: plan.paymentDate,
    policy: policyForCycle(deps.policies, plan.cycle),
    rules: deps.rules,
    segment,
    writtenAt: deps.clock.now().toISOString(),
  };
  let cursor: string | null = null;
  do {
    const page = await deps.households.scanSegment({
      segment,
      totalSegments: plan.totalSegments,
      cursor,
      pageSize: deps.tuning.pageSize,
    });
    yield page.records.map(
      ({ householdId, raw }) => assessHousehold(context, householdId, raw).record,
    );
    cursor = page.cursor;
  } while (cursor !== null);
}
