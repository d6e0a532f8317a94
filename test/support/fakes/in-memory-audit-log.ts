import { type AuditEntry, chainEntry } from '../../../shared/audit/audit-entry.ts';
import type { AuditEntryInput, AuditLog } from '../../../shared/audit/ports.ts';

/**
 * The audit log in memory, with the DynamoDB adapter's semantics: one linear hash chain, each entry
 * built by `chainEntry` from the last one at the clock's time, input validated the same way.
 * Entries are copied both ways, so a caller can never change what is recorded by holding a reference.
 */
export class InMemoryAuditLog implements AuditLog {
  readonly #entries: AuditEntry[] = [];

  private readonly clock: { now(): Date };

  constructor(clock: { now(): Date } = { now: () => new Date() }) {
    this.clock = clock;
  }

  async append(input: AuditEntryInput): Promise<void> {
    const previous = this.#entries.at(-1) ?? null;
    this.#entries.push(chainEntry(previous, input, this.clock.now()));
  }

  /** Every entry, in order (as `DynamoDbAuditLog.list`). */
  async list(): Promise<AuditEntry[]> {
    return this.entries;
  }

  /** What was recorded, in order: for tests to assert on (`expect(audit.entries).toMatchObject`). */
  get entries(): AuditEntry[] {
    return structuredClone(this.#entries);
  }
}
