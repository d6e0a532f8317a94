import { cycleIdSchema, isoDateSchema } from '../calendar/calendar-date.ts';
import { languageSchema } from '../i18n/language.ts';
import { halalasSchema } from '../money/halalas.ts';
import type { ContactProblem } from '../notifications/notification.ts';
import { saudiMobileOrNull } from '../notifications/saudi-mobile.ts';
import { SAUDI_IBAN } from '../privacy/personal-data.ts';
import * as z from '../validation/zod.ts';

/**
 * A registered household as the register holds it: the head of household (the registrant) and the
 * dependents, with what the eligibility rules and the entitlement need, the contact details the
 * messages go to, and the bank account the payment goes to. The schema is the validation boundary:
 * a record read from the table that does not match it is set aside with the reasons, not paid.
 */

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'other'] as const;
export const CITIZENSHIP_EXCEPTIONS = ['child-of-saudi-mother', 'spouse-of-saudi'] as const;
export const RESIDENCES = ['home', 'shelter', 'prison'] as const;
export const HOUSING_PROOFS = ['title-deed', 'ejar-lease', 'university-housing'] as const;

export const personSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    personId: z.string().check(z.regex(/^P\d+$/, 'personId is P followed by digits')),
    /** 10 digits: 1... for a Saudi national id, 2... for a resident's iqama. Personal data. */
    nationalId: z
      .string()
      .check(z.regex(/^[12]\d{9}$/, 'nationalId is 10 digits starting with 1 or 2')),
    birthDate: isoDateSchema,
    relation: z.enum(RELATIONS),
    /** ISO 3166-1 alpha-2: SA for a Saudi citizen. */
    nationality: z.string().check(z.regex(/^[A-Z]{2}$/, 'nationality is an ISO 3166 country code')),
    /** The two exceptions to the citizenship rule: a Saudi mother's child, a Saudi's non-Saudi spouse. */
    citizenshipException: z.nullable(z.enum(CITIZENSHIP_EXCEPTIONS)),
    /** Holds a mobility card (بطاقة تنقل): eligible whatever the nationality. */
    mobilityCard: z.boolean(),
    daysAbroadThisYear: z.int().check(z.minimum(0), z.maximum(366)),
    residence: z.enum(RESIDENCES),
    /** The disclosed data matches what the authorities hold (income, family members, ...). */
    dataVerified: z.boolean(),
    /** A married child has a household of their own and no longer counts here. */
    married: z.boolean(),
  }),
);

/**
 * Bounds on what can grow in a register record, so that one record cannot carry amounts past what
 * integers hold exactly, or an item or expression past DynamoDB's limits: such a record is set aside
 * with its reason like any other malformed one, and the cycle goes on.
 */
export const REGISTER_LIMITS = {
  /** An arrears month is at most a month's full entitlement; 100,000 SAR is far above any. */
  arrearsLineHalalas: 10_000_000,
  /** Arrears entries a household carries (settled ones stay as history): one per accepted objection. */
  arrearsEntries: 24,
  objectionIdLength: 64,
} as const;

export const arrearsLineSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    cycle: cycleIdSchema,
    amountHalalas: halalasSchema.check(z.maximum(REGISTER_LIMITS.arrearsLineHalalas)),
  }),
);

/** Arrears owed to the household after an accepted objection, paid once by the cycle `payInCycle` or later. */
export const arrearsEntrySchema = /* @__PURE__ */ z.onFirstUse(() =>
  z
    .object({
      objectionId: z.string().check(z.minLength(1), z.maxLength(REGISTER_LIMITS.objectionIdLength)),
      payInCycle: cycleIdSchema,
      lines: z.array(arrearsLineSchema).check(z.minLength(1), z.maxLength(12)),
      totalHalalas: halalasSchema,
      /** The cycle whose payment carried these arrears; null until paid. */
      settledInCycle: z.nullable(cycleIdSchema),
    })
    .check(
      z.refine(
        (entry) =>
          entry.totalHalalas === entry.lines.reduce((sum, line) => sum + line.amountHalalas, 0),
        { message: 'an arrears total must be the sum of its lines', path: ['totalHalalas'] },
      ),
    ),
);

/**
 * The longest email address read as one: 254 characters, the most a forward path can carry
 * (RFC 5321: 256 octets, less the angle brackets). Checked before the address's shape, so an
 * absurd value costs nothing to refuse.
 */
