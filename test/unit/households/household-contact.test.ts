import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, householdSchema } from '../../../shared/households/household.ts';
import { aHouseholdRecord } from '../../support/households.ts';

/**
 * Contact details are the channel's business (issue 11): the household schema bounds and checks the
 * mobile number and the email address, and an unusable one rules out that channel alone, noted with
 * its reason; the household itself is accepted.
 */

const contactOf = (contact: Record<string, unknown>) => {
  const result = householdSchema.safeParse(aHouseholdRecord({ contact }));
  if (!result.success) throw new Error(`refused: ${result.error.message}`);
  return result.data.contact;
};

/** A well-shaped address of the given length: a 64-character local part and a long domain. */
const addressOfLength = (length: number) => {
  const domain = `${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(length - 64 - 1 - 128 - 3)}.sa`;
  return `${'a'.repeat(64)}@${domain}`;
};

describe('the household contact at the register boundary', () => {
  it('gives the mobile number in E.164 and keeps a good address, with no problems', () => {
    expect(contactOf({ mobile: '05 5123 4567', email: 'someone@example.sa' })).toEqual({
      mobile: '+966551234567',
      email: 'someone@example.sa',
      language: 'ar',
      smsOptOut: false,
      emailOptOut: false,
      problems: [],
    });
  });

  it('reads a null email as no email, not as a problem', () => {
    expect(contactOf({ email: null })).toMatchObject({ email: null, problems: [] });
  });

  it.each([
    ['an address with two dots in a row', 'x@y..com'],
    ['a well-shaped address of 300,000 characters', `${'x'.repeat(299_988)}@example.sa`],
    ['a number', 42],
    ['an object', { address: 'someone@example.sa' }],
    ['an empty string', ''],
    ['nothing at all', undefined],
  ])('rules out email alone for %s, and keeps the mobile number', (_, email) => {
    const contact = contactOf({ email });

    expect(contact.problems).toEqual([{ channel: 'email', reason: 'invalid-email' }]);
    expect(contact.email).toBeNull();
    expect(contact.mobile).toBe('+966551234567');
  });

  it.each([
    ['300,000 digits', '5'.repeat(300_000)],
    ['a UAE mobile', '+971 50 123 4567'],
    ['words', 'call my brother'],
    ['a Riyadh landline', '0112345678'],
    ['a number', 551234567],
    ['an object', { number: '0551234567' }],
    ['null', null],
    ['nothing at all', undefined],
  ])('rules out SMS alone for %s, and keeps the email address', (_, mobile) => {
    const contact = contactOf({ mobile });

    expect(contact.problems).toEqual([{ channel: 'sms', reason: 'invalid-mobile' }]);
    expect(contact.mobile).toBeNull();
    expect(contact.email).toBe('beneficiary@example.com');
  });

  it('accepts an address of 254 characters, the RFC 5321 path limit, and not one more', () => {
    expect(addressOfLength(EMAIL_MAX_LENGTH)).toHaveLength(254);

    expect(contactOf({ email: addressOfLength(254) }).problems).toEqual([]);
    expect(contactOf({ email: addressOfLength(255) }).problems).toEqual([
      { channel: 'email', reason: 'invalid-email' },
    ]);
  });

  it('notes both channels when both are unusable, and still accepts the household', () => {
    expect(contactOf({ mobile: 'n/a', email: 'n/a' })).toMatchObject({
      mobile: null,
      email: null,
      problems: [
        { channel: 'sms', reason: 'invalid-mobile' },
        { channel: 'email', reason: 'invalid-email' },
      ],
    });
  });

  it('keeps no trace of an unusable value: the problems carry the reason code only', () => {
    const contact = contactOf({ mobile: '+971 50 987 6543', email: 'x@secret..sa' });

    const text = JSON.stringify(contact);
    expect(text).not.toContain('987');
    expect(text).not.toContain('secret');
  });

  it.each([
    ['the language is unknown', { language: 'fr' }],
    ['smsOptOut is not a boolean', { smsOptOut: 'no' }],
    ['emailOptOut is missing', { emailOptOut: undefined }],
    ['the contact record is missing', undefined],
    ['the contact record is not an object', 'call the head'],
  ])('assesses the household and rules out both channels when %s', (_case, change) => {
    const { contact, ...raw } = aHouseholdRecord() as { contact: Record<string, unknown> };
    const result = householdSchema.safeParse(
      change === undefined
        ? raw
        : { ...raw, contact: typeof change === 'string' ? change : { ...contact, ...change } },
    );

    expect(result.success).toBe(true);
    expect(result.data?.contact).toMatchObject({ mobile: null, email: null });
    expect(result.data?.contact.problems).toEqual([
      { channel: 'sms', reason: 'invalid-contact' },
      { channel: 'email', reason: 'invalid-contact' },
    ]);
  });
});
