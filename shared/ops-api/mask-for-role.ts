import { householdSchema } from '../households/household.ts';
import type { Objection } from '../objections/objection.ts';
import {
  maskEmail,
  maskIban,
  maskMobile,
  maskNationalId,
  redactPersonalData,
} from '../privacy/personal-data.ts';
import type { HouseholdContact } from './api-types.ts';
import type { PersonalDataView } from './roles.ts';

/**
 * What the ops API shows of personal data, by the caller's view: in full for the roles that answer
 * the household (operators), masked for everyone else. The masks are the privacy module's.
 */

/** The head's national id, the contact and the IBAN of a household record; null if it cannot be read. */
export function householdContactFor(
  view: PersonalDataView,
  stored: unknown,
): HouseholdContact | null {
  const parsed = householdSchema.safeParse(stored);
  if (!parsed.success) return null;
  const { head, contact, bankAccount } = parsed.data;
  const mobile = typeof contact?.mobile === 'string' ? contact.mobile : null;
  const email = typeof contact?.email === 'string' ? contact.email : null;
  const full = view === 'full';
  return {
    personalData: view,
    nationalId: full ? head.nationalId : maskNationalId(head.nationalId),
    mobile: mobile === null ? null : full ? mobile : maskMobile(mobile),
    email: email === null ? null : full ? email : maskEmail(email),
    iban: full ? bankAccount.iban : maskIban(bankAccount.iban),
    language: contact?.language ?? 'ar',
  };
}

/** An objection's free text (what the beneficiary and staff wrote) with ids and IBANs redacted. */
export function objectionFor(view: PersonalDataView, objection: Objection): Objection {
  if (view === 'full') return objection;
  return {
    ...objection,
    reasons: redactPersonalData(objection.reasons),
    rejectionReason:
      objection.rejectionReason === null ? null : redactPersonalData(objection.rejectionReason),
    history: objection.history.map((step) =>
      step.note === undefined || step.note === null
        ? step
        : { ...step, note: redactPersonalData(step.note) },
    ),
  };
}
