import { type Language, localDigits } from '../i18n/language.ts';
import { formatRiyals } from '../money/halalas.ts';
import type { EntitlementBreakdown } from './compute-entitlement.ts';

/**
 * Why a household is paid what it is, in one or two sentences of Arabic or English: the weight and
 * how it is made up, where the income stands against the thresholds, and the amount, e.g.
 * "Weight 1.8 (head 1 + 0.5 × 1 dependent 18 or over + 0.3 × 1 dependent under 18); income 0 SAR
 * is at or below the exemption threshold 7,758 SAR: full amount 1,296 SAR."
 */
export function describeEntitlement(breakdown: EntitlementBreakdown, language: Language): string {
  return language === 'ar' ? describeInArabic(breakdown) : describeInEnglish(breakdown);
}

function describeInEnglish(breakdown: EntitlementBreakdown): string {
  const money = (halalas: number) => `${riyals(halalas, 'en')} SAR`;
  const { band, belowMinimum } = breakdown;
  const income = `income ${money(breakdown.incomeHalalas)}`;
  const exemption = `the exemption threshold ${money(breakdown.exemptionThresholdHalalas)}`;
  const cutoff = `the cut-off ${money(breakdown.cutoffHalalas)}`;
  const full = money(breakdown.fullAmountHalalas);
  const tapered = money(breakdown.taperedAmountHalalas);
  const paid = money(breakdown.amountHalalas);
  const notPaid = 'below the minimum payment, so nothing is paid this month';
  const weight = weightInEnglish(breakdown);

  switch (band) {
    case 'full':
      return belowMinimum
        ? `${weight}; ${income} is at or below ${exemption}: full amount ${full}, ${notPaid}.`
        : `${weight}; ${income} is at or below ${exemption}: full amount ${paidAs(full, paid, 'en')}.`;
    case 'tapered': {
      const reduced = `${income} is above ${exemption} and below ${cutoff}, so the full amount ${full} is reduced in proportion`;
      return belowMinimum
        ? `${weight}; ${reduced}: ${tapered}, ${notPaid}.`
        : `${weight}; ${reduced}: ${paidAs(tapered, paid, 'en')}.`;
    }
    case 'above-cutoff':
      return `${weight}; ${income} is at or above ${cutoff}: nothing is paid.`;
  }
}

function weightInEnglish({ weightTerms, weightTenths, cappedWeightTenths }: EntitlementBreakdown) {
  const terms = [`head ${tenths(weightTerms.headTenths, 'en')}`];
  if (weightTerms.adultDependents > 0) {
    const noun =
      weightTerms.adultDependents === 1 ? 'dependent 18 or over' : 'dependents 18 or over';
    terms.push(
      `${tenths(weightTerms.adultDependentTenths, 'en')} × ${weightTerms.adultDependents} ${noun}`,
    );
  }
  if (weightTerms.minorDependents > 0) {
    const noun = weightTerms.minorDependents === 1 ? 'dependent under 18' : 'dependents under 18';
    terms.push(
      `${tenths(weightTerms.minorDependentTenths, 'en')} × ${weightTerms.minorDependents} ${noun}`,
    );
  }
  const makeUp = terms.length === 1 ? 'head of household, no dependents' : terms.join(' + ');
  const capped =
    cappedWeightTenths < weightTenths ? `, capped at ${tenths(cappedWeightTenths, 'en')}` : '';
  return `Weight ${tenths(weightTenths, 'en')} (${makeUp})${capped}`;
}

function describeInArabic(breakdown: EntitlementBreakdown): string {
  const money = (halalas: number) => `${riyals(halalas, 'ar')} ريال`;
  const { band, belowMinimum } = breakdown;
  const income = `الدخل ${money(breakdown.incomeHalalas)}`;
  const exemption = `حد الإعفاء ${money(breakdown.exemptionThresholdHalalas)}`;
  const cutoff = `الحد المانع ${money(breakdown.cutoffHalalas)}`;
  const full = money(breakdown.fullAmountHalalas);
  const tapered = money(breakdown.taperedAmountHalalas);
  const paid = money(breakdown.amountHalalas);
  const notPaid = 'وهو أقل من الحد الأدنى للصرف، فلا يُصرف شيء هذا الشهر';
  const weight = weightInArabic(breakdown);

  switch (band) {
    case 'full':
      return belowMinimum
        ? `${weight}؛ ${income} لا يتجاوز ${exemption}: المبلغ الكامل ${full}، ${notPaid}.`
        : `${weight}؛ ${income} لا يتجاوز ${exemption}: المبلغ الكامل ${paidAs(full, paid, 'ar')}.`;
    case 'tapered': {
      const reduced = `${income} أعلى من ${exemption} وأقل من ${cutoff}، فيُخفَّض المبلغ الكامل ${full} بالتناسب`;
      return belowMinimum
        ? `${weight}؛ ${reduced} إلى ${tapered}، ${notPaid}.`
        : `${weight}؛ ${reduced} إلى ${paidAs(tapered, paid, 'ar')}.`;
    }
    case 'above-cutoff':
      return `${weight}؛ ${income} يبلغ ${cutoff} أو يتجاوزه: لا يُصرف شيء.`;
  }
}

function weightInArabic({ weightTerms, weightTenths, cappedWeightTenths }: EntitlementBreakdown) {
  const terms = [`رب الأسرة ${tenths(weightTerms.headTenths, 'ar')}`];
  if (weightTerms.adultDependents > 0) {
    terms.push(
      `${tenths(weightTerms.adultDependentTenths, 'ar')} × ${localDigits(String(weightTerms.adultDependents), 'ar')} من التابعين البالغين`,
    );
  }
  if (weightTerms.minorDependents > 0) {
    terms.push(
      `${tenths(weightTerms.minorDependentTenths, 'ar')} × ${localDigits(String(weightTerms.minorDependents), 'ar')} من التابعين دون ١٨ سنة`,
    );
  }
  const makeUp = terms.length === 1 ? 'رب الأسرة دون تابعين' : terms.join(' + ');
  const capped =
    cappedWeightTenths < weightTenths
      ? `، ويُحتسب ${tenths(cappedWeightTenths, 'ar')} وهو الحد الأعلى`
      : '';
  return `الوزن ${tenths(weightTenths, 'ar')} (${makeUp})${capped}`;
}

/** "1,296 SAR", or "662.14 SAR, paid as 662 SAR" when the rounding rule changed the amount. */
function paidAs(computed: string, paid: string, language: Language): string {
  if (computed === paid) return computed;
  return language === 'ar' ? `${computed}، ويُصرف ${paid}` : `${computed}, paid as ${paid}`;
}

/** 129600 -> "1,296"; 66214 -> "662.14"; in Arabic "١٬٢٩٦" and "٦٦٢٫١٤". */
function riyals(halalas: number, language: Language): string {
  return localNumber(formatRiyals(halalas).replace(/\.00$/, ''), language);
}

/** 18 -> "1.8", 10 -> "1"; in Arabic "١٫٨". */
function tenths(value: number, language: Language): string {
  const fraction = value % 10;
  const whole = (value - fraction) / 10;
  return localNumber(fraction === 0 ? String(whole) : `${whole}.${fraction}`, language);
}

/** Arabic writes the digits Arabic-Indic, the decimal point ٫ and the thousands separator ٬. */
function localNumber(text: string, language: Language): string {
  if (language !== 'ar') return text;
  return localDigits(text.replace(/,/g, '٬').replace(/\./g, '٫'), language);
}
