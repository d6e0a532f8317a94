import type { Language } from '../i18n/language.ts';
import type { Notification, NotificationEvent } from './notification.ts';
import { countSmsSegments } from './sms-segments.ts';
import { ARABIC_TEMPLATES } from './templates/arabic.ts';
import type { EmailContent } from './templates/email-document.ts';
import { renderEmailParts } from './templates/email-document.ts';
import { ENGLISH_TEMPLATES } from './templates/english.ts';
import type { TemplateSet } from './templates/template-set.ts';

/**
 * What beneficiaries read: every notification rendered as an SMS and as an email, in the
 * notification's language (Arabic first, English on request). The wording lives in
 * `templates/arabic.ts` and `templates/english.ts`; this module picks the template and measures the
 * SMS. Every message carries the unified free number 19912; none carries a national id or an IBAN.
 */

/** An SMS ready to send, with what it costs. */
export interface RenderedSms {
  readonly body: string;
  readonly encoding: 'gsm7' | 'ucs2';
  readonly segments: number;
}

/** An email ready to send: subject, plain-text part and HTML part. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const TEMPLATES: Readonly<Record<Language, TemplateSet>> = {
  ar: ARABIC_TEMPLATES,
  en: ENGLISH_TEMPLATES,
};

/**
 * The most SMS segments a template may take, per event and language (a test holds every template
 * to it, rendered with the longest values it can meet). English is GSM-7 (160, then 153 a part);
 * Arabic is UCS-2 (70, then 67 a part), so an Arabic SMS of any substance takes two or three.
 */
export const SMS_SEGMENT_BUDGET: Record<NotificationEvent, Record<Language, number>> = {
  'payment-deposited': { ar: 2, en: 1 },
  'not-eligible': { ar: 3, en: 1 },
  'objection-received': { ar: 2, en: 1 },
  'objection-under-review': { ar: 2, en: 1 },
  'objection-accepted': { ar: 3, en: 1 },
  'objection-rejected': { ar: 2, en: 1 },
};

function smsBody(notification: Notification): string {
  const { sms } = TEMPLATES[notification.language];
  switch (notification.event) {
    case 'payment-deposited':
      return sms['payment-deposited'](notification);
    case 'not-eligible':
      return sms['not-eligible'](notification);
    case 'objection-received':
      return sms['objection-received'](notification);
    case 'objection-under-review':
      return sms['objection-under-review'](notification);
    case 'objection-accepted':
      return sms['objection-accepted'](notification);
    case 'objection-rejected':
      return sms['objection-rejected'](notification);
  }
}

function emailContent(notification: Notification): EmailContent {
  const { email } = TEMPLATES[notification.language];
  switch (notification.event) {
    case 'payment-deposited':
      return email['payment-deposited'](notification);
    case 'not-eligible':
      return email['not-eligible'](notification);
    case 'objection-received':
      return email['objection-received'](notification);
    case 'objection-under-review':
      return email['objection-under-review'](notification);
    case 'objection-accepted':
      return email['objection-accepted'](notification);
    case 'objection-rejected':
      return email['objection-rejected'](notification);
  }
}

/** The SMS for a notification, in its language, with its encoding and segment count. */
export function renderSms(notification: Notification): RenderedSms {
  const body = smsBody(notification);
  const { encoding, segments } = countSmsSegments(body);
  return { body, encoding, segments };
}

/**
 * The email for a notification, in its language: a subject, a plain-text part (values isolated with
 * FSI ... PDI in Arabic) and a small HTML document (`lang` and `dir` set, every value escaped and
 * isolated with `<bdi>`).
 */
export function renderEmail(notification: Notification): RenderedEmail {
  const { language } = notification;
  return renderEmailParts(emailContent(notification), TEMPLATES[language].emailFrame, language);
}
