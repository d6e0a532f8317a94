import type { CalendarOverride } from '../calendar/bank-calendar-data.ts';

/** The overrides ops record at run time, on top of the ones shipped with the code. */
export interface CalendarOverrideRepository {
  /** Every stored override, unvalidated (the use case validates). */
  list(): Promise<unknown[]>;
  put(override: CalendarOverride): Promise<void>;
  /** Removes the override of this kind for this date (day overrides) or month (payment dates). */
  remove(kind: CalendarOverride['kind'], key: string): Promise<boolean>;
}

/** The key an override is stored under: its date, or its month for a payment date. */
export function overrideKey(override: CalendarOverride): string {
  return override.kind === 'payment-date' ? override.cycle : override.date;
}
