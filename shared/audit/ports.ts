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
  /** How the actor reached us: absent for the pipeline's own entries and those before it was kept. */
  readonly via?: AuditVia;
}

/**
 * The request an ops action came in: through the ops API (an authenticated user: `actor` is the
 * token's subject, `actorName` its username) or the local CLI (not signed in: the name it records).
 */
export interface AuditVia {
  readonly channel: 'api' | 'local-cli';
  readonly actorName: string;
  /** The API request's id (API Gateway's, or the local server's). */
  readonly requestId?: string;
  /** The address the request came from (behind CloudFront, the edge's). */
  readonly sourceIp?: string;
  /** The viewer's address CloudFront saw (`CloudFront-Viewer-Address`), when there is one. */
  readonly viewerAddress?: string;
}

export interface AuditLog {
  append(entry: AuditEntryInput): Promise<void>;
}
