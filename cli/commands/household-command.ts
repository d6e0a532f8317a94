import { riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import {
  type HouseholdTimeline,
  type HouseholdTimelineDeps,
  householdTimeline,
} from '../../shared/households/household-timeline.ts';
import { type Language, languageSchema, localDigits } from '../../shared/i18n/language.ts';
import { formatAmount } from '../../shared/notifications/templates/format-values.ts';
import { redactPersonalData } from '../../shared/privacy/personal-data.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderTable } from '../render/table.ts';

export const HOUSEHOLD_USAGE = 'usage: dafaa household HOUSEHOLD_ID [--lang ar|en]';

/**
 * `dafaa household H00000042`: the household's timeline for ops: its payments (amount, arrears,
 * status and why), its objections, and every message sent to it, by channel and how it ended. In
 * Arabic with `--lang ar`. Personal data stays masked: the IBAN as the payment record keeps it, free
 * text redacted, a suppressed email address masked; no other contact detail is ever shown.
 */
export async function householdCommand(
  deps: () => HouseholdTimelineDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    { lang: { type: 'string', default: 'en' } },
    HOUSEHOLD_USAGE,
    1,
  );
  const [householdId] = positionals;
  if (!householdId) throw new UsageError(HOUSEHOLD_USAGE);
  const language = languageSchema.safeParse(values.lang);
  if (!language.success) throw new UsageError(`--lang takes ar or en, not "${values.lang}"`);
  io.out(renderTimeline(await householdTimeline(deps(), householdId), language.data));
  return 0;
}

const LABELS = {
  en: {
    title: (id: string) => `Household ${id}`,
    payments: 'Payments',
    objections: 'Objections',
    messages: 'Messages',
    none: 'none',
    paymentColumns: [
      'Cycle',
      'Paid on',
      'Status',
      'Amount (SAR)',
      'Arrears (SAR)',
      'Why',
      'Account',
    ],
    objectionColumns: [
      'Objection',
      'Result of',
      'Subject',
      'Status',
      'Last change',
      'Reason given',
    ],
    messageColumns: ['Message', 'Channel', 'Status', 'Attempts', 'Why', 'Last change (Riyadh)'],
    suppressions: 'Suppressed email addresses',
    suppressionColumns: ['Address', 'Cause', 'Since (Riyadh)', 'Lifted'],
    inForce: 'in force',
    liftedBy: (by: string, at: string, reason: string) => `by ${by} on ${at}: ${reason}`,
  },
  ar: {
    title: (id: string) => `الأسرة ${id}`,
    payments: 'الدفعات',
    objections: 'الاعتراضات',
    messages: 'الرسائل',
    none: 'لا يوجد',
    paymentColumns: [
      'الشهر',
      'تاريخ الصرف',
      'الحالة',
      'المبلغ (ريال)',
      'المستحقات (ريال)',
      'السبب',
      'الحساب',
    ],
    objectionColumns: ['الاعتراض', 'نتيجة شهر', 'الموضوع', 'الحالة', 'آخر تغيير', 'السبب المبلّغ'],
    messageColumns: ['الرسالة', 'القناة', 'الحالة', 'المحاولات', 'السبب', 'آخر تغيير (الرياض)'],
    suppressions: 'عناوين البريد الموقوفة',
    suppressionColumns: ['العنوان', 'السبب', 'منذ (الرياض)', 'الرفع'],
    inForce: 'سارٍ',
    liftedBy: (by: string, at: string, reason: string) => `رفعه ${by} في ${at}: ${reason}`,
  },
} as const;

export function renderTimeline(timeline: HouseholdTimeline, language: Language): string {
  const labels = LABELS[language];
  const direction = language === 'ar' ? 'rtl' : 'ltr';
  const digits = (text: string) => localDigits(text, language);
  const table = (columns: readonly string[], rows: string[][]) =>
    rows.length === 0
      ? `  ${labels.none}`
      : renderTable(
          columns.map((header) => ({ header })),
          rows,
          direction,
        );
  const payments = timeline.payments.map((record) => [
    digits(record.cycle),
    digits(record.paymentDate),
    record.status,
    formatAmount(record.amountHalalas, language),
    formatAmount(record.arrearsHalalas, language),
    [...record.reasons, ...record.contactProblems.map((problem) => problem.reason)].join(', '),
    record.ibanMasked ?? '',
  ]);
  const objections = timeline.objections.map((objection) => [
    objection.objectionId,
    digits(objection.resultCycle),
    objection.subject,
    objection.status,
    digits(riyadhMinute(objection.history.at(-1)?.at ?? '')),
    redactPersonalData(objection.rejectionReason ?? '').slice(0, 60),
  ]);
  const messages = timeline.messages.map((delivery) => [
    delivery.event,
    delivery.channel,
    delivery.status,
    digits(String(delivery.attempts)),
    delivery.reason ?? '',
    digits(riyadhMinute(delivery.updatedAt)),
  ]);
  const suppressions = timeline.suppressions.map((suppression) => [
    suppression.maskedAddress,
    suppression.cause,
    digits(riyadhMinute(suppression.at)),
    suppression.lifted === null
      ? labels.inForce
      : labels.liftedBy(
          suppression.lifted.by,
          digits(riyadhMinute(suppression.lifted.at)),
          redactPersonalData(suppression.lifted.reason).slice(0, 60),
        ),
  ]);
  return [
    labels.title(timeline.householdId),
    '',
    labels.payments,
    table(labels.paymentColumns, payments),
    '',
    labels.objections,
    table(labels.objectionColumns, objections),
    '',
    labels.messages,
    table(labels.messageColumns, messages),
    '',
    labels.suppressions,
    table(labels.suppressionColumns, suppressions),
  ].join('\n');
}

/** An instant as Riyadh's date and minute: `2026-12-10 09:12`. */
function riyadhMinute(instant: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return '';
  const riyadh = new Date(at.getTime() + 3 * 60 * 60 * 1000);
  return `${riyadhDateOf(at)} ${riyadh.toISOString().slice(11, 16)}`;
}
