import type { DeliveryRecord } from '../notifications/delivery-record.ts';
import { notificationIdOf } from '../notifications/notification.ts';
import type { DeliveryRepository } from '../notifications/ports.ts';
import type { Objection } from './objection.ts';

/**
 * The deliveries of the objection's messages: its status changes' notification ids are derived
 * from the event, the objection and the household, so they are found among the household's.
 */
export async function messagesOf(
  deliveries: Pick<DeliveryRepository, 'listByHousehold'>,
  objection: Objection,
): Promise<DeliveryRecord[]> {
  const ids = new Set(
    OBJECTION_EVENTS.map((event) =>
      notificationIdOf(event, objection.objectionId, objection.householdId),
    ),
  );
  return (await deliveries.listByHousehold(objection.householdId))
    .filter((delivery) => ids.has(delivery.notificationId))
    .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
}

const OBJECTION_EVENTS = [
  'objection-received',
  'objection-under-review',
  'objection-accepted',
  'objection-rejected',
] as const;
