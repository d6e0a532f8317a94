import { describe, expect, it } from 'vitest';
import { describeIneligibility } from '../../../shared/eligibility/ineligibility-reasons.ts';
import { LANGUAGES, type Language } from '../../../shared/i18n/language.ts';
import {
  NOTIFICATION_EVENTS,
  type Notification,
  type NotificationOf,
} from '../../../shared/notifications/notification.ts';
import {
  renderEmail,
  renderSms,
  SMS_SEGMENT_BUDGET,
} from '../../../shared/notifications/templates.ts';
import { redactPersonalData } from '../../../shared/privacy/personal-data.ts';
import {
  buildNotification,
  IBAN,
  LONGEST_OBJECTION_ID,
  NATIONAL_ID,
  realisticNotifications,
  realisticVariants,
  worstCaseNotifications,
} from './fixtures.ts';

const FSI = '\u2068';
const PDI = '\u2069';

function realistic<E extends Notification['event']>(
  language: Language,
  event: E,
): NotificationOf<E> {
  const found = realisticNotifications(language).find((each) => each.event === event);
  if (found === undefined) throw new Error(`no realistic ${event}`);
  return found as NotificationOf<E>;
}

function withPayload<E extends Notification['event']>(
  notification: NotificationOf<E>,
  payload: Partial<NotificationOf<E>['payload']>,
): NotificationOf<E> {
  return { ...notification, payload: { ...notification.payload, ...payload } };
}

/** Every text a beneficiary can read of a notification: the SMS and the email's three parts. */
function everyText(notification: Notification): string[] {
  const email = renderEmail(notification);
  return [renderSms(notification).body, email.subject, email.text, email.html];
}

const toWesternDigits = (text: string): string =>
  text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) =>
    String((digit.codePointAt(0) ?? 0) & 0xf),
  );

