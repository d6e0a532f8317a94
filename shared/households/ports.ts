/**
 * The household register, read a scan segment at a time. Its records come back as stored, not
 * parsed: a record that does not fit the household schema is not an error of the read but a
 * household the cycle sets aside with the reason (shared/cycles/assess-household.ts), and seeding
 * writes records as given for the same reason.
 */

export interface HouseholdPage {
  /** Raw records as stored: the use case validates each against the household schema. */
  readonly records: readonly { readonly householdId: string; readonly raw: unknown }[];
  /** Where to continue the scan; null when the segment is exhausted. */
  readonly cursor: string | null;
}

/** A register record the store would not hold (past an item's size, a key's length, ...). */
export interface RefusedHousehold {
  /** Its id as given, cut to 24 characters (an id may itself be the oversized part). */
  readonly householdId: string;
  readonly reason: string;
}

export interface HouseholdRepository {
  /** About how many households the register holds (for planning segments and progress). */
  estimateCount(): Promise<number>;
  scanSegment(input: {
    readonly segment: number;
    readonly totalSegments: number;
    readonly cursor: string | null;
    readonly pageSize: number;
  }): Promise<HouseholdPage>;
  /** A strongly consistent read of one household, as stored. */
  get(householdId: string): Promise<unknown | undefined>;
  /**
   * Writes records as given (a register load; a bad record is stored as it is, to be set aside by
   * the cycle). Every record the store can hold is stored; each it refuses comes back with why.
   */
  putMany(records: readonly Record<string, unknown>[]): Promise<readonly RefusedHousehold[]>;
}
