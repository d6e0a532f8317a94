import { describe, expect, it } from 'vitest';
import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import { defaultProgramRules } from '../../../shared/config/program-rules.ts';
import { assessHousehold, notificationFor } from '../../../shared/cycles/assess-household.ts';
import { notificationSchema } from '../../../shared/notifications/notification.ts';
import { aDecemberContext } from '../../support/cycles.ts';
import { aHousehold, aHouseholdRecord, aPerson } from '../../support/households.ts';

const cycle = '2026-12' as CycleId;
const context = aDecemberContext(2);
const assess = (household: unknown) =>
  assessHousehold(context, String((household as { householdId: string }).householdId), household);

describe('assessHousehold', () => {
  it('pays the full amount, with its breakdown, to a household with no income', () => {
    const household = aHousehold({
      dependents: [
        { relation: 'spouse', birthDate: '1985-01-01' },
        { relation: 'child', birthDate: '2015-01-01' },
      ],
    });
    const { record } = assess(household);
    expect(record).toMatchObject({
      paymentId: `2026-12#${household.householdId}`,
      status: 'paid',
      amountHalalas: 129_600,
      totalHalalas: 129_600,
      reasons: [],
      policyVersion: '2026-12',
      entitlement: { weightTenths: 18, band: 'full', fullAmountHalalas: 129_600 },
      ibanMasked: expect.stringMatching(/^SA\*\* \*{4} .* \d{4}$/),
    });
    expect(record.ibanMasked).not.toContain(household.bankAccount.iban.slice(4, 20));
  });

  it('records an ineligible head with every reason, and pays nothing', () => {
    const household = aHousehold({ head: { daysAbroadThisYear: 120, dataVerified: false } });
    expect(assess(household).record).toMatchObject({
      status: 'not-eligible',
      amountHalalas: 0,
      reasons: ['abroad-over-limit', 'data-mismatch'],
      entitlement: null,
    });
  });

  it('leaves an ineligible dependent out of the weight', () => {
    const household = aHousehold({
      dependents: [{ relation: 'spouse', birthDate: '1985-01-01', residence: 'prison' }],
    });
    const { record } = assess(household);
    expect(record.amountHalalas).toBe(72_000);
    expect(record.eligibility?.[1]).toMatchObject({ eligible: false, reasons: ['in-prison'] });
  });

  it('says why nothing is due: income at or above the cut-off', () => {
    const household = aHousehold({ monthlyIncomeHalalas: 2_000_000 });
    expect(assess(household).record).toMatchObject({
      status: 'nothing-due',
      reasons: ['income-above-cutoff'],
    });
  });

  it('pays arrears alone without a nothing-due reason, so the report counts no reason for it', () => {
    const household = aHousehold({
      monthlyIncomeHalalas: 2_000_000,
      arrears: {
        'O-1': {
          objectionId: 'O-1',
          payInCycle: '2026-12',
          lines: [{ cycle: '2026-08', amountHalalas: 50_000 }],
          totalHalalas: 50_000,
          settledInCycle: null,
        },
      },
    });
    expect(assess(household).record).toMatchObject({
      status: 'paid',
      reasons: [],
      amountHalalas: 0,
      totalHalalas: 50_000,
    });
  });

  it('sets aside a malformed record with each problem, and pays nothing', () => {
    const broken = { ...aHousehold(), bankAccount: { iban: 'SA123' }, monthlyIncomeHalalas: -5 };
    const { record, household } = assess(broken);
    expect(household).toBeNull();
    expect(record.status).toBe('set-aside');
    expect(record.reasons).toEqual(['invalid:monthlyIncomeHalalas', 'invalid:bankAccount.iban']);
    expect(record.problems).toHaveLength(2);
  });

  it('sets aside a record the rules cannot read, such as a child born after the payment date', () => {
    const household = aHousehold({ dependents: [aPerson({ birthDate: '2026-12-20' })] });
    expect(assess(household).record).toMatchObject({
      status: 'set-aside',
      reasons: ['invalid:eligibility'],
    });
  });

  it('adds the arrears due by this cycle as separate lines, and settles them with the payment', () => {
    const entry = (payInCycle: string, settledInCycle: string | null) => ({
      objectionId: `O-${payInCycle}`,
      payInCycle,
      lines: [{ cycle: '2026-08', amountHalalas: 50_000 }],
      totalHalalas: 50_000,
      settledInCycle,
    });
    const household = aHousehold({
      arrears: {
        'O-2026-12': entry('2026-12', null),
        'O-2027-01': entry('2027-01', null),
        'O-2026-11': entry('2026-11', '2026-11'),
      },
    });
    const { record, settle } = assess(household);
    expect(record.arrearsLines).toEqual([
      { objectionId: 'O-2026-12', cycle: '2026-08', amountHalalas: 50_000 },
    ]);
    expect(record.totalHalalas).toBe(record.amountHalalas + 50_000);
    expect(settle).toEqual({ householdId: household.householdId, objectionIds: ['O-2026-12'] });
  });

  it('sets aside a record whatever it holds with few, short reasons and a bounded record', () => {
    const hugeId = 'O'.repeat(40_000);
    const line = { cycle: '2026-08', amountHalalas: 2 ** 40 };
    const entry = (objectionId: string) => ({
      objectionId,
      payInCycle: cycle,
      lines: [line],
      totalHalalas: 2 ** 40,
      settledInCycle: null,
    });
    const raw = aHouseholdRecord({
      arrears: Object.fromEntries(
        [hugeId, ...Array.from({ length: 150 }, (_, i) => `O-${i}`)].map((id) => [id, entry(id)]),
      ),
    });

    const { record } = assess(raw);

    expect(record.status).toBe('set-aside');
    // Arrears keys and list positions are `*`: one reason per field, however many entries.
    expect(record.reasons).toEqual(
      expect.arrayContaining(['invalid:arrears', 'invalid:arrears.*.objectionId']),
    );
    expect(record.reasons).toContain('invalid:arrears.*.lines.*.amountHalalas');
    expect(record.reasons.every((reason) => reason.length < 64)).toBe(true);
    expect(record.problems).toHaveLength(11);
    expect(record.problems.at(-1)).toMatch(/^and \d+ more problems$/);
    expect(JSON.stringify(record).length).toBeLessThan(4_000);
  });

  it('tells a household it is not paid, why, and the last day to object', () => {
    const household = aHousehold({ head: { residence: 'shelter' }, contact: { language: 'en' } });
    const { record } = assess(household);
    expect(notificationFor(household, record, defaultProgramRules)).toMatchObject({
      event: 'not-eligible',
      language: 'en',
      payload: { reasons: ['in-shelter'], objectionDeadline: '2027-03-10' },
    });
  });
});