describe('renderSms and renderEmail', () => {
  describe.each(LANGUAGES)('in %s', (language) => {
    it('renders every event on both channels with realistic values', () => {
      const notifications = [...realisticNotifications(language), ...realisticVariants(language)];

      for (const notification of notifications) {
        const sms = renderSms(notification);
        const email = renderEmail(notification);

        expect(sms.body.length).toBeGreaterThan(40);
        expect(sms.encoding).toBe(language === 'en' ? 'gsm7' : 'ucs2');
        expect(sms.body).toContain(language === 'ar' ? 'حساب المواطن' : 'Citizen Account');
        expect(email.subject).toContain(language === 'ar' ? 'حساب المواطن' : 'Citizen Account');
        expect(email.text.length).toBeGreaterThan(200);
        expect(email.html).toMatch(/^<!DOCTYPE html>\n<html lang="(ar|en)" dir="(rtl|ltr)">/);
        expect(email.html.trimEnd().endsWith('</html>')).toBe(true);
      }
      expect(new Set(notifications.map((each) => each.event))).toEqual(
        new Set(NOTIFICATION_EVENTS),
      );
    });
  });

  it('says the amount, payment number and date of a deposit, in Arabic-Indic digits in Arabic', () => {
    const ar = realistic('ar', 'payment-deposited');
    const en = realistic('en', 'payment-deposited');

    const [arSms, enSms] = [renderSms(ar).body, renderSms(en).body];

    expect(arSms).toContain('الدفعة ١٠٠');
    expect(arSms).toContain('١٬٢٩٦٫٠٠ ريال');
    expect(arSms).toContain('١٠ مارس ٢٠٢٦');
    expect(arSms.replace('19912', '')).not.toMatch(/[0-9]/);
    expect(enSms).toContain('payment 100 of SAR 1,296.00');
    expect(enSms).toContain('10 Mar 2026');
  });

  it('shows arrears apart from the monthly amount, and the total in the email, when a deposit carries them', () => {
    const notification = withPayload(realistic('en', 'payment-deposited'), {
      arrearsHalalas: 259_200,
    });

    const sms = renderSms(notification).body;
    const email = renderEmail(notification);

    expect(sms).toContain('SAR 1,296.00 plus arrears of SAR 2,592.00');
    expect(email.text).toContain('Monthly support: SAR 1,296.00');
    expect(email.text).toContain('Arrears: SAR 2,592.00');
    expect(email.text).toContain('Total: SAR 3,888.00');
    expect(renderSms(realistic('en', 'payment-deposited')).body).not.toContain('arrears');
  });

  it('gives short reason labels by SMS, full sentences by email, and the last day to object', () => {
    const ar = realistic('ar', 'not-eligible');
    const en = realistic('en', 'not-eligible');

    expect(renderSms(ar).body).toContain('السبب: عدم تطابق البيانات');
    expect(renderSms(ar).body).toContain('حتى ٨ يونيو ٢٠٢٦');
    expect(renderEmail(ar).text).toContain(describeIneligibility('data-mismatch', 'ar'));
    expect(renderSms(en).body).toContain('Reason: data mismatch');
    expect(renderSms(en).body).toContain('Object by 8 Jun 2026');
    expect(renderEmail(en).text).toContain(describeIneligibility('data-mismatch', 'en'));
    expect(renderEmail(en).text).toContain('Monday 8 Jun 2026');
  });

  it('shows two reasons by SMS and points to the rest when there are more', () => {
    const notification = withPayload(realistic('en', 'not-eligible'), {
      reasons: ['in-prison', 'not-saudi-citizen', 'below-minimum'],
    });

    const sms = renderSms(notification).body;
    const email = renderEmail(notification).text;

    expect(sms).toContain('Reasons: nationality, in prison and more.');
    expect(email).toContain('In prison');
    expect(email).toContain('below the minimum');
  });

  it('never echoes a reason code it has no wording for', () => {
    const notification = withPayload(realistic('ar', 'not-eligible'), {
      reasons: ['some-new-rule'],
    });

    for (const text of everyText(notification)) expect(text).not.toContain('some-new-rule');
    expect(renderSms(notification).body).toContain('سبب آخر');
  });

  it('carries the objection id in every objection message', () => {
    for (const language of LANGUAGES) {
      for (const notification of realisticNotifications(language)) {
        if (!('objectionId' in notification.payload)) continue;
        for (const text of everyText(notification))
          expect(text).toContain('O-H00000001-2026-03-01');
      }
    }
  });

  it('says the arrears months, amount and payment date of an accepted objection', () => {
    const ar = renderSms(realistic('ar', 'objection-accepted')).body;
    const en = renderSms(realistic('en', 'objection-accepted')).body;
    const email = renderEmail(realistic('ar', 'objection-accepted')).text;

    expect(ar).toContain('الأشهر من مارس ٢٠٢٦ إلى أبريل ٢٠٢٦');
    expect(ar).toContain('٢٬٥٩٢٫٠٠ ريال');
    expect(ar).toContain('١٠ مايو ٢٠٢٦');
    expect(en).toContain('Arrears SAR 2,592.00 for Mar 2026-Apr 2026, payable on 10 May 2026.');
    expect(email).toContain(`- ${FSI}مارس ٢٠٢٦${PDI}`);
    expect(email).toContain(`- ${FSI}أبريل ٢٠٢٦${PDI}`);
  });

  it('says no arrears are due when an accepted objection owes nothing', () => {
    const notification = withPayload(realistic('en', 'objection-accepted'), {
      arrearsMonths: [],
      arrearsHalalas: 0,
      arrearsPaymentDate: null,
    });
    const arabic = { ...notification, language: 'ar' as const };

    expect(renderSms(notification).body).toContain('No arrears are due.');
    expect(renderEmail(notification).text).toContain('No arrears are due');
    expect(renderSms(arabic).body).toContain('لا توجد مستحقات سابقة');
    expect(renderEmail(arabic).text).toContain('لا توجد مستحقات سابقة');
  });

  it('puts the rejection reason in the email only, with what to do next, and points to it by SMS', () => {
    const notification = realistic('ar', 'objection-rejected');
    const { rejectionReason } = notification.payload;

    const sms = renderSms(notification).body;
    const email = renderEmail(notification);

    expect(sms).not.toContain(rejectionReason);
    expect(sms).toContain('وتجدون سبب ذلك في بريدكم الإلكتروني وعلى البوابة');
    expect(email.text).toContain(rejectionReason);
    expect(email.html).toContain(rejectionReason);
    expect(email.text).toContain('يُرجى الاتصال بالرقم الموحد');
    expect(renderEmail(realistic('en', 'objection-rejected')).text).toContain(
      'please call the unified number 19912 or contact us through the portal',
    );
  });

  it('points to the portal only when the beneficiary gets no email', () => {
    const base = realistic('en', 'objection-rejected');
    const noEmail = { ...base, contact: { ...base.contact, email: null } };
    const optedOut = { ...base, contact: { ...base.contact, emailOptOut: true } };

    expect(renderSms(base).body).toContain('The reason is in your email and on the portal.');
    expect(renderSms(noEmail).body).toContain('The reason is on the portal.');
    expect(renderSms(optedOut).body).toContain('The reason is on the portal.');
  });
});

