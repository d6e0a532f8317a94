import type { CycleId } from '../../calendar/calendar-date.ts';
import { redactPersonalData } from '../../privacy/personal-data.ts';
import type { NotificationOf } from '../notification.ts';
import { type Block, type EmailContent, type Inline, paragraph, value } from './email-document.ts';
import {
  formatAmount,
  formatDay,
  formatDayWithWeekday,
  formatMonth,
  formatNumber,
  isContiguous,
  sortedMonths,
} from './format-values.ts';
import { orderReasons, reasonSentence, shortReasonLabel } from './reason-labels.ts';
import { CONTACT_NUMBER, type TemplateSet } from './template-set.ts';

/**
 * The English messages, for beneficiaries who asked for English. SMS use only the GSM-7 alphabet
 * (no dashes or quotes beyond ASCII), so each fits 160 characters where the content allows.
 */

const PROGRAM = 'Citizen Account';
const SMS_CONTACT = `Call ${CONTACT_NUMBER} for help.`;
const SMS_REASON_LABELS_SHOWN = 2;

const amount = (halalas: number): string => `SAR ${formatAmount(halalas, 'en')}`;
const month = (cycle: CycleId): string => formatMonth(cycle, 'en');

/** "Mar 2026", "Sep 2026-Jan 2027", or "5 months" when the months have gaps. */
function monthsShort(months: readonly CycleId[]): string {
  const sorted = sortedMonths(months);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return '';
  if (first === last) return month(first);
  if (isContiguous(sorted)) return `${month(first)}-${month(last)}`;
  return `${sorted.length} months`;
}

/** Up to two short labels, then "and more": the SMS stays short whatever the reasons. */
function reasonsShort(codes: readonly string[]): string {
  const reasons = orderReasons(codes);
  const labels = reasons
    .slice(0, SMS_REASON_LABELS_SHOWN)
    .map((code) => shortReasonLabel(code, 'en'));
  const more = reasons.length > SMS_REASON_LABELS_SHOWN ? ' and more' : '';
  return `${reasons.length > 1 ? 'Reasons' : 'Reason'}: ${labels.join(', ')}${more}`;
}

function objectionId(notification: { readonly payload: { readonly objectionId: string } }): string {
  return redactPersonalData(notification.payload.objectionId);
}

function emailsReason(notification: NotificationOf<'objection-rejected'>): boolean {
  return notification.contact.email !== null && !notification.contact.emailOptOut;
}

function paymentDeposited(notification: NotificationOf<'payment-deposited'>): string {
  const { paymentNumber, amountHalalas, arrearsHalalas, paymentDate } = notification.payload;
  const payment = paymentNumber === null ? 'your payment' : `payment ${paymentNumber}`;
  const arrears = arrearsHalalas > 0 ? ` plus arrears of ${amount(arrearsHalalas)}` : '';
  return `${PROGRAM}: ${payment} of ${amount(amountHalalas)}${arrears} was deposited on ${formatDay(paymentDate, 'en')}. ${SMS_CONTACT}`;
}

function notEligible(notification: NotificationOf<'not-eligible'>): string {
  const { cycle, reasons, objectionDeadline } = notification.payload;
  return `${PROGRAM}: no payment is due for ${month(cycle)}. ${reasonsShort(reasons)}. Object by ${formatDay(objectionDeadline, 'en')} via the portal or ${CONTACT_NUMBER}.`;
}

function objectionReceived(notification: NotificationOf<'objection-received'>): string {
  return `${PROGRAM}: we received your objection ${objectionId(notification)} to the ${month(notification.payload.resultCycle)} result. Follow it on the portal. ${SMS_CONTACT}`;
}

function objectionUnderReview(notification: NotificationOf<'objection-under-review'>): string {
  return `${PROGRAM}: your objection ${objectionId(notification)} is under review by the support team. We will tell you the outcome. ${SMS_CONTACT}`;
}

function objectionAccepted(notification: NotificationOf<'objection-accepted'>): string {
  const { arrearsMonths, arrearsHalalas, arrearsPaymentDate } = notification.payload;
  const head = `${PROGRAM}: your objection ${objectionId(notification)} was accepted.`;
  if (arrearsHalalas === 0) return `${head} No arrears are due. ${SMS_CONTACT}`;
  const months = arrearsMonths.length > 0 ? ` for ${monthsShort(arrearsMonths)}` : '';
  const when =
    arrearsPaymentDate === null
      ? 'to be paid later'
      : `payable on ${formatDay(arrearsPaymentDate, 'en')}`;
  return `${head} Arrears ${amount(arrearsHalalas)}${months}, ${when}. ${SMS_CONTACT}`;
}

