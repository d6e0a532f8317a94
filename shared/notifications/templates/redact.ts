/**
 * The last guard before free text reaches a beneficiary: a national id (10 digits starting 1 or 2)
 * or an IBAN (SA and 22 digits, grouped by spaces or not) is masked wherever it appears, in Western
 * or Arabic-Indic digits. Messages never quote them on purpose; this catches one a person typed into
 * the support team's reason, or one riding in a reference.
 */

const DIGIT = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]';
const ID_FIRST = '[12\\u0661\\u0662\\u06f1\\u06f2]';

const NATIONAL_ID = new RegExp(`(?<!${DIGIT})${ID_FIRST}${DIGIT}{9}(?!${DIGIT})`, 'g');
const IBAN = new RegExp(`SA(?:[ -]?${DIGIT}){22}(?!${DIGIT})`, 'gi');

const MASKED_NATIONAL_ID = '*'.repeat(10);
const MASKED_IBAN = `SA${'*'.repeat(22)}`;

/** Masks national ids and IBANs in `text`: `1012345678` -> `**********`, an IBAN -> `SA***…`. */
export function redactPersonalData(text: string): string {
  return text.replace(IBAN, MASKED_IBAN).replace(NATIONAL_ID, MASKED_NATIONAL_ID);
}
