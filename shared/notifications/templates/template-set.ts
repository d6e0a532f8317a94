import type { NotificationEvent, NotificationOf } from '../notification.ts';
import type { EmailContent, EmailFrame } from './email-document.ts';

/**
 * What one language provides: an SMS body and an email per event, and the frame (greeting, contact
 * footer, signature) around its emails. The values reach the templates already checked by the
 * notification schema; the templates only word them.
 */
export interface TemplateSet {
  readonly sms: { readonly [E in NotificationEvent]: (notification: NotificationOf<E>) => string };
  readonly email: {
    readonly [E in NotificationEvent]: (notification: NotificationOf<E>) => EmailContent;
  };
  readonly emailFrame: EmailFrame;
}

/** The unified free number, in Western digits in both languages so phones offer to call it. */
export const CONTACT_NUMBER = '19912';
