import * as z from '../validation/zod.ts';

/** The languages beneficiaries and ops read dafaa in. Arabic first. */
export const LANGUAGES = ['ar', 'en'] as const;
export const languageSchema = /* @__PURE__ */ z.onFirstUse(() => z.enum(LANGUAGES));
export type Language = z.infer<typeof languageSchema>;

const ARABIC_INDIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Writes Western digits as Arabic-Indic ones (2027 -> ٢٠٢٧), as Saudi Arabic text does. */
export function toArabicDigits(text: string): string {
  return text.replace(/[0-9]/g, (digit) => ARABIC_INDIC_DIGITS[Number(digit)] ?? digit);
}

/** Digits as the language writes them. */
export function localDigits(text: string, language: Language): string {
  return language === 'ar' ? toArabicDigits(text) : text;
}