describe('SMS_SEGMENT_BUDGET', () => {
  describe.each(LANGUAGES)('in %s', (language) => {
    it.each(NOTIFICATION_EVENTS)('holds %s to its budget with worst-case values', (event) => {
      const notifications = worstCaseNotifications(language, event);

      const rendered = notifications.map(renderSms);
      const worst = Math.max(...rendered.map((sms) => sms.segments));

      expect(notifications.length).toBeGreaterThan(0);
      expect(worst).toBeLessThanOrEqual(SMS_SEGMENT_BUDGET[event][language]);
      if (language === 'en') {
        expect(rendered.every((sms) => sms.encoding === 'gsm7')).toBe(true);
      }
    });

    it.each(NOTIFICATION_EVENTS)('gives %s no more segments than its worst case needs', (event) => {
      const worst = Math.max(
        ...worstCaseNotifications(language, event).map((each) => renderSms(each).segments),
      );

      expect(SMS_SEGMENT_BUDGET[event][language]).toBe(worst);
    });
  });

  it('renders the worst cases with the values they claim to hold', () => {
    const [deposit] = worstCaseNotifications('ar', 'payment-deposited');
    const [received] = worstCaseNotifications('en', 'objection-received');

    expect(deposit && renderSms(deposit).body).toContain('الدفعة ٩٩٩ بمبلغ ٢٬٠٨٨٫٠٠ ريال');
    expect(received && renderSms(received).body).toContain(LONGEST_OBJECTION_ID);
    expect(worstCaseNotifications('ar', 'not-eligible')).toHaveLength(2 ** 14 - 1);
  });
});

describe('renderEmail', () => {
  const script = '<script>alert("x")</script> & \'quoted\'';

  it('writes the Arabic HTML right to left, isolates values with <bdi> and escapes the reason', () => {
    const notification = withPayload(realistic('ar', 'objection-rejected'), {
      rejectionReason: `السبب:\n${script}`,
    });

    const { html } = renderEmail(notification);

    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<bdi>O-H00000001-2026-03-01</bdi>');
    expect(html).toContain('<bdi>مارس ٢٠٢٦</bdi>');
    expect(html).toContain('<bdi>19912</bdi>');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;',
    );
    expect(html).not.toContain('<script');
  });

  it('isolates amounts and dates with <bdi> in the Arabic HTML of a deposit', () => {
    const { html } = renderEmail(realistic('ar', 'payment-deposited'));

    expect(html).toContain('<bdi>١٬٢٩٦٫٠٠</bdi> ريال');
    expect(html).toContain('<bdi>الثلاثاء ١٠ مارس ٢٠٢٦ (٢١ رمضان ١٤٤٧ هـ)</bdi>');
    expect(html).toContain('<bdi>١٠٠</bdi>');
  });

  it('gives every date of an email in both calendars, the Hijri one by Umm al-Qura', () => {
    const { text } = renderEmail(realistic('en', 'payment-deposited'));
    const { text: arabic } = renderEmail(realistic('ar', 'payment-deposited'));

    expect(text).toContain('Tuesday 10 Mar 2026 (21 Ramadan 1447 AH)');
    expect(arabic).toContain('الثلاثاء ١٠ مارس ٢٠٢٦ (٢١ رمضان ١٤٤٧ هـ)');
  });

  it('isolates values with FSI and PDI in the Arabic text part', () => {
    const { text, subject } = renderEmail(realistic('ar', 'payment-deposited'));

    expect(text).toContain(`${FSI}١٬٢٩٦٫٠٠${PDI} ريال`);
    expect(text).toContain(`${FSI}الثلاثاء ١٠ مارس ٢٠٢٦ (٢١ رمضان ١٤٤٧ هـ)${PDI}`);
    expect(subject).toContain(`${FSI}١٠٠${PDI}`);
  });

  it('writes the English HTML left to right, with no bidi controls in the text', () => {
    const notification = withPayload(realistic('en', 'objection-rejected'), {
      rejectionReason: script,
    });

    const { html, text } = renderEmail(notification);

    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).not.toContain('<script');
    expect(text).toContain(script);
    expect(text).not.toMatch(/[\u2066-\u2069]/);
  });

  it('keeps the HTML free of external resources', () => {
    for (const language of LANGUAGES) {
      for (const notification of realisticNotifications(language)) {
        expect(renderEmail(notification).html).not.toMatch(/https?:|<img|<link|<script|src=/);
      }
    }
  });
});

