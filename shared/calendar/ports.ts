import type { CalendarOverride } from './bank-calendar-data.ts';

/**
 * The overrides ops record at run time, on top of the ones shipped with the code. Every change moves
 * a revision, and is written only if the overrides are still at the revision the change was checked
 * against: two operators recording at the same moment cannot each pass a check that the other's
 * override would have failed.
 */
export interface CalendarOverrideRepository {
  /** Every stored override, parsed (one that cannot be read fails the read, named). */
  list(): Promise<CalendarOverride[]>;
  /** The stored overrides, parsed, and the revision they were read at. */
  read(): Promise<{ readonly overrides: CalendarOverride[]; readonly revision: number }>;
  /** Stores the override (replacing one of its kind and key) if the overrides are still at `revision`. */
  put(override: CalendarOverride, revision: number): Promise<'done' | 'changed-meanwhile'>;
  /** Removes the override of this kind for this date (day overrides) or month (payment dates), likewise. */
  remove(
    kind: CalendarOverride['kind'],
    key: string,
    revision: number,
  ): Promise<'done' | 'absent' | 'changed-meanwhile'>;
}

/** The key an override is stored under: its date, or its month for a payment date. */
export function overrideKey(override: CalendarOverride): string {
  return override.kind === 'payment-date' ? override.cycle : override.date;
}
