/**
 * What personal data looks like, and how it is masked: the one place for the rules. A Saudi IBAN
 * (SWIFT's registry: `SA2!n2!n18!c`, SA, two check digits, a two-digit bank code and an 18-character
 * account part of letters or digits) and a national id or iqama (10 digits starting 1 or 2). The
 * household schema checks an IBAN with `SAUDI_IBAN`; payment records keep it masked (`maskIban`);
 * free text that reaches a beneficiary is redacted (`redactPersonalData`), in Western or
 * Arabic-Indic digits. Digits that are part of an identifier (the household number in
 * `O-H1012345678-2026-11-1`) are not a national id: they are not masked.
 */

export const SAUDI_IBAN = /^SA\d{4}[0-9A-Z]{18}$/;

/** Keeps the country code and the last four characters: `SA** **** **** **** **** 1234`. */
export function maskIban(iban: string): string {
  const account = iban.slice(2);
  const masked = `${'*'.repeat(Math.max(0, account.length - 4))}${account.slice(-4)}`;
  return `${iban.slice(0, 2)}${masked}`.replace(/(.{4})(?=.)/g, '$1 ');
}

const DIGIT = '[0-9\\u0660-\\u0669\\u06f0-\\u06f9]';
const ID_FIRST = '[12\\u0661\\u0662\\u06f1\\u06f2]';
/** Next to a digit or a Latin letter, a run of digits is part of something else (`H1012345678`). */
const REFERENCE_CHARACTER = `(?:${DIGIT}|[A-Za-z])`;

const NATIONAL_ID = new RegExp(
  `(?<!${REFERENCE_CHARACTER})${ID_FIRST}${DIGIT}{9}(?!${REFERENCE_CHARACTER})`,
  'g',
);
const IBAN = new RegExp(`SA(?:[ -]?${DIGIT}){4}(?:[ -]?(?:${DIGIT}|[A-Z])){18}(?![0-9A-Z])`, 'gi');

const MASKED_NATIONAL_ID = '*'.repeat(10);
const MASKED_IBAN = `SA${'*'.repeat(22)}`;

/**
 * The last guard before free text reaches a beneficiary: national ids and IBANs are masked wherever
 * they appear (`1012345678` -> `**********`, an IBAN -> `SA***…`). Messages never quote them on
 * purpose; this catches one a person typed into the support team's reason.
 */
export function redactPersonalData(text: string): string {
  return text.replace(IBAN, MASKED_IBAN).replace(NATIONAL_ID, MASKED_NATIONAL_ID);
}

/**
 * An email address as it may be shown: the first and last character of the local part and the
 * domain (`beneficiary@example.sa` -> `b*********y@example.sa`); a local part of one or two
 * characters is all stars. Not an address at all: stars only.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '*'.repeat(Math.min(address.length, 12) || 1);
  const local = address.slice(0, at);
  const masked =
    local.length <= 2
      ? '*'.repeat(local.length)
      : `${local[0]}${'*'.repeat(local.length - 2)}${local.at(-1)}`;
  return `${masked}${address.slice(at)}`;
}

/** A national id or iqama as it may be shown: its last two digits (`********78`). */
export function maskNationalId(nationalId: string): string {
  return `${'*'.repeat(Math.max(0, nationalId.length - 2))}${nationalId.slice(-2)}`;
}

/** A mobile number as it may be shown: the country code and the last two digits (`+966*******12`). */
export function maskMobile(mobile: string): string {
  const country = mobile.startsWith('+966') ? '+966' : '';
  const rest = mobile.slice(country.length);
  return `${country}${'*'.repeat(Math.max(0, rest.length - 2))}${rest.slice(-2)}`;
}