describe('personal data in messages', () => {
  const NATIONAL_ID_PATTERN = /(?<!\d)[12]\d{9}(?!\d)/;
  const IBAN_PATTERN = /SA(?:[\s-]?\d){4}(?:[\s-]?[0-9A-Z]){18}/i;

  function nearPersonalData(language: Language): Notification[] {
    const contact = {
      mobile: '0512345678',
      email: `${NATIONAL_ID}@example.com`,
      smsOptOut: false,
      emailOptOut: false,
      problems: [],
    };
    const withData = (notification: Notification): Notification => ({
      ...notification,
      notificationId: `${NATIONAL_ID}-${IBAN}`,
      householdId: NATIONAL_ID,
      contact,
    });
    return [
      ...realisticNotifications(language).map(withData),
      withData(
        buildNotification(language, 'objection-rejected', {
          objectionId: `O-${NATIONAL_ID}-2026-03-01`,
          resultCycle: '2026-03',
          rejectionReason: `رقم الهوية ${NATIONAL_ID} والآيبان ${IBAN} (${'٢٠١٢٣٤٥٦٧٨'}) and SA03 8000 0000 6080 1016 7519, SA44200000000000ABCDEF12`,
        }),
      ),
    ];
  }

  it.each(LANGUAGES)(
    'never carries a national id or an IBAN in %s, even when given them',
    (language) => {
      for (const notification of nearPersonalData(language)) {
        for (const text of everyText(notification)) {
          const western = toWesternDigits(text).replace(/<\/?bdi>|[\u2066-\u2069]/g, '');

          expect(western).not.toMatch(NATIONAL_ID_PATTERN);
          expect(western).not.toMatch(IBAN_PATTERN);
        }
      }
    },
  );

  it('masks national ids and IBANs in free text, and leaves dates and amounts alone', () => {
    expect(redactPersonalData(`id ${NATIONAL_ID}.`)).toBe('id **********.');
    expect(redactPersonalData('هوية ٢٠١٢٣٤٥٦٧٨')).toBe('هوية **********');
    expect(redactPersonalData(`iban ${IBAN}`)).toBe(`iban SA${'*'.repeat(22)}`);
    expect(redactPersonalData('SA03 8000 0000 6080 1016 7519')).toBe(`SA${'*'.repeat(22)}`);
    expect(redactPersonalData('2026-03-10, SAR 1,296.00, 19912, 10123456789')).toBe(
      '2026-03-10, SAR 1,296.00, 19912, 10123456789',
    );

    // An IBAN's account part may hold letters (SWIFT: 18 characters, letters or digits).
    expect(redactPersonalData('SA44200000000000ABCDEF12.')).toBe(`SA${'*'.repeat(22)}.`);
    expect(redactPersonalData('sa44 2000 0000 0000 abcd ef12')).toBe(`SA${'*'.repeat(22)}`);
    // A number inside a reference is the reference's, not a national id.
    expect(redactPersonalData('O-H1012345678-2026-11-1')).toBe('O-H1012345678-2026-11-1');
    expect(redactPersonalData('رقم الهوية:1012345678')).toBe('رقم الهوية:**********');
  });
});

describe('the contact line', () => {
  const samples = (language: Language): Notification[] => [
    ...realisticNotifications(language),
    ...realisticVariants(language),
    ...NOTIFICATION_EVENTS.flatMap((event) => worstCaseNotifications(language, event).slice(0, 3)),
  ];

  it.each(LANGUAGES)('gives 19912 in every SMS and every email in %s', (language) => {
    for (const notification of samples(language)) {
      const email = renderEmail(notification);

      expect(renderSms(notification).body).toContain('19912');
      expect(email.text).toContain('19912');
      expect(email.html).toContain('19912');
    }
  });

  it('gives the call-centre hours, the portal and «صوتك مسموع» in every email', () => {
    for (const notification of [...samples('ar'), ...samples('en')]) {
      const { text, html } = renderEmail(notification);

      for (const part of [text, html]) {
        if (notification.language === 'ar') {
          expect(part).toContain('من الأحد إلى الخميس');
          expect(part).toContain('٠٨:٠٠');
          expect(part).toContain('٢٠:٠٠');
          expect(part).toContain('البوابة الإلكترونية');
        } else {
          expect(part).toContain('Sunday to Thursday');
          expect(part).toContain('08:00');
          expect(part).toContain('20:00');
          expect(part).toContain('portal');
          expect(part).toContain('Your Voice Is Heard');
        }
        expect(part).toContain('صوتك مسموع');
      }
    }
  });
});
