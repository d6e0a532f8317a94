import { NOTHING_DUE_REASONS } from '../../cycles/payment-record.ts';
import {
  describeIneligibility,
  INELIGIBILITY_REASONS,
  type IneligibilityReason,
} from '../../eligibility/ineligibility-reasons.ts';
import type { Language } from '../../i18n/language.ts';

/**
 * Why a cycle paid nothing, as messages say it: a short label per reason code for SMS, where every
 * character costs, and a full sentence for email. The codes are the ineligibility reasons and the
 * two nothing-due reasons; a code neither knows (a newer rule, a typo upstream) is said as "another
 * reason", never echoed, since a message must not carry text no one wrote for beneficiaries.
 */

type NothingDueReason = (typeof NOTHING_DUE_REASONS)[number];
type ReasonCode = IneligibilityReason | NothingDueReason;

/** Every reason code a message knows, in the order messages list them. */
export const REASON_CODES: readonly ReasonCode[] = [
  ...INELIGIBILITY_REASONS,
  ...NOTHING_DUE_REASONS,
];

const SHORT_LABELS: Readonly<Record<ReasonCode, Readonly<Record<Language, string>>>> = {
  'not-saudi-citizen': { ar: 'الجنسية', en: 'nationality' },
  'abroad-over-limit': { ar: 'البقاء خارج المملكة', en: 'time abroad' },
  'in-shelter': { ar: 'الإقامة في دار إيواء', en: 'living in a shelter' },
  'in-prison': { ar: 'الإيداع في السجن', en: 'in prison' },
  'data-mismatch': { ar: 'عدم تطابق البيانات', en: 'data mismatch' },
  'married-child': { ar: 'زواج التابع', en: 'dependent married' },
  'independent-under-age': { ar: 'سن الفرد المستقل', en: 'under minimum age' },
  'independent-married': { ar: 'زواج الفرد المستقل', en: 'independent married' },
  'independent-without-housing-proof': { ar: 'إثبات السكن المستقل', en: 'no housing proof' },
  'independent-registration-suspended': { ar: 'تعليق تسجيل المستقلين', en: 'registration closed' },
  'independent-with-dependents': { ar: 'وجود تابعين للمستقل', en: 'has dependents' },
  'income-above-cutoff': { ar: 'الدخل فوق الحد', en: 'income above limit' },
  'below-minimum': { ar: 'المبلغ دون الحد الأدنى', en: 'below minimum amount' },
};

const NOTHING_DUE_TEXTS: Readonly<Record<NothingDueReason, Readonly<Record<Language, string>>>> = {
  'income-above-cutoff': {
    ar: 'تجاوز دخل الأسرة الحد الذي لا يُصرف الدعم بعده',
    en: 'The household income is at or above the level from which no support is paid',
  },
  'below-minimum': {
    ar: 'المبلغ المستحق هذا الشهر أقل من الحد الأدنى للصرف',
    en: 'The amount due this month is below the minimum the program pays',
  },
};

const OTHER_LABEL: Readonly<Record<Language, string>> = {
  ar: 'سبب آخر',
  en: 'another reason',
};

const OTHER_TEXT: Readonly<Record<Language, string>> = {
  ar: 'سبب آخر، وتفاصيله في تاريخ الاستحقاق على البوابة الإلكترونية',
  en: 'Another reason; the details are in your eligibility history on the portal',
};

function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

function isNothingDue(code: ReasonCode): code is NothingDueReason {
  return (NOTHING_DUE_REASONS as readonly string[]).includes(code);
}

/**
 * The reasons in the order messages list them (known codes in `REASON_CODES` order, then one
 * "another reason" for all unknown codes), each once.
 */
export function orderReasons(codes: readonly string[]): Array<ReasonCode | null> {
  const known = REASON_CODES.filter((code) => codes.includes(code));
  return codes.some((code) => !isReasonCode(code)) ? [...known, null] : known;
}

/** The short SMS label: "data mismatch" / "عدم تطابق البيانات". `null` is an unknown code. */
export function shortReasonLabel(code: ReasonCode | null, language: Language): string {
  return code === null ? OTHER_LABEL[language] : SHORT_LABELS[code][language];
}

/** The full sentence for email (the eligibility history's wording for ineligibility reasons). */
export function reasonSentence(code: ReasonCode | null, language: Language): string {
  if (code === null) return OTHER_TEXT[language];
  if (isNothingDue(code)) return NOTHING_DUE_TEXTS[code][language];
  return describeIneligibility(code, language);
}
