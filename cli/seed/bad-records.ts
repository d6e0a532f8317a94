import type { CycleId } from '../../shared/calendar/calendar-date.ts';

/**
 * A corpus of bad register records: every kind of damage a register feed has been seen to carry,
 * and the oddities it may carry. Each is a good household changed in one way. Mixed into a good
 * register (`dafaa seed --bad 40`) it proves that one household's data never stops anybody else's
 * payment: each kind says what must become of it.
 *
 * - `set-aside`: the cycle sets the household aside with a reason and pays everybody else.
 * - `refused-at-load`: the store cannot hold it (past an item's size, a key of the wrong type);
 *   loading the register reports it with the reason and loads the rest of its batch.
 * - `channel-skipped`: the household is assessed and paid as usual; the unusable channel is skipped.
 * - `assessed`: an oddity the register may hold; the household is assessed as usual.
 */

export type BadRecordFate = 'set-aside' | 'refused-at-load' | 'channel-skipped' | 'assessed';

type RawRecord = Record<string, unknown>;

export interface BadRecordKind {
  readonly kind: string;
  readonly fate: BadRecordFate;
  readonly make: (household: RawRecord, context: { readonly cycle: CycleId }) => RawRecord;
}

const arrearsEntry = (objectionId: string, cycle: CycleId, amountHalalas: unknown) => ({
  objectionId,
  payInCycle: cycle,
  lines: [{ cycle: '2026-01', amountHalalas }],
  totalHalalas: amountHalalas,
  settledInCycle: null,
});

const head = (household: RawRecord) => household.head as RawRecord;
const contact = (household: RawRecord) => household.contact as RawRecord;
const withContact = (household: RawRecord, change: RawRecord) => ({
  ...household,
  contact: { ...contact(household), ...change },
});

/** 300,000 characters: under DynamoDB's 400 KB item, far past any address. */
const ABSURD = 'x'.repeat(300_000);

