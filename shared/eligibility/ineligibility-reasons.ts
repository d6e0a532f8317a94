import type { Language } from '../i18n/language.ts';
import * as z from '../validation/zod.ts';

/**
 * Why a head of household or a dependent is not eligible this cycle (domain.md, "Who is eligible";
 * entitlement.md, "Who counts"). The order is the order `evaluateEligibility` reports them in: the
 * rules for everyone first, then the dependent's, then the independent individual's.
 */
export const INELIGIBILITY_REASONS = [
  /** Not a Saudi citizen, and neither a Saudi mother's child, a Saudi's spouse nor a mobility-card holder. */
  'not-saudi-citizen',
  /** Outside the Kingdom for more than `maxDaysAbroadPerYear` days this year. */
  'abroad-over-limit',
  /** Lives in a shelter (دور الإيواء). */
  'in-shelter',
  /** In prison. */
  'in-prison',
  /** The disclosed data does not match what the authorities hold. */
  'data-mismatch',
  /** A dependent child who married: they have a household of their own. */
  'married-child',
  /** An independent individual younger than `independentMinimumAge`. */
  'independent-under-age',
  /** An independent individual who is married (entitlement.md: an independent is unmarried). */
  'independent-married',
  /** An independent individual with no proof of independent housing, or one not accepted. */
  'independent-without-housing-proof',
  /** An independent individual registered while registration of new independents was suspended. */
  'independent-registration-suspended',
  /** An independent individual with dependents. */
  'independent-with-dependents',
] as const;

export const ineligibilityReasonSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.enum(INELIGIBILITY_REASONS),
);
export type IneligibilityReason = z.infer<typeof ineligibilityReasonSchema>;

/**
 * The texts as the program would write them to a beneficiary in its eligibility history (تاريخ
 * الاستحقاق). Arabic uses verbal nouns, as the program's lists of conditions do, so one text fits a
 * man or a woman, the head or a dependent. No thresholds and no list of accepted proofs in the text:
 * they are configuration, and a message that quotes one takes it from the rules.
 */
const TEXTS: Readonly<Record<IneligibilityReason, Readonly<Record<Language, string>>>> = {
  'not-saudi-citizen': {
    ar: 'عدم حمل الجنسية السعودية وعدم انطباق أي من الاستثناءات (أبناء المواطنة من زوج غير سعودي، وزوج المواطنة أو زوجة المواطن من غير السعوديين، وحاملو بطاقات التنقل)',
    en: 'Not a Saudi citizen, and none of the exceptions applies (child of a Saudi mother, non-Saudi spouse of a Saudi, mobility-card holder)',
  },
  'abroad-over-limit': {
    ar: 'عدم الإقامة الكاملة داخل المملكة: تجاوزت مدة البقاء خارجها خلال العام المدة المسموح بها',
    en: 'Not fully resident in the Kingdom: more days outside it this year than the program allows',
  },
  'in-shelter': {
    ar: 'الإقامة في إحدى دور الإيواء',
    en: 'Living in a shelter',
  },
  'in-prison': {
    ar: 'الإيداع في أحد السجون',
    en: 'In prison',
  },
  'data-mismatch': {
    ar: 'عدم تطابق البيانات المفصح عنها مع البيانات الموجودة لدى الجهات ذات العلاقة',
    en: 'The data disclosed does not match the records of the relevant authorities',
  },
  'married-child': {
    ar: 'زواج الابن أو البنت وتكوين أسرة مستقلة',
    en: 'A dependent child who has married has a household of their own',
  },
  'independent-under-age': {
    ar: 'عدم بلوغ السن المطلوبة للتسجيل فردًا مستقلًا',
    en: 'Under the minimum age to register as an independent individual',
  },
  'independent-married': {
    ar: 'التسجيل فردًا مستقلًا مع الزواج، والفرد المستقل غير متزوج',
    en: 'Registered as an independent individual while married; an independent individual is unmarried',
  },
  'independent-without-housing-proof': {
    ar: 'عدم إرفاق إثبات سكن مستقل من الإثباتات المقبولة',
    en: 'No accepted proof of independent housing',
  },
  'independent-registration-suspended': {
    ar: 'التسجيل فردًا مستقلًا خلال فترة تعليق تسجيل الأفراد المستقلين الجدد',
    en: 'Registered as an independent individual while registration of new independents was suspended',
  },
  'independent-with-dependents': {
    ar: 'التسجيل فردًا مستقلًا مع وجود تابعين',
    en: 'Registered as an independent individual but has dependents',
  },
};

/**
 * The reason someone is not eligible, as one short sentence in Arabic or English:
 * "In prison" / "الإيداع في أحد السجون".
 */
export function describeIneligibility(reason: IneligibilityReason, language: Language): string {
  return TEXTS[reason][language];
}
