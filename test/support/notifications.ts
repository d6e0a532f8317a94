import { type Notification, notificationIdOf } from '../../shared/notifications/notification.ts';
import { c, d } from './calendar.ts';

/** A "payment deposited" message for December 2026, in Arabic, with both channels usable. */
export function aDepositedNotification(
  householdId = 'H00000001',
  contact: Partial<Notification['contact']> = {},
): Notification {
  return {
    notificationId: notificationIdOf('payment-deposited', '2026-12', householdId),
    householdId,
    language: 'ar',
    contact: {
      mobile: '0512345678',
      email: 'beneficiary@example.sa',
      smsOptOut: false,
      emailOptOut: false,
      problems: [],
      ...contact,
    },
    event: 'payment-deposited',
    payload: {
      cycle: c('2026-12'),
      paymentNumber: 109,
      paymentDate: d('2026-12-10'),
      amountHalalas: 129_600,
      arrearsHalalas: 0,
    },
  };
}
