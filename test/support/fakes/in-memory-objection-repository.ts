import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import type { ArrearsEntry } from '../../../shared/households/household.ts';
import {
  ObjectionAlreadyExistsError,
  ObjectionAlreadyOpenError,
  ObjectionNotFoundError,
  ObjectionStatusChangedError,
} from '../../../shared/objections/errors.ts';
import {
  isOpen,
  type Objection,
  type ObjectionStatus,
  type OpenObjectionStatus,
  parseObjection,
} from '../../../shared/objections/objection.ts';
import type { ObjectionRepository } from '../../../shared/objections/ports.ts';

/**
 * The objection store in memory, with the DynamoDB adapter's semantics: a guard per result (household
 * and cycle) held while an objection is open, conditional writes on the stored status, and the
 * households' arrears maps that an acceptance adds to. Records are validated on the way in and copied
 * both ways, so a caller can never change what is stored by holding a reference.
 */
export class InMemoryObjectionRepository implements ObjectionRepository {
  readonly #objections = new Map<string, Objection>();
  /** Guard items: `<householdId>#<cycle>` -> the open objection's id. */
  readonly #openByResult = new Map<string, string>();
  readonly #arrearsByHousehold = new Map<string, Record<string, ArrearsEntry>>();

  async get(objectionId: string): Promise<Objection | null> {
    const stored = this.#objections.get(objectionId);
    return stored === undefined ? null : structuredClone(stored);
  }

  async findOpen(householdId: string, resultCycle: CycleId): Promise<Objection | null> {
    const openId = this.#openByResult.get(guardKey(householdId, resultCycle));
    return openId === undefined ? null : this.get(openId);
  }

  async listByStatus(status: OpenObjectionStatus, limit: number): Promise<Objection[]> {
    return [...this.#objections.values()]
      .filter((objection) => objection.status === status)
      .sort((a, b) => (a.objectionId < b.objectionId ? -1 : 1))
      .slice(0, limit)
      .map((objection) => structuredClone(objection));
  }

  async listByHousehold(householdId: string): Promise<Objection[]> {
    return [...this.#objections.values()]
      .filter((objection) => objection.householdId === householdId)
      .sort((a, b) =>
        a.resultCycle === b.resultCycle
          ? a.sequence - b.sequence
          : a.resultCycle < b.resultCycle
            ? -1
            : 1,
      )
      .map((objection) => structuredClone(objection));
  }

  async create(objection: Objection): Promise<void> {
    const record = parseObjection(structuredClone(objection));
    const key = guardKey(record.householdId, record.resultCycle);
    const openId = this.#openByResult.get(key);
    if (openId !== undefined) {
      throw new ObjectionAlreadyOpenError(record.householdId, record.resultCycle, openId);
    }
    if (this.#objections.has(record.objectionId)) {
      throw new ObjectionAlreadyExistsError(record.objectionId);
    }
    this.#objections.set(record.objectionId, record);
    if (isOpen(record.status)) this.#openByResult.set(key, record.objectionId);
  }

  async save(objection: Objection, expectedStatus: ObjectionStatus): Promise<void> {
    this.#write(objection, expectedStatus);
  }

  async acceptWithArrears(objection: Objection, arrears: ArrearsEntry | null): Promise<void> {
    this.#write(objection, 'under-review');
    if (arrears !== null) {
      this.#arrearsByHousehold.set(objection.householdId, {
        ...this.arrearsOf(objection.householdId),
        [arrears.objectionId]: structuredClone(arrears),
      });
    }
  }

  /** The household's arrears map (`Household.arrears`), keyed by objection id; empty when none. */
  arrearsOf(householdId: string): Record<string, ArrearsEntry> {
    return structuredClone(this.#arrearsByHousehold.get(householdId) ?? {});
  }

  /** The id of the objection holding the result's guard, if any (to assert the guard is released). */
  openGuardOf(householdId: string, resultCycle: CycleId): string | null {
    return this.#openByResult.get(guardKey(householdId, resultCycle)) ?? null;
  }

  /** The conditional put (and guard delete when closing) that `save` and `acceptWithArrears` share. */
  #write(objection: Objection, expectedStatus: ObjectionStatus): void {
    const record = parseObjection(structuredClone(objection));
    const stored = this.#objections.get(record.objectionId);
    if (stored === undefined) throw new ObjectionNotFoundError(record.objectionId);
    if (stored.status !== expectedStatus) {
      throw new ObjectionStatusChangedError(record.objectionId, expectedStatus, stored.status);
    }
    this.#objections.set(record.objectionId, record);
    const key = guardKey(record.householdId, record.resultCycle);
    if (!isOpen(record.status) && this.#openByResult.get(key) === record.objectionId) {
      this.#openByResult.delete(key);
    }
  }
}

function guardKey(householdId: string, resultCycle: CycleId): string {
  return `${householdId}#${resultCycle}`;
}