function objectionRejected(notification: NotificationOf<'objection-rejected'>): string {
  const where = emailsReason(notification) ? 'in your email and on the portal' : 'on the portal';
  return `${PROGRAM}: your objection ${objectionId(notification)} was not accepted. The reason is ${where}. ${SMS_CONTACT}`;
}

// Emails

const amountValue = (halalas: number): Inline[] => ['SAR ', value(formatAmount(halalas, 'en'))];

function paymentDepositedEmail(notification: NotificationOf<'payment-deposited'>): EmailContent {
  const { cycle, paymentNumber, paymentDate, amountHalalas, arrearsHalalas } = notification.payload;
  const payment: Inline[] =
    paymentNumber === null
      ? ['Your payment']
      : ['Payment ', value(formatNumber(paymentNumber, 'en'))];
  const rows = [
    ...(paymentNumber === null
      ? []
      : [{ label: 'Payment number', value: [value(formatNumber(paymentNumber, 'en'))] }]),
    { label: 'Month', value: [value(month(cycle))] },
    { label: 'Deposited on', value: [value(formatDayWithWeekday(paymentDate, 'en'))] },
    { label: 'Monthly support', value: amountValue(amountHalalas) },
    ...(arrearsHalalas > 0
      ? [
          { label: 'Arrears', value: amountValue(arrearsHalalas) },
          { label: 'Total', value: amountValue(amountHalalas + arrearsHalalas) },
        ]
      : []),
  ];
  return {
    subject: [`${PROGRAM}: `, ...payment, ' deposited'],
    heading: [...payment, ' has been deposited'],
    blocks: [
      paragraph(
        'Your Citizen Account payment for ',
        value(month(cycle)),
        ' has been deposited into the bank account registered with the program:',
      ),
      { kind: 'facts', rows },
      paragraph(
        'The amount follows your household data, so please update your data on the portal whenever it changes, your income above all.',
      ),
    ],
  };
}

function notEligibleEmail(notification: NotificationOf<'not-eligible'>): EmailContent {
  const { cycle, paymentNumber, reasons, objectionDeadline } = notification.payload;
  const ordered = orderReasons(reasons);
  const payment: Inline[] =
    paymentNumber === null ? [] : [' (payment ', value(formatNumber(paymentNumber, 'en')), ')'];
  return {
    subject: [`${PROGRAM}: no payment for `, value(month(cycle))],
    heading: ['No payment is due to you for ', value(month(cycle))],
    blocks: [
      paragraph(
        'No Citizen Account payment is due to you for ',
        value(month(cycle)),
        ...payment,
        ordered.length > 1 ? ', for these reasons:' : ', for this reason:',
      ),
      { kind: 'list', items: ordered.map((code) => [reasonSentence(code, 'en')]) },
      paragraph(
        'The result for each member of your household is in your eligibility history on the portal.',
      ),
      paragraph(
        'If you believe this result is wrong, you may object on the portal, giving your reasons and attaching supporting documents. The last day to object is ',
        value(formatDayWithWeekday(objectionDeadline, 'en')),
        '. After that date you would need to register again once registration reopens.',
      ),
    ],
  };
}

function objectionReceivedEmail(notification: NotificationOf<'objection-received'>): EmailContent {
  const id = objectionId(notification);
  return {
    subject: [`${PROGRAM}: objection `, value(id), ' received'],
    heading: ['We received your objection'],
    blocks: [
      paragraph(
        'We received your objection ',
        value(id),
        ' to the eligibility result for ',
        value(month(notification.payload.resultCycle)),
        '. The support team will review it.',
      ),
      paragraph(
        'You can follow its status on the portal, and we will tell you of every change by SMS and email.',
      ),
    ],
  };
}

function objectionUnderReviewEmail(
  notification: NotificationOf<'objection-under-review'>,
): EmailContent {
  const id = objectionId(notification);
  return {
    subject: [`${PROGRAM}: objection `, value(id), ' under review'],
    heading: ['Your objection is under review'],
    blocks: [
      paragraph(
        'Your objection ',
        value(id),
        ' to the eligibility result for ',
        value(month(notification.payload.resultCycle)),
        ' is now under review by the support team.',
      ),
      paragraph(
        'There is nothing you need to do now. We will tell you the outcome by SMS and email, and you can follow its status on the portal.',
      ),
    ],
  };
}

