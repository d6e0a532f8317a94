import type { PaymentRecord } from '../cycles/payment-record.ts';

/** Payment records: written at most once per household and cycle. */

export type WriteOnceOutcome =
  /** The record is now stored (first write, or it replaced a set-aside record). */
  | { readonly outcome: 'written' }
  /** A record for this household and cycle already exists (and is not set aside): it stands. */
  | { readonly outcome: 'exists'; readonly existing: unknown }
  /** The arrears to settle were already settled elsewhere: re-read the household and retry. */
  | { readonly outcome: 'arrears-already-settled' };

export interface ArrearsSettlement {
  readonly householdId: string;
  readonly objectionIds: readonly string[];
}

export interface PaymentRepository {
  /**
   * Writes the record unless one exists for the household and cycle (a set-aside record may be
   * replaced). With arrears, the same atomic write marks them settled on the household.
   */
  writeOnce(record: PaymentRecord, settle: ArrearsSettlement | null): Promise<WriteOnceOutcome>;
  get(cycle: string, householdId: string): Promise<unknown | undefined>;
  /** Every record of a cycle, in no particular order. */
  listCycle(cycle: string): AsyncIterable<unknown>;
}