describe('assessHousehold with contact details a channel cannot use', () => {
  const EMAIL = { channel: 'email', reason: 'invalid-email' } as const;
  const SMS = { channel: 'sms', reason: 'invalid-mobile' } as const;

  it.each([
    ['an address with two dots in a row', { email: 'x@y..com' }, [EMAIL]],
    ['an address of 300,000 characters', { email: 'x'.repeat(300_000) }, [EMAIL]],
    ['a number for the address', { email: 42 }, [EMAIL]],
    ['a mobile number of 300,000 characters', { mobile: '5'.repeat(300_000) }, [SMS]],
    ['a number that is not a Saudi mobile', { mobile: '+971 50 123 4567' }, [SMS]],
    ['garbage for the mobile number', { mobile: 'call my brother' }, [SMS]],
    ['neither usable', { mobile: 0, email: 'none' }, [SMS, EMAIL]],
  ])('pays the household as usual with %s, and records the problem', (_, contact, problems) => {
    const raw = aHouseholdRecord({ contact });

    const { record, household } = assess(raw);

    expect(record).toMatchObject({
      status: 'paid',
      amountHalalas: 72_000,
      reasons: [],
      problems: [],
      contactProblems: problems,
    });
    expect(household?.contact.problems).toEqual(problems);
  });

  it('records no contact problem for a household with good details or no email', () => {
    expect(assess(aHouseholdRecord()).record.contactProblems).toEqual([]);
    expect(assess(aHouseholdRecord({ contact: { email: null } })).record.contactProblems).toEqual(
      [],
    );
  });

  it('records the problem of a household that is not eligible too', () => {
    const raw = aHouseholdRecord({ head: { residence: 'prison' }, contact: { email: 'x@y..com' } });

    expect(assess(raw).record).toMatchObject({ status: 'not-eligible', contactProblems: [EMAIL] });
  });

  it('hands the problems on to the message, and neither the message nor the record the bad value', () => {
    const raw = aHouseholdRecord({
      contact: { mobile: '+971 50 987 6543', email: 'x@secret..sa' },
    });

    const { record, household } = assess(raw);
    if (!household) throw new Error('the household was set aside');
    const notification = notificationSchema.parse(
      JSON.parse(JSON.stringify(notificationFor(household, record, defaultProgramRules))),
    );

    expect(notification.contact).toEqual({
      mobile: null,
      email: null,
      smsOptOut: false,
      emailOptOut: false,
      problems: [SMS, EMAIL],
    });
    for (const text of [JSON.stringify(notification), JSON.stringify(record)]) {
      expect(text).not.toContain('987');
      expect(text).not.toContain('secret');
    }
  });
});
