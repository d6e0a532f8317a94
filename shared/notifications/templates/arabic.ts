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
 * The Arabic messages: Modern Standard Arabic, addressed to the beneficiary in the plural of respect
 * (لكم، اعتراضكم), which Saudi official messages use for a man or a woman alike, and otherwise in the
 * passive and verbal nouns. Amounts and dates in Arabic-Indic digits; 19912 in Western digits so
 * phones offer to call it. SMS carry no bidi controls (they cost units and some phones draw them).
 */

const PROGRAM = 'حساب المواطن';
const SMS_CONTACT = `للاستفسار: ${CONTACT_NUMBER}`;
const SMS_REASON_LABELS_SHOWN = 2;

const amount = (halalas: number): string => `${formatAmount(halalas, 'ar')} ريال`;
const month = (cycle: CycleId): string => formatMonth(cycle, 'ar');

/** "شهرين", "٥ أشهر", "١١ شهرًا": the count of months after a noun or preposition (genitive). */
function monthCount(count: number): string {
  if (count === 1) return 'شهر واحد';
  if (count === 2) return 'شهرين';
  if (count <= 10) return `${formatNumber(count, 'ar')} أشهر`;
  return `${formatNumber(count, 'ar')} شهرًا`;
}

/** "شهر مارس ٢٠٢٦", "الأشهر من سبتمبر ٢٠٢٦ إلى يناير ٢٠٢٧", or "٥ أشهر" when the months have gaps. */
function monthsShort(months: readonly CycleId[]): string {
  const sorted = sortedMonths(months);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return '';
  if (first === last) return `شهر ${month(first)}`;
  if (isContiguous(sorted)) return `الأشهر من ${month(first)} إلى ${month(last)}`;
  return monthCount(sorted.length);
}

/** Up to two short labels, then "وأسباب أخرى": the SMS stays short whatever the reasons. */
function reasonsShort(codes: readonly string[]): string {
  const reasons = orderReasons(codes);
  const labels = reasons
    .slice(0, SMS_REASON_LABELS_SHOWN)
    .map((code) => shortReasonLabel(code, 'ar'));
  const more = reasons.length > SMS_REASON_LABELS_SHOWN ? ' وأسباب أخرى' : '';
  return `${reasons.length > 1 ? 'الأسباب' : 'السبب'}: ${labels.join('، ')}${more}`;
}

function objectionId(notification: { readonly payload: { readonly objectionId: string } }): string {
  return redactPersonalData(notification.payload.objectionId);
}

function emailsReason(notification: NotificationOf<'objection-rejected'>): boolean {
  return notification.contact.email !== null && !notification.contact.emailOptOut;
}

function paymentDeposited(notification: NotificationOf<'payment-deposited'>): string {
  const { paymentNumber, amountHalalas, arrearsHalalas, paymentDate } = notification.payload;
  const payment = paymentNumber === null ? 'دفعة' : `الدفعة ${formatNumber(paymentNumber, 'ar')}`;
  const arrears = arrearsHalalas > 0 ? ` ومستحقات سابقة ${amount(arrearsHalalas)}` : '';
  return `${PROGRAM}: تم إيداع ${payment} بمبلغ ${amount(amountHalalas)}${arrears} في ${formatDay(paymentDate, 'ar')}. ${SMS_CONTACT}`;
}

function notEligible(notification: NotificationOf<'not-eligible'>): string {
  const { cycle, reasons, objectionDeadline } = notification.payload;
  return `${PROGRAM}: لم تُصرف لكم دفعة شهر ${month(cycle)}. ${reasonsShort(reasons)}. ويمكنكم الاعتراض حتى ${formatDay(objectionDeadline, 'ar')} عبر البوابة أو على الرقم ${CONTACT_NUMBER}`;
}

function objectionReceived(notification: NotificationOf<'objection-received'>): string {
  return `${PROGRAM}: تم استلام اعتراضكم رقم ${objectionId(notification)} على نتيجة ${month(notification.payload.resultCycle)}، ويمكنكم متابعة حالته عبر البوابة. ${SMS_CONTACT}`;
}

function objectionUnderReview(notification: NotificationOf<'objection-under-review'>): string {
  return `${PROGRAM}: اعتراضكم رقم ${objectionId(notification)} قيد الدراسة لدى فريق الدعم، وسنبلغكم بالنتيجة. ${SMS_CONTACT}`;
}

function objectionAccepted(notification: NotificationOf<'objection-accepted'>): string {
  const { arrearsMonths, arrearsHalalas, arrearsPaymentDate } = notification.payload;
  const head = `${PROGRAM}: تم قبول اعتراضكم رقم ${objectionId(notification)}`;
  if (arrearsHalalas === 0) return `${head}، ولا توجد مستحقات سابقة لكم. ${SMS_CONTACT}`;
  const months = arrearsMonths.length > 0 ? ` ${monthsShort(arrearsMonths)}` : '';
  const when =
    arrearsPaymentDate === null
      ? 'مع إحدى الدفعات القادمة'
      : `في ${formatDay(arrearsPaymentDate, 'ar')}`;
  return `${head}، وتُصرف لكم مستحقات${months} بمبلغ ${amount(arrearsHalalas)} ${when}. ${SMS_CONTACT}`;
}

