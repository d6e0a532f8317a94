/**
 * The append-only record of what people did: overrides, reruns, approvals, holds, objection
 * decisions. Each entry carries the hash of the one before, so a changed or removed entry shows.
 */
export interface AuditEntryInput {
  /** Who did it: an operator id, or `system` for the unattended run. */
  readonly actor: string;
  /** What was done: `calendar.override`, `cycle.rerun`, `approval.approve`, ... */
  readonly action: string;
  /** What it was done to: `cycle:2026-12`, `calendar:2027-03`, `objection:O-...`. */
  readonly subject: string;
  readonly reason: string | null;
  /** What it changed, as data (no personal data: ids and counts only). */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditLog {
  append(entry: AuditEntryInput): Promise<void>;
}
