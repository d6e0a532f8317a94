import {
  type AuditAnchor,
  type AuditEntry,
  AuditEntryUnreadableError,
  type ChainVerification,
  chainHead,
  verifyChain,
  verifyChainAgainst,
} from './audit-entry.ts';

/** What reading the audit log gives: the entries of one chain, in order. */
export interface AuditTrail {
  list(): Promise<AuditEntry[]>;
}

/**
 * Verifies the whole chain, against an anchor when one is given.
 * In: how to read the entries, the anchor. Out: the verification and the chain's head (null when
 * the log is empty or broken). An unreadable stored item breaks the chain too, unless the entries
 * before it already show an earlier break.
 */
export async function verifyAuditLog(
  read: () => Promise<AuditEntry[]>,
  anchor: AuditAnchor | null,
): Promise<{ verification: ChainVerification; head: AuditAnchor | null }> {
  try {
    const entries = await read();
    return {
      verification: anchor ? verifyChainAgainst(entries, anchor) : verifyChain(entries),
      head: chainHead(entries),
    };
  } catch (error) {
    if (!(error instanceof AuditEntryUnreadableError)) throw error;
    const before = verifyChain(error.entriesBefore);
    if (!before.valid) return { verification: before, head: null };
    return {
      verification: {
        valid: false,
        brokenAt: error.position,
        problem: `it is not an audit entry any more: ${error.problem}`,
      },
      head: null,
    };
  }
}
