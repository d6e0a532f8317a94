import type * as z from './zod.ts';

/** Where a schema failed: `bankAccount.iban`, or `(record)` for the whole value. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.join('.') || '(record)';
}

/** Every failure of a schema as one line: `bankAccount.iban: iban is a Saudi IBAN...; kind: ...`. */
export function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issuePath(issue)}: ${issue.message}`).join('; ');
}