export const EMAIL_MAX_LENGTH = 254;

const emailShape = /* @__PURE__ */ z.onFirstUse(() => z.email());

/** The address when it is one we can send to; null for anything else. */
function usableEmail(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > EMAIL_MAX_LENGTH) return null;
  return emailShape.safeParse(value).success ? value : null;
}

/** The contact record's own fields: without the language and both opt-outs no message can go. */
const contactFieldsSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    mobile: z.unknown(),
    email: z.unknown(),
    language: languageSchema,
    smsOptOut: z.boolean(),
    emailOptOut: z.boolean(),
  }),
);

/**
 * Contact details are the channel's business: an unusable mobile number or email address (the
 * wrong shape, past its bound, not a string at all) rules out that channel alone, noted in
 * `problems` with the reason and never the value, and the household is assessed and paid as usual.
 * The mobile number comes out in E.164 (see `normalizeSaudiMobile`); a null email is "no email",
 * not a problem. A contact record that is missing, or lacks the language or either opt-out, rules
 * out both channels (`invalid-contact`: without an opt-out we may not send), and the household is
 * still paid.
 */
export const householdContactSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.pipe(
    // Optional, so that a record without the key reaches the transform instead of failing here.
    z.optional(z.unknown()),
    z.transform((value) => {
      const fields = contactFieldsSchema.safeParse(value);
      if (!fields.success) {
        const problems: ContactProblem[] = [
          { channel: 'sms', reason: 'invalid-contact' },
          { channel: 'email', reason: 'invalid-contact' },
        ];
        return {
          mobile: null,
          email: null,
          language: 'ar' as const,
          smsOptOut: false,
          emailOptOut: false,
          problems,
        };
      }
      const { mobile, email, language, smsOptOut, emailOptOut } = fields.data;
      const usableMobile = saudiMobileOrNull(mobile);
      const address = email === null ? null : usableEmail(email);
      const problems: ContactProblem[] = [];
      if (usableMobile === null) problems.push({ channel: 'sms', reason: 'invalid-mobile' });
      if (email !== null && address === null)
        problems.push({ channel: 'email', reason: 'invalid-email' });
      return { mobile: usableMobile, email: address, language, smsOptOut, emailOptOut, problems };
    }),
  ),
);

export const householdSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z
    .object({
      householdId: z
        .string()
        .check(z.regex(/^H\d{7,15}$/, 'householdId is H followed by 7 to 15 digits')),
      /** A family with a head and dependents, or an independent individual (الفرد المستقل). */
      kind: z.enum(['family', 'independent']),
      registeredOn: isoDateSchema,
      head: personSchema,
      dependents: z.array(personSchema).check(z.maxLength(40)),
      /** Total monthly household income, as declared and verified. */
      monthlyIncomeHalalas: halalasSchema,
      /** Proof of independent housing; required of an independent individual. */
      housingProof: z.nullable(z.enum(HOUSING_PROOFS)),
      contact: householdContactSchema,
      bankAccount: z.object({
        iban: z
          .string()
          .check(
            z.regex(SAUDI_IBAN, 'iban is a Saudi IBAN: SA, 4 digits and 18 letters or digits'),
          ),
      }),
      arrears: z.record(z.string(), arrearsEntrySchema).check(
        z.refine((arrears) => Object.keys(arrears).length <= REGISTER_LIMITS.arrearsEntries, {
          message: `a household carries at most ${REGISTER_LIMITS.arrearsEntries} arrears entries`,
        }),
        z.refine(
          (arrears) => Object.entries(arrears).every(([key, entry]) => key === entry.objectionId),
          { message: 'an arrears entry is keyed by its objectionId' },
        ),
      ),
    })
    .check(
      z.refine((household) => household.head.relation === 'head', {
        message: 'the head of household must have relation "head"',
        path: ['head', 'relation'],
      }),
      z.refine((household) => household.dependents.every((person) => person.relation !== 'head'), {
        message: 'a dependent cannot have relation "head"',
        path: ['dependents'],
      }),
    ),
);

export type Person = z.infer<typeof personSchema>;
export type Household = z.infer<typeof householdSchema>;
export type ArrearsEntry = z.infer<typeof arrearsEntrySchema>;
export type ArrearsLine = z.infer<typeof arrearsLineSchema>;
