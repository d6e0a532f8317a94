import type { CycleId, IsoDate } from '../calendar/calendar-date.ts';
import { type Household, householdSchema } from '../households/household.ts';
import type { HouseholdRepository } from '../households/ports.ts';
import { type Notification, notificationIdOf, recipientOf } from '../notifications/notification.ts';
import type { NotificationQueue } from '../notifications/ports.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import { ObjectionError } from './errors.ts';
import type { Objection } from './objection.ts';

/**
 * Turns an objection's status change into the beneficiary's message.
 * In: the objection before and after a write (before is null for a new one), as the objections
 * table's stream delivers them in AWS and as the local commands pass them. Out: the message queued,
 * or null when the status did not change. Whatever made the change, the message id is the same
 * (event, objection, household), so a change seen twice is still sent once.
 */

export interface ObjectionChangeDeps {
  readonly households: HouseholdRepository;
  readonly notifications: NotificationQueue;
  /** The payment date of a cycle (for "your arrears are paid on ..."). */
  readonly paymentDateOf: (cycle: CycleId) => IsoDate;
}

/** The household an objection belongs to cannot be read, so its beneficiary cannot be told. */
export class ObjectionRecipientUnreadableError extends ObjectionError {
  override readonly name: string = 'ObjectionRecipientUnreadableError';
}

export async function notifyObjectionChange(
  deps: ObjectionChangeDeps,
  change: { readonly before: Objection | null; readonly after: Objection },
): Promise<Notification | null> {
  const { before, after } = change;
  if (before !== null && before.status === after.status) return null;
  const parsed = householdSchema.safeParse(await deps.households.get(after.householdId));
  if (!parsed.success) {
    throw new ObjectionRecipientUnreadableError(
      `objection ${after.objectionId}: household ${after.householdId} cannot be read (${describeIssues(parsed.error)})`,
    );
  }
  const notification = objectionNotification(parsed.data, after, deps.paymentDateOf);
  await deps.notifications.enqueue([notification]);
  return notification;
}

/** The message for an objection's current status. */
export function objectionNotification(
  household: Household,
  objection: Objection,
  paymentDateOf: (cycle: CycleId) => IsoDate,
): Notification {
  const common = recipientOf(household);
  const subject = { objectionId: objection.objectionId, resultCycle: objection.resultCycle };
  const id = (event: Notification['event']) =>
    notificationIdOf(event, objection.objectionId, household.householdId);
  switch (objection.status) {
    case 'submitted':
      return {
        ...common,
        notificationId: id('objection-received'),
        event: 'objection-received',
        payload: subject,
      };
    case 'under-review':
      return {
        ...common,
        notificationId: id('objection-under-review'),
        event: 'objection-under-review',
        payload: subject,
      };
    case 'accepted': {
      const arrears = objection.arrears;
      return {
        ...common,
        notificationId: id('objection-accepted'),
        event: 'objection-accepted',
        payload: {
          ...subject,
          arrearsMonths: arrears?.lines.map((line) => line.cycle) ?? [],
          arrearsHalalas: arrears?.totalHalalas ?? 0,
          arrearsPaymentDate: arrears ? paymentDateOf(arrears.payInCycle) : null,
        },
      };
    }
    case 'rejected':
      return {
        ...common,
        notificationId: id('objection-rejected'),
        event: 'objection-rejected',
        payload: { ...subject, rejectionReason: objection.rejectionReason ?? '' },
      };
  }
}
