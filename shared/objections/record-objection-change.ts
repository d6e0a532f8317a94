import type { AuditLog } from '../audit/ports.ts';
import type { Notification } from '../notifications/notification.ts';
import { notifyObjectionChange, type ObjectionChangeDeps } from './notify-objection-change.ts';
import type { Objection } from './objection.ts';

/**
 * What follows an objection's change made by ops (the CLI, the ops API): the audit entry, and the
 * beneficiary's message, queued as the objections table's stream queues it in AWS (same message id,
 * so it is sent once whichever queues it first).
 * In: the objection before (null when new) and after. Out: the message queued, or null.
 */
export async function recordObjectionChange(
  deps: { readonly audit: AuditLog; readonly change: ObjectionChangeDeps },
  previous: Objection | null,
  after: Objection,
): Promise<Notification | null> {
  const last = after.history.at(-1);
  await deps.audit.append({
    actor: last?.by ?? 'beneficiary',
    action: `objection.${after.status}`,
    subject: `objection:${after.objectionId}`,
    reason: after.status === 'rejected' ? after.rejectionReason : (last?.note ?? null),
    details: {
      householdId: after.householdId,
      resultCycle: after.resultCycle,
      from: previous?.status ?? null,
      arrearsHalalas: after.arrears?.totalHalalas ?? 0,
    },
  });
  return notifyObjectionChange(deps.change, { before: previous, after });
}
