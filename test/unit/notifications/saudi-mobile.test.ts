import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidMobileNumberError } from '../../../shared/notifications/errors.ts';
import {
  MOBILE_MAX_LENGTH,
  maskMobile,
  normalizeSaudiMobile,
  saudiMobileOrNull,
} from '../../../shared/notifications/saudi-mobile.ts';

describe('normalizeSaudiMobile', () => {
  it.each([
    ['0512345678'],
    ['512345678'],
    ['966512345678'],
    ['00966512345678'],
    ['+966512345678'],
    ['+966 51 234 5678'],
    ['+966-51-234-5678'],
    ['(051) 234.5678'],
    [' 05 1234 5678 '],
    ['٠٥١٢٣٤٥٦٧٨'],
    ['+٩٦٦ ٥١ ٢٣٤ ٥٦٧٨'],
    ['۰۵۱۲۳۴۵۶۷۸'],
  ])('normalises %j to E.164', (raw) => {
    expect(normalizeSaudiMobile(raw)).toBe('+966512345678');
  });

  it('gives the same number whichever accepted form it is written in', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{8}$/), (rest) => {
        const e164 = `+9665${rest}`;

        for (const form of [`05${rest}`, `5${rest}`, `9665${rest}`, `009665${rest}`, e164]) {
          expect(normalizeSaudiMobile(form)).toBe(e164);
        }
      }),
    );
  });

  it.each([
    ['', 'empty'],
    ['not a number', 'letters'],
    ['0112345678', 'a Riyadh landline'],
    ['+966112345678', 'a landline in E.164'],
    ['051234567', 'nine digits with the trunk zero'],
    ['05123456789', 'eleven digits with the trunk zero'],
    ['5123456789', 'ten digits without the trunk zero'],
    ['+9660512345678', 'the trunk zero after the country code'],
    ['+971512345678', 'a UAE mobile'],
    ['+1 512 345 6789', 'a US number'],
    ['05123456a8', 'a letter among the digits'],
    ['05+12345678', 'a plus sign inside'],
    ['0966512345678', 'a single leading zero before the country code'],
  ])('refuses %j (%s)', (raw) => {
    expect(() => normalizeSaudiMobile(raw)).toThrow(InvalidMobileNumberError);
  });

  it('names the refused value by its last three digits only', () => {
    const raw = '+966 11 234 5678';

    const error = (() => {
      try {
        normalizeSaudiMobile(raw);
        return null;
      } catch (caught) {
        return caught;
      }
    })();

    expect(error).toBeInstanceOf(InvalidMobileNumberError);
    const message = (error as Error).message;
    expect(message).toContain('*********678');
    expect(message).not.toContain('112345');
    expect(message).not.toContain('2345');
  });

  it('shows no digit of a refused value of three digits or fewer', () => {
    expect(() => normalizeSaudiMobile('123')).toThrow(/"\*\*\*"/);
  });

  it('refuses a value past its bound by the length alone, naming only the length', () => {
    const padded = `${' '.repeat(MOBILE_MAX_LENGTH)}0512345678`;
    const huge = `05${'1'.repeat(1_000_000)}`;

    expect(() => normalizeSaudiMobile(padded)).toThrow(InvalidMobileNumberError);
    expect(() => normalizeSaudiMobile(huge)).toThrow(
      /^a value of 1000002 characters is not a Saudi mobile number \(at most 32\)$/,
    );
  });
});

describe('saudiMobileOrNull', () => {
  it('gives the number in E.164, or null for anything that is not a Saudi mobile number', () => {
    expect(saudiMobileOrNull('+966 51 234 5678')).toBe('+966512345678');
    expect(saudiMobileOrNull('+971 50 123 4567')).toBeNull();
    expect(saudiMobileOrNull('5'.repeat(300_000))).toBeNull();
    expect(saudiMobileOrNull(512345678)).toBeNull();
    expect(saudiMobileOrNull({ mobile: '0512345678' })).toBeNull();
    expect(saudiMobileOrNull(null)).toBeNull();
  });
});

describe('maskMobile', () => {
  it('keeps the country code, the 5 and the last three digits', () => {
    expect(maskMobile('+966512345678')).toBe('+9665*****678');
  });

  it('masks every digit but the last three of anything else, without throwing', () => {
    expect(maskMobile('0512345678')).toBe('*******678');
    expect(maskMobile('')).toBe('');
  });
});
