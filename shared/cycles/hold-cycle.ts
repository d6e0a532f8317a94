import type { AuditLog } from '../audit/ports.ts';
import type { CycleId } from '../calendar/calendar-date.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleError, CycleNotFoundError } from './errors.ts';
import { type PlanDeps, planCycle } from './plan-cycle.ts';

/**
 * Puts a cycle on hold, or releases it.
 * In: the month, who and why. Out: the cycle record; audited. A month not planned yet is planned
 * first (nothing is written for households), so ops can hold next month before the tick reaches it.
 */
export async function setCycleHold(
  deps: PlanDeps & { readonly audit: AuditLog },
  input: {
    readonly cycle: CycleId;
    readonly hold: boolean;
    readonly by: string;
    readonly reason: string;
  },
): Promise<CycleRecord> {
  const record = input.hold
    ? (await planCycle(deps, input.cycle)).cycle
    : await deps.cycles.get(input.cycle);
  if (!record) throw new CycleNotFoundError(`cycle ${input.cycle} has not been planned`);
  if (input.hold === (record.hold !== null)) {
    throw new CycleError(
      `cycle ${input.cycle} is ${record.hold ? 'already on hold' : 'not on hold'}`,
    );
  }
  const hold = input.hold
    ? { by: input.by, reason: input.reason, at: deps.clock.now().toISOString() }
    : null;
  await deps.cycles.setHold(input.cycle, hold);
  await deps.audit.append({
    actor: input.by,
    action: input.hold ? 'cycle.hold' : 'cycle.release',
    subject: `cycle:${input.cycle}`,
    reason: input.reason,
    details: { status: record.status },
  });
  return { ...record, hold };
}