function objectionRejected(notification: NotificationOf<'objection-rejected'>): string {
  const where = emailsReason(notification) ? 'في بريدكم الإلكتروني وعلى البوابة' : 'على البوابة';
  return `${PROGRAM}: لم يُقبل اعتراضكم رقم ${objectionId(notification)}، وتجدون سبب ذلك ${where}. ${SMS_CONTACT}`;
}

// Emails

const amountValue = (halalas: number): Inline[] => [value(formatAmount(halalas, 'ar')), ' ريال'];

function paymentDepositedEmail(notification: NotificationOf<'payment-deposited'>): EmailContent {
  const { cycle, paymentNumber, paymentDate, amountHalalas, arrearsHalalas } = notification.payload;
  const payment: Inline[] =
    paymentNumber === null ? ['الدفعة'] : ['الدفعة ', value(formatNumber(paymentNumber, 'ar'))];
  const rows = [
    ...(paymentNumber === null
      ? []
      : [{ label: 'رقم الدفعة', value: [value(formatNumber(paymentNumber, 'ar'))] }]),
    { label: 'الشهر', value: [value(month(cycle))] },
    { label: 'تاريخ الإيداع', value: [value(formatDayWithWeekday(paymentDate, 'ar'))] },
    { label: 'الدعم الشهري', value: amountValue(amountHalalas) },
    ...(arrearsHalalas > 0
      ? [
          { label: 'المستحقات السابقة', value: amountValue(arrearsHalalas) },
          { label: 'الإجمالي', value: amountValue(amountHalalas + arrearsHalalas) },
        ]
      : []),
  ];
  return {
    subject: [`${PROGRAM}: تم إيداع `, ...payment],
    heading: ['تم إيداع ', ...payment],
    blocks: [
      paragraph(
        'تم إيداع دفعة حساب المواطن لشهر ',
        value(month(cycle)),
        ' في حسابكم البنكي المسجل في البرنامج، وتفاصيلها كما يلي:',
      ),
      { kind: 'facts', rows },
      paragraph(
        'يُحسب مبلغ الدعم وفق بيانات الأسرة، فنرجو تحديث بياناتكم عبر البوابة الإلكترونية عند أي تغيير، ولا سيما الدخل.',
      ),
    ],
  };
}

function notEligibleEmail(notification: NotificationOf<'not-eligible'>): EmailContent {
  const { cycle, paymentNumber, reasons, objectionDeadline } = notification.payload;
  const ordered = orderReasons(reasons);
  const payment: Inline[] =
    paymentNumber === null ? [] : [' (الدفعة ', value(formatNumber(paymentNumber, 'ar')), ')'];
  return {
    subject: [`${PROGRAM}: لا توجد دفعة لكم لشهر `, value(month(cycle))],
    heading: ['لا توجد دفعة لكم لشهر ', value(month(cycle))],
    blocks: [
      paragraph(
        'لا توجد دفعة مستحقة لكم من حساب المواطن لشهر ',
        value(month(cycle)),
        ...payment,
        ordered.length > 1 ? '، للأسباب التالية:' : '، للسبب التالي:',
      ),
      { kind: 'list', items: ordered.map((code) => [reasonSentence(code, 'ar')]) },
      paragraph(
        'ويمكنكم الاطلاع على تفاصيل النتيجة لكل فرد من الأسرة في تاريخ الاستحقاق على البوابة الإلكترونية.',
      ),
      paragraph(
        'إذا رأيتم أن هذه النتيجة غير صحيحة، فيمكنكم تقديم اعتراض عبر البوابة الإلكترونية مع ذكر أسبابه وإرفاق المستندات المؤيدة له، وآخر يوم لتقديم الاعتراض هو ',
        value(formatDayWithWeekday(objectionDeadline, 'ar')),
        '. وبعد هذا التاريخ يلزم التسجيل من جديد عند فتح باب التسجيل.',
      ),
    ],
  };
}

function objectionReceivedEmail(notification: NotificationOf<'objection-received'>): EmailContent {
  const id = objectionId(notification);
  return {
    subject: [`${PROGRAM}: تم استلام الاعتراض `, value(id)],
    heading: ['تم استلام اعتراضكم'],
    blocks: [
      paragraph(
        'تم استلام اعتراضكم رقم ',
        value(id),
        ' على نتيجة الأهلية لشهر ',
        value(month(notification.payload.resultCycle)),
        '، وسيدرسه فريق الدعم في البرنامج.',
      ),
      paragraph(
        'يمكنكم متابعة حالة الاعتراض عبر البوابة الإلكترونية، وسنبلغكم بكل تغيير في حالته برسالة نصية وبالبريد الإلكتروني.',
      ),
    ],
  };
}