export const BAD_RECORD_KINDS: readonly BadRecordKind[] = [
  // The schema refuses these.
  {
    kind: 'short-iban',
    fate: 'set-aside',
    make: (h) => ({ ...h, bankAccount: { iban: 'SA12345' } }),
  },
  { kind: 'negative-income', fate: 'set-aside', make: (h) => ({ ...h, monthlyIncomeHalalas: -1 }) },
  {
    kind: 'fractional-income',
    fate: 'set-aside',
    make: (h) => ({ ...h, monthlyIncomeHalalas: 1234.5 }),
  },
  {
    kind: 'income-as-text',
    fate: 'set-aside',
    make: (h) => ({ ...h, monthlyIncomeHalalas: '5000' }),
  },
  {
    kind: 'impossible-date',
    fate: 'set-aside',
    make: (h) => ({ ...h, head: { ...head(h), birthDate: '1985-02-30' } }),
  },
  { kind: 'unknown-kind', fate: 'set-aside', make: (h) => ({ ...h, kind: 'family-of-four' }) },
  { kind: 'null-head', fate: 'set-aside', make: (h) => ({ ...h, head: null }) },
  {
    kind: 'only-an-id',
    fate: 'set-aside',
    make: (h) => ({ householdId: h.householdId }),
  },
  {
    kind: 'national-id-letters',
    fate: 'set-aside',
    make: (h) => ({ ...h, head: { ...head(h), nationalId: '1ABCDEFGHI' } }),
  },
  {
    kind: 'days-abroad-400',
    fate: 'set-aside',
    make: (h) => ({ ...h, head: { ...head(h), daysAbroadThisYear: 400 } }),
  },
  {
    kind: 'dependent-as-head',
    fate: 'set-aside',
    make: (h) => ({ ...h, dependents: [{ ...head(h), personId: 'P1' }] }),
  },
  {
    kind: 'sixty-dependents',
    fate: 'set-aside',
    make: (h) => ({
      ...h,
      dependents: Array.from({ length: 60 }, (_, i) => ({
        ...head(h),
        personId: `P9${i}`,
        relation: 'child',
      })),
    }),
  },
  { kind: 'arrears-as-list', fate: 'set-aside', make: (h) => ({ ...h, arrears: [] }) },
  // The records that once stopped a whole segment or the whole cycle (issue 11).
  {
    kind: 'arrears-key-mismatch',
    fate: 'set-aside',
    make: (h, { cycle }) => ({ ...h, arrears: { 'O-1': arrearsEntry('O-2', cycle, 150_000) } }),
  },
  {
    kind: 'objection-twice',
    fate: 'set-aside',
    make: (h, { cycle }) => ({
      ...h,
      arrears: {
        'O-1': arrearsEntry('O-1', cycle, 150_000),
        'O-1 ': arrearsEntry('O-1', cycle, 150_000),
      },
    }),
  },
  {
    kind: 'objection-id-40kb',
    fate: 'set-aside',
    make: (h, { cycle }) => {
      const id = 'O'.repeat(40_000);
      return { ...h, arrears: { [id]: arrearsEntry(id, cycle, 150_000) } };
    },
  },
  {
    kind: 'arrears-150-entries',
    fate: 'set-aside',
    make: (h, { cycle }) => ({
      ...h,
      arrears: Object.fromEntries(
        Array.from({ length: 150 }, (_, i) => [`O-${i}`, arrearsEntry(`O-${i}`, cycle, 100)]),
      ),
    }),
  },
  {
    kind: 'household-id-1100-digits',
    fate: 'set-aside',
    make: (h) => ({ ...h, householdId: `H${'1'.repeat(1_100)}${String(h.householdId).slice(1)}` }),
  },
  {
    kind: 'arrears-past-safe-integer',
    fate: 'set-aside',
    make: (h, { cycle }) => {
      const huge = Number.MAX_SAFE_INTEGER - 1;
      return {
        ...h,
        arrears: { A: arrearsEntry('A', cycle, huge), B: arrearsEntry('B', cycle, huge) },
      };
    },
  },
  {
    kind: 'arrears-total-not-sum',
    fate: 'set-aside',
    make: (h, { cycle }) => ({
      ...h,
      arrears: { A: { ...arrearsEntry('A', cycle, 150_000), totalHalalas: 999_999 } },
    }),
  },
  {
    kind: 'born-after-payment',
    fate: 'set-aside',
    make: (h) => ({ ...h, head: { ...head(h), birthDate: '2099-01-01' } }),
  },
  // The store cannot hold these.
  {
    kind: 'item-past-400kb',
    fate: 'refused-at-load',
    make: (h) => ({ ...h, notes: 'n'.repeat(450_000) }),
  },
  {
    kind: 'number-past-safe-integer',
    fate: 'refused-at-load',
    make: (h) => ({ ...h, monthlyIncomeHalalas: 2 ** 60 }),
  },
  {
    kind: 'household-id-as-number',
    fate: 'refused-at-load',
    make: (h) => ({ ...h, householdId: 12345 }),
  },
  { kind: 'empty-household-id', fate: 'refused-at-load', make: (h) => ({ ...h, householdId: '' }) },
  // Contact details: the channel's business, never the payment's.
  {
    kind: 'email-two-dots',
    fate: 'channel-skipped',
    make: (h) => withContact(h, { email: 'x@y..com' }),
  },
  { kind: 'email-300kb', fate: 'channel-skipped', make: (h) => withContact(h, { email: ABSURD }) },
  { kind: 'email-as-number', fate: 'channel-skipped', make: (h) => withContact(h, { email: 42 }) },
  {
    kind: 'mobile-words',
    fate: 'channel-skipped',
    make: (h) => withContact(h, { mobile: 'call my brother' }),
  },
  {
    kind: 'mobile-300kb',
    fate: 'channel-skipped',
    make: (h) => withContact(h, { mobile: ABSURD }),
  },
  {
    kind: 'missing-contact',
    fate: 'channel-skipped',
    make: ({ contact: _contact, ...rest }) => rest,
  },
  {
    kind: 'contact-language-unknown',
    fate: 'channel-skipped',
    make: (h) => withContact(h, { language: 'fr' }),
  },
  // Oddities a register may hold: assessed as usual.
  {
    kind: 'unknown-attributes',
    fate: 'assessed',
    make: (h) => ({ ...h, legacyRef: 'X-1', notes: 'ملاحظة من النظام القديم' }),
  },
  {
    kind: 'arabic-indic-mobile',
    fate: 'assessed',
    make: (h) => withContact(h, { mobile: '٠٥٥١٢٣٤٥٦٧' }),
  },
];
