/**
 * Finding a register's personal data in written lines: every national id, mobile number, email
 * address and IBAN of the seeded records, by value, in each form a log line could hold it.
 */

/** Every personal value of the records as seeded (a few are invalid on purpose; they count too). */
export function personalValues(records: readonly Record<string, unknown>[]): string[] {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? [value] : []);
  return records.flatMap((record) => {
    const people = [record.head, ...((record.dependents ?? []) as unknown[])] as {
      nationalId?: unknown;
    }[];
    const contact = (record.contact ?? {}) as { mobile?: unknown; email?: unknown };
    const mobiles = text(contact.mobile).flatMap((mobile) => {
      const digits = mobile.replace(/\D/g, '');
      return [mobile, digits, digits.replace(/^(966|0)/, '')].filter((form) => form.length >= 9);
    });
    const iban = (record.bankAccount as { iban?: unknown } | undefined)?.iban;
    return [
      ...people.flatMap((person) => text(person?.nationalId)),
      ...mobiles,
      ...text(contact.email),
      ...text(iban),
    ];
  });
}

/** The lines holding one of the values, with the value. */
export function leaksIn(
  lines: readonly string[],
  values: readonly string[],
): { value: string; line: string }[] {
  return lines.flatMap((line) =>
    values.filter((value) => line.includes(value)).map((value) => ({ value, line })),
  );
}

/** A mobile number of the records, as seeded. */
export function aMobileOf(records: readonly Record<string, unknown>[]): string {
  const mobile = records
    .map((record) => (record.contact as { mobile?: unknown } | undefined)?.mobile)
    .find((value): value is string => typeof value === 'string');
  if (mobile === undefined) throw new Error('no household of the register has a mobile number');
  return mobile;
}
