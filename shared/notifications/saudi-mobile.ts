import { InvalidMobileNumberError } from './errors.ts';

/**
 * Saudi mobile numbers as beneficiaries write them, brought to the one form SMS providers take:
 * E.164, `+9665XXXXXXXX`. A Saudi mobile number is the country code 966 and nine digits starting
 * with 5 (the national form puts the trunk prefix 0 in front: `05XXXXXXXX`).
 */

/** Spaces (any kind), dashes, dots, parentheses and the bidi marks pasted text often carries. */
const SEPARATORS = /[\s\-.()\u2010-\u2015\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Arabic-Indic (U+0660..) and Extended Arabic-Indic (U+06F0.., Persian and Urdu) digits. */
const NON_ASCII_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

const SAUDI_E164 = /^\+9665\d{8}$/;

/**
 * The longest value read as a mobile number: the longest accepted form (`00966 5X XXX XXXX`) with
 * room for the separators and bidi marks pasted text carries. A longer value is refused by its
 * length alone, before any pattern runs over it, so a megabyte in the field costs nothing.
 */
export const MOBILE_MAX_LENGTH = 32;
const SUBSCRIBER = /^5\d{8}$/;

function toAsciiDigits(text: string): string {
  return text.replace(NON_ASCII_DIGITS, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf));
}

/**
 * Every digit as `*` but the last three, and nothing else of the value: what a log or an error may
 * show of a number. A value of three digits or fewer shows none of them.
 */
function maskDigits(raw: string): string {
  const digits = toAsciiDigits(raw).replace(/\D/g, '');
  const shown = digits.length > 3 ? 3 : 0;
  return `${'*'.repeat(digits.length - shown)}${digits.slice(digits.length - shown)}`;
}

/** The nine subscriber digits after the country code, or `null` when the form is none we accept. */
function subscriberOf(compact: string): string | null {
  for (const prefix of ['+966', '00966', '966']) {
    if (compact.startsWith(prefix)) return compact.slice(prefix.length);
  }
  if (compact.startsWith('0')) return compact.slice(1);
  if (compact.startsWith('5')) return compact;
  return null;
}

/**
 * Normalises a Saudi mobile number to E.164: `05 1234 5678`, `512345678`, `966512345678`,
 * `00966512345678` and `+966 (51) 234-5678` (Arabic-Indic digits too) all give `+966512345678`.
 *
 * @throws InvalidMobileNumberError when the value is not a Saudi mobile number in any of those
 *   forms, or is longer than `MOBILE_MAX_LENGTH`; the message shows only the value's last three
 *   digits (of an overlong value, only its length).
 */
export function normalizeSaudiMobile(raw: string): string {
  if (raw.length > MOBILE_MAX_LENGTH) {
    throw new InvalidMobileNumberError(
      `a value of ${raw.length} characters is not a Saudi mobile number (at most ${MOBILE_MAX_LENGTH})`,
    );
  }
  const compact = toAsciiDigits(raw).replace(SEPARATORS, '');
  const subscriber = /^\+?\d+$/.test(compact) ? subscriberOf(compact) : null;
  if (subscriber === null || !SUBSCRIBER.test(subscriber)) {
    throw new InvalidMobileNumberError(
      `"${maskDigits(raw)}" is not a Saudi mobile number: expected 05XXXXXXXX or +9665XXXXXXXX`,
    );
  }
  return `+966${subscriber}`;
}

/**
 * The number in E.164 when the value is a Saudi mobile number (see `normalizeSaudiMobile`), or
 * `null` for anything else: a string in no accepted form or too long, a number, an object, nothing.
 */
export function saudiMobileOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return normalizeSaudiMobile(value);
  } catch (error) {
    if (error instanceof InvalidMobileNumberError) return null;
    throw error;
  }
}

/**
 * A number as logs and reports may show it: `+966512345678` -> `+9665*****678`. Any other value is
 * masked all the same (every digit but the last three), never thrown at, as masking runs on the
 * error paths too.
 */
export function maskMobile(e164: string): string {
  if (SAUDI_E164.test(e164)) return `+9665*****${e164.slice(-3)}`;
  return maskDigits(e164);
}
