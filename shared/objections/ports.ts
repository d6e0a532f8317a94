import type { CycleId } from '../calendar/calendar-date.ts';
import type { ArrearsEntry } from '../households/household.ts';
import type { Objection, ObjectionStatus, OpenObjectionStatus } from './objection.ts';

/**
 * Where objections are kept, and the one place an acceptance reaches the household record.
 *
 * Each call is one request or one transaction in DynamoDB. The objection id carries the household id
 * (`O-<householdId>-<cycle>-<n>`), so an item can be keyed by household (partition) and objection id
 * (sort key) and still be read by id alone. "One open objection per result" is a guard item keyed by
 * household and cycle, written with `attribute_not_exists` in the same transaction as the objection and
 * deleted in the same transaction that closes it (rejected or accepted).
 *
 * Records read back are validated with `objectionSchema`.
 */
export interface ObjectionRepository {
  /** The objection, or null. One GetItem (the key comes from the id). */
  get(objectionId: string): Promise<Objection | null>;

  /**
   * The objection to this result that is submitted or under review, or null. One Query on the
   * household's partition (sort key prefix `O-<householdId>-<cycle>-`, filtered on the open statuses).
   */
  findOpen(householdId: string, resultCycle: CycleId): Promise<Objection | null>;

  /** Every objection of the household, oldest result first, then by sequence. One Query. */
  listByHousehold(householdId: string): Promise<Objection[]>;

  /**
   * The queue: objections in an open status, oldest id first, at most `limit`. Queries on the
   * status index, a page at a time until `limit`.
   */
  listByStatus(status: OpenObjectionStatus, limit: number): Promise<Objection[]>;

  /**
   * Stores a new (submitted) objection. One transaction: put the guard item for (household, cycle) and
   * the objection, each only if absent.
   * @throws ObjectionAlreadyOpenError when an open objection to the same result exists.
   * @throws ObjectionAlreadyExistsError when an objection with this id exists.
   */
  create(objection: Objection): Promise<void>;

  /**
   * Writes a status change other than acceptance (use `acceptWithArrears` for that), only if the stored
   * status is still `expectedStatus`. A write that closes the objection also deletes the guard item, in
   * the same transaction; otherwise it is one conditional PutItem.
   * @throws ObjectionNotFoundError when there is no such objection.
   * @throws ObjectionStatusChangedError when the stored status is no longer `expectedStatus`.
   */
  save(objection: Objection, expectedStatus: ObjectionStatus): Promise<void>;

  /**
   * Stores the accepted objection and, when `arrears` is not null (it is the objection's own
   * `arrears`), adds it to the household's `arrears` map under the objection id: one transaction of
   * the conditional put (stored status still `under-review`), the guard delete and the household
   * update (`SET arrears.#objectionId`, only if that key is absent).
   * @throws ObjectionNotFoundError when there is no such objection.
   * @throws ObjectionStatusChangedError when the stored objection is no longer under review.
   */
  acceptWithArrears(objection: Objection, arrears: ArrearsEntry | null): Promise<void>;
}
