import {
  NOTIFICATION_EVENTS,
  type Notification,
  notificationIdOf,
} from '../../shared/notifications/notification.ts';

/**
 * Notifications as a month sends them, made up for benchmarks and simulations: every event in
 * turn, one in ten in English, seven in ten with an email address, all with a mobile number.
 */

/** The notification at `index` of the mix: the same index, the same notification. */
export function syntheticNotification(index: number): Notification {
  const householdId = `H${String(index + 1).padStart(8, '0')}`;
  const event = NOTIFICATION_EVENTS[index % NOTIFICATION_EVENTS.length] ?? 'payment-deposited';
  const common = {
    householdId,
    language: index % 10 === 0 ? ('en' as const) : ('ar' as const),
    contact: {
      mobile: `05${String(10_000_000 + index).slice(-8)}`,
      email: index % 10 < 7 ? `beneficiary${index}@example.sa` : null,
      smsOptOut: false,
      emailOptOut: false,
    },
  };
  const objection = { objectionId: `O-${householdId}-2026-11-1`, resultCycle: '2026-11' };
  const id = notificationIdOf(event, '2026-12', householdId);
  const payloads = {
    'payment-deposited': {
      cycle: '2026-12',
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      amountHalalas: 129_600,
      arrearsHalalas: 0,
    },
    'not-eligible': {
      cycle: '2026-12',
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      reasons: ['abroad-over-limit'],
      objectionDeadline: '2027-03-10',
    },
    'objection-received': objection,
    'objection-under-review': objection,
    'objection-accepted': {
      ...objection,
      arrearsMonths: ['2026-09', '2026-10'],
      arrearsHalalas: 259_200,
      arrearsPaymentDate: '2027-01-10',
    },
    'objection-rejected': {
      ...objection,
      rejectionReason: 'The records still show more than 90 days abroad.',
    },
  };
  return { ...common, notificationId: id, event, payload: payloads[event] } as Notification;
}

export function syntheticNotifications(count: number): Notification[] {
  return Array.from({ length: count }, (_, index) => syntheticNotification(index));
}
