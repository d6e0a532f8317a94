import {
  type SesTemplate,
  type SmsTemplate,
  sesEventOf,
  smsStatusLogOf,
} from '../../cli/local-stack/receipt-events.ts';
import { deliverNotification } from '../../shared/notifications/deliver-notification.ts';
import type { Notification } from '../../shared/notifications/notification.ts';
import type { ReceiptMessage } from '../../shared/notifications/receipt-sources.ts';
import type { RecordReceiptsDeps } from '../../shared/notifications/record-receipts.ts';
import { fakeNotifier } from './fakes/in-memory-notifier.ts';
import { aDepositedNotification } from './notifications.ts';

/**
 * A notifier on fakes that has sent one "payment deposited" message (SMS and email), with helpers
 * that build that message's receipts in AWS's shapes, from the fixtures.
 */
export async function aSentMessage(
  householdId = 'H00000001',
  contact: Partial<Notification['contact']> = {},
) {
  const notifier = fakeNotifier();
  const notification = aDepositedNotification(householdId, contact);
  await deliverNotification(notifier.deps, notification);
  const emailId = `${notification.notificationId}#email`;
  const smsId = `${notification.notificationId}#sms`;
  const sentRecord = async (deliveryId: string) => {
    const record = await notifier.deliveries.get(deliveryId);
    if (record?.status !== 'sent' || record.providerMessageId === null) {
      throw new Error(`${deliveryId} was not sent`);
    }
    return record;
  };
  const email = await sentRecord(emailId);
  const sms = await sentRecord(smsId);
  const recordDeps: RecordReceiptsDeps = {
    deliveries: notifier.deliveries,
    suppressions: notifier.suppressions,
    clock: notifier.clock,
  };
  return {
    notifier,
    notification,
    recordDeps,
    email,
    sms,
    /** An SES event about the email, from the fixture; `at` defaults to a minute after sending. */
    sesEvent: (template: SesTemplate, options: { at?: string; tagged?: boolean } = {}) => {
      const body = sesEventOf(template, {
        messageId: email.providerMessageId ?? '',
        deliveryId: email.deliveryId,
        address: notification.contact.email ?? '',
        sentAt: email.sentAt ?? '',
        at: options.at ?? new Date(Date.parse(email.updatedAt) + 60_000).toISOString(),
      });
      if (options.tagged !== false) return sesMessage(body);
      const untagged = JSON.parse(body) as { mail: { tags: Record<string, unknown> } };
      delete untagged.mail.tags['dafaa-delivery'];
      return sesMessage(JSON.stringify(untagged));
    },
    /** An SMS delivery-status log line about the SMS, from the fixture. */
    smsLog: (template: SmsTemplate, at?: string): ReceiptMessage => ({
      source: 'sms-status-log',
      ref: `log:${template}`,
      body: smsStatusLogOf(template, {
        messageId: sms.providerMessageId ?? '',
        to: '+966512345678',
        at: at ?? new Date(Date.parse(sms.updatedAt) + 5_000).toISOString(),
      }),
    }),
  };
}

export function sesMessage(body: string, ref = 'sns:1'): ReceiptMessage {
  return { source: 'ses-event', ref, body };
}