function objectionUnderReviewEmail(
  notification: NotificationOf<'objection-under-review'>,
): EmailContent {
  const id = objectionId(notification);
  return {
    subject: [`${PROGRAM}: الاعتراض `, value(id), ' قيد الدراسة'],
    heading: ['اعتراضكم قيد الدراسة'],
    blocks: [
      paragraph(
        'اعتراضكم رقم ',
        value(id),
        ' على نتيجة الأهلية لشهر ',
        value(month(notification.payload.resultCycle)),
        ' قيد الدراسة الآن لدى فريق الدعم في البرنامج.',
      ),
      paragraph(
        'لا يلزمكم أي إجراء الآن. وسنبلغكم بنتيجة الدراسة برسالة نصية وبالبريد الإلكتروني، ويمكنكم متابعة حالة الاعتراض عبر البوابة الإلكترونية.',
      ),
    ],
  };
}

function objectionAcceptedEmail(notification: NotificationOf<'objection-accepted'>): EmailContent {
  const { resultCycle, arrearsMonths, arrearsHalalas, arrearsPaymentDate } = notification.payload;
  const id = objectionId(notification);
  const opening = paragraph(
    'يسرنا إبلاغكم بقبول اعتراضكم رقم ',
    value(id),
    ' على نتيجة الأهلية لشهر ',
    value(month(resultCycle)),
    '.',
  );
  const common = {
    subject: [`${PROGRAM}: تم قبول الاعتراض `, value(id)],
    heading: ['تم قبول اعتراضكم'],
  };
  if (arrearsHalalas === 0) {
    return {
      ...common,
      blocks: [opening, paragraph('لا توجد مستحقات سابقة لكم عن هذا الاعتراض.')],
    };
  }
  const months = sortedMonths(arrearsMonths);
  const blocks: Block[] = [
    opening,
    paragraph('يُصرف لكم بأثر رجعي الدعم الذي لم يُصرف، وتفاصيله كما يلي:'),
    {
      kind: 'facts',
      rows: [
        ...(months.length > 0
          ? [
              {
                label: 'عدد الأشهر',
                value: [value(formatNumber(months.length, 'ar'))],
              },
            ]
          : []),
        { label: 'مبلغ المستحقات', value: amountValue(arrearsHalalas) },
        {
          label: 'تاريخ الصرف',
          value:
            arrearsPaymentDate === null
              ? ['مع إحدى الدفعات القادمة، وسنبلغكم بتاريخها']
              : [value(formatDayWithWeekday(arrearsPaymentDate, 'ar')), '، مع الدفعة الشهرية'],
        },
      ],
    },
  ];
  if (months.length > 0) {
    blocks.push(paragraph('الأشهر التي تشملها المستحقات:'), {
      kind: 'list',
      items: months.map((each) => [value(month(each))]),
    });
  }
  blocks.push(
    paragraph(
      'تُحسب المستحقات من تاريخ نتيجة الأهلية حتى تاريخ قبول الاعتراض، بالأشهر وبحد أقصى خمسة أشهر.',
    ),
  );
  return { ...common, blocks };
}

function objectionRejectedEmail(notification: NotificationOf<'objection-rejected'>): EmailContent {
  const id = objectionId(notification);
  return {
    subject: [`${PROGRAM}: نتيجة الاعتراض `, value(id)],
    heading: ['لم يُقبل اعتراضكم'],
    blocks: [
      paragraph(
        'نأسف لإبلاغكم بعدم قبول اعتراضكم رقم ',
        value(id),
        ' على نتيجة الأهلية لشهر ',
        value(month(notification.payload.resultCycle)),
        '، وسبب ذلك كما كتبه فريق الدعم:',
      ),
      { kind: 'quote', text: redactPersonalData(notification.payload.rejectionReason) },
      paragraph(
        'للاستفسار عن هذا القرار، أو إن كانت لديكم مستندات لم تُرفق بالاعتراض، يُرجى الاتصال بالرقم الموحد ',
        value(CONTACT_NUMBER),
        ' أو التواصل عبر البوابة الإلكترونية.',
      ),
    ],
  };
}

/** The Arabic SMS and email templates. */
export const ARABIC_TEMPLATES: TemplateSet = {
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
    programName: 'برنامج حساب المواطن',
    greeting: 'السلام عليكم ورحمة الله وبركاته،',
    footer: [
      paragraph(
        'للشكاوى والاعتراضات والاستفسارات: الرقم الموحد المجاني ',
        value(CONTACT_NUMBER),
        '. ويعمل مركز الاتصال من الأحد إلى الخميس، من الساعة ',
        value('٠٨:٠٠'),
        ' حتى الساعة ',
        value('٢٠:٠٠'),
        '.',
      ),
      paragraph(
        'وتستقبل خدمة المستفيدين اتصالاتكم يوميًا عدا الجمعة والسبت، من الساعة ',
        value('١٣:٠٠'),
        ' حتى الساعة ',
        value('٢٢:٠٠'),
        '.',
      ),
      paragraph(
        'ويمكنكم كذلك التواصل عبر البوابة الإلكترونية لحساب المواطن، وإبداء ملاحظاتكم عبر خدمة «صوتك مسموع».',
      ),
      paragraph('هذه رسالة آلية، يُرجى عدم الرد عليها.'),
    ],
    signature: 'برنامج حساب المواطن',
  },
};