function objectionAcceptedEmail(notification: NotificationOf<'objection-accepted'>): EmailContent {
  const { resultCycle, arrearsMonths, arrearsHalalas, arrearsPaymentDate } = notification.payload;
  const id = objectionId(notification);
  const opening = paragraph(
    'We are pleased to tell you that your objection ',
    value(id),
    ' to the eligibility result for ',
    value(month(resultCycle)),
    ' has been accepted.',
  );
  const common = {
    subject: [`${PROGRAM}: objection `, value(id), ' accepted'],
    heading: ['Your objection has been accepted'],
  };
  if (arrearsHalalas === 0) {
    return { ...common, blocks: [opening, paragraph('No arrears are due on this objection.')] };
  }
  const months = sortedMonths(arrearsMonths);
  const blocks: Block[] = [
    opening,
    paragraph('The support that was not paid will be paid to you retroactively:'),
    {
      kind: 'facts',
      rows: [
        ...(months.length > 0
          ? [{ label: 'Months', value: [value(formatNumber(months.length, 'en'))] }]
          : []),
        { label: 'Arrears', value: amountValue(arrearsHalalas) },
        {
          label: 'Paid',
          value:
            arrearsPaymentDate === null
              ? ['with a coming payment; we will tell you its date']
              : ['with the payment of ', value(formatDayWithWeekday(arrearsPaymentDate, 'en'))],
        },
      ],
    },
  ];
  if (months.length > 0) {
    blocks.push(paragraph('The months the arrears cover:'), {
      kind: 'list',
      items: months.map((each) => [value(month(each))]),
    });
  }
  blocks.push(
    paragraph(
      'Arrears run from the date of the eligibility result to the date the objection was accepted, counted in months and capped at five.',
    ),
  );
  return { ...common, blocks };
}

function objectionRejectedEmail(notification: NotificationOf<'objection-rejected'>): EmailContent {
  const id = objectionId(notification);
  return {
    subject: [`${PROGRAM}: decision on objection `, value(id)],
    heading: ['Your objection was not accepted'],
    blocks: [
      paragraph(
        'We regret to tell you that your objection ',
        value(id),
        ' to the eligibility result for ',
        value(month(notification.payload.resultCycle)),
        ' was not accepted. The support team gave this reason:',
      ),
      { kind: 'quote', text: redactPersonalData(notification.payload.rejectionReason) },
      paragraph(
        'If you have questions about this decision, or documents that were not attached to your objection, please call the unified number ',
        value(CONTACT_NUMBER),
        ' or contact us through the portal.',
      ),
    ],
  };
}

/** The English SMS and email templates. */
export const ENGLISH_TEMPLATES: TemplateSet = {
  sms: {
    'payment-deposited': paymentDeposited,
    'not-eligible': notEligible,
    'objection-received': objectionReceived,
    'objection-under-review': objectionUnderReview,
    'objection-accepted': objectionAccepted,
    'objection-rejected': objectionRejected,
  },
  email: {
    'payment-deposited': paymentDepositedEmail,
    'not-eligible': notEligibleEmail,
    'objection-received': objectionReceivedEmail,
    'objection-under-review': objectionUnderReviewEmail,
    'objection-accepted': objectionAcceptedEmail,
    'objection-rejected': objectionRejectedEmail,
  },
  emailFrame: {
    programName: 'Citizen Account Program',
    greeting: 'Hello,',
    footer: [
      paragraph(
        'For complaints, objections and questions, call the unified free number ',
        value(CONTACT_NUMBER),
        '. The call centre is open Sunday to Thursday, ',
        value('08:00'),
        ' to ',
        value('20:00'),
        '.',
      ),
      paragraph(
        'Beneficiary service takes your calls every day except Friday and Saturday, ',
        value('13:00'),
        ' to ',
        value('22:00'),
        '.',
      ),
      paragraph(
        'You can also reach us through the Citizen Account portal, and share your feedback through the "Your Voice Is Heard" (',
        value('صوتك مسموع'),
        ') service.',
      ),
      paragraph('This is an automated message; please do not reply to it.'),
    ],
    signature: 'Citizen Account Program',
  },
};
