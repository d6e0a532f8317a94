import type { AuditLog } from '../audit/ports.ts';
import { SuppressionError } from './errors.ts';
import type { SuppressionList } from './receipt-ports.ts';
import type { Suppression } from './suppression.ts';

/**
 * Ops and the suppressed addresses of a household.
 * In: the household id (and to lift: who, and why). Out: its suppressions, in force or lifted,
 * oldest first; or those just lifted. Lifting needs a reason and is written to the audit log with
 * who lifted what (the cause and the delivery that suppressed it; never the address), so email to
 * the address goes out again from the next message on.
 */

export interface SuppressionOpsDeps {
  readonly suppressions: SuppressionList;
  readonly audit: AuditLog;
  readonly clock: { now(): Date };
}

const HOUSEHOLD_ID = /^H\d{7,15}$/;

function checkHousehold(householdId: string): void {
  if (!HOUSEHOLD_ID.test(householdId)) {
    throw new SuppressionError(
      `"${householdId.slice(0, 24)}" is not a household id: H followed by 7 to 15 digits, e.g. H00000042`,
    );
  }
}

export async function listSuppressions(
  deps: Pick<SuppressionOpsDeps, 'suppressions'>,
  householdId: string,
): Promise<Suppression[]> {
  checkHousehold(householdId);
  const suppressions = await deps.suppressions.listByHousehold(householdId);
  return suppressions.sort((a, b) => a.at.localeCompare(b.at));
}

export async function liftSuppressions(
  deps: SuppressionOpsDeps,
  input: { readonly householdId: string; readonly by: string; readonly reason: string },
): Promise<Suppression[]> {
  checkHousehold(input.householdId);
  const by = input.by.trim();
  const reason = input.reason.trim();
  if (by === '' || by.length > 100)
    throw new SuppressionError('lifting needs who lifts it (1 to 100 characters)');
  if (reason === '' || reason.length > 500)
    throw new SuppressionError('lifting needs a reason (1 to 500 characters)');
  const inForce = (await deps.suppressions.listByHousehold(input.householdId)).filter(
    (suppression) => suppression.lifted === null,
  );
  if (inForce.length === 0) {
    throw new SuppressionError(`household ${input.householdId} has no email address suppressed`);
  }
  const at = deps.clock.now().toISOString();
  const lifted: Suppression[] = [];
  for (const suppression of inForce) {
    const lifting = { by, reason, at };
    if (!(await deps.suppressions.lift(input.householdId, suppression.addressHash, lifting)))
      continue;
    await deps.audit.append({
      actor: by,
      action: 'suppression.lift',
      subject: `household:${input.householdId}`,
      reason,
      details: {
        cause: suppression.cause,
        deliveryId: suppression.deliveryId,
        suppressedAt: suppression.at,
      },
    });
    lifted.push({ ...suppression, lifted: lifting });
  }
  return lifted;
}
