import { createHash } from 'node:crypto';
import { DafaaError } from '../errors/dafaa-error.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import type { AuditEntryInput } from './ports.ts';

/**
 * One entry of the audit log as stored, and the hash chain that links the entries: each entry
 * holds the SHA-256 of the one before (64 zeros for the first) and of its own fields, so that a
 * changed, removed or reordered entry breaks the chain where it happened. A chain proves the
 * entries before its last one; an anchor (an entry's sequence and hash, kept outside the log, e.g.
 * in a month's sign-off) shows a tail truncated or rewritten back to that entry.
 */

/** Base of the audit module's errors. */
export class AuditError extends DafaaError {
  override readonly name: string = 'AuditError';
}

/** What a caller asked to record does not fit an entry (an empty actor, details that are not data). */
export class InvalidAuditEntryError extends AuditError {
  override readonly name: string = 'InvalidAuditEntryError';
}

/**
 * A stored item is not an audit entry (a missing or mistyped attribute). It carries the entries read
 * before it, so that a verification can still say whether the chain broke earlier.
 */
export class AuditEntryUnreadableError extends AuditError {
  override readonly name: string = 'AuditEntryUnreadableError';

  /** Its 1-based place in the log, the entry number it should have. */
  readonly position: number;
  readonly problem: string;
  readonly entriesBefore: readonly AuditEntry[];

  constructor(
    position: number,
    problem: string,
    entriesBefore: readonly AuditEntry[],
    options?: { cause?: unknown },
  ) {
    super(`audit entry ${position} is not readable: ${problem}`, options);
    this.position = position;
    this.problem = problem;
    this.entriesBefore = entriesBefore;
  }
}

/** Other writers kept appending first: the entry was not recorded, and may be appended again. */
export class AuditLogContendedError extends AuditError {
  override readonly name: string = 'AuditLogContendedError';
}

/** The `previousHash` of a chain's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

const sha256Hex = /* @__PURE__ */ z.onFirstUse(() =>
  z.string().check(z.regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 (64 lowercase hex digits)')),
);

/** What an entry records: the port's `AuditEntryInput`, with details that are plain JSON data. */
export const auditEntryInputSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    actor: z.string().check(z.minLength(1)),
    action: z.string().check(z.minLength(1)),
    subject: z.string().check(z.minLength(1)),
    reason: z.nullable(z.string()),
    details: z.record(z.string(), z.json()),
    via: z.optional(
      z.object({
        channel: z.enum(['api', 'local-cli']),
        actorName: z.string().check(z.minLength(1)),
        requestId: z.optional(z.string()),
        sourceIp: z.optional(z.string()),
        viewerAddress: z.optional(z.string()),
      }),
    ),
  }),
);

/** An entry as stored: its place in the chain, when it was appended, what it records, its links. */
export const auditEntrySchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    /** 1, 2, 3, ... within one chain. */
    sequence: z.int().check(z.minimum(1)),
    /** When it was appended (ISO-8601, UTC). */
    at: z.iso.datetime(),
    ...auditEntryInputSchema.shape,
    /** The previous entry's `hash`, or `GENESIS_HASH` for the first. */
    previousHash: sha256Hex,
    /** SHA-256 of the canonical JSON of every other field. */
    hash: sha256Hex,
  }),
);

export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * The SHA-256 (hex) of an entry's fields other than `hash`, as canonical JSON: keys sorted at every
 * depth, so the hash depends on the values only. Fields an entry does not have are ignored.
 */
export function hashEntry(entryWithoutHash: Omit<AuditEntry, 'hash'>): string {
  const { sequence, at, actor, action, subject, reason, details, via, previousHash } =
    entryWithoutHash;
  // `via` is absent from entries written before it was kept: canonicalJson drops it, so they hash as then.
  const fields = { sequence, at, actor, action, subject, reason, details, via, previousHash };
  return createHash('sha256').update(canonicalJson(fields), 'utf8').digest('hex');
}

/**
 * The entry that follows `previous` (or starts the chain when it is null), recording `input` at
 * `at`. Throws `InvalidAuditEntryError` when the input does not fit an entry.
 */
export function chainEntry(
  previous: AuditEntry | null,
  input: AuditEntryInput,
  at: Date,
): AuditEntry {
  const parsed = auditEntryInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidAuditEntryError(
      `an audit entry cannot record this: ${describeIssues(parsed.error)}`,
    );
  }
  // The schema drops what it cannot keep (a `__proto__` key); an entry records all or nothing.
  if (canonicalJson(parsed.data.details) !== canonicalJson(input.details)) {
    throw new InvalidAuditEntryError(
      'an audit entry cannot record this: details are not plain data',
    );
  }
  if (Number.isNaN(at.getTime())) {
    throw new InvalidAuditEntryError('an audit entry cannot record this: its time is not valid');
  }
  const { actor, action, subject, reason, details, via } = parsed.data;
  const unhashed = {
    sequence: previous === null ? 1 : previous.sequence + 1,
    at: at.toISOString(),
    actor,
    action,
    subject,
    reason,
    details,
    ...(via === undefined ? {} : { via }),
    previousHash: previous === null ? GENESIS_HASH : previous.hash,
  };
  return { ...unhashed, hash: hashEntry(unhashed) };
}

export type ChainVerification =
  | { readonly valid: true; readonly entries: number }
  | {
      readonly valid: false;
      /** The entry number (1-based place in the chain) where the chain first breaks. */
      readonly brokenAt: number;
      readonly problem: string;
    };

/**
 * Checks a chain in order, first break first: each entry has the next sequence number (a gap or a
 * step back is a removed or moved entry), links to the hash of the entry before it, and has the
 * hash of its own fields (a changed field, or a forged hash, shows here).
 */
export function verifyChain(entries: readonly AuditEntry[]): ChainVerification {
  let previous: AuditEntry | null = null;
  for (const [index, entry] of entries.entries()) {
    const expected = index + 1;
    const broken = (problem: string): ChainVerification => ({
      valid: false,
      brokenAt: expected,
      problem,
    });
    if (entry.sequence !== expected) {
      return broken(
        previous === null
          ? `the log starts at entry ${entry.sequence}, not 1: entries were removed or moved`
          : `entry ${entry.sequence} follows entry ${previous.sequence}: entries were removed or moved`,
      );
    }
    const link = previous === null ? GENESIS_HASH : previous.hash;
    if (entry.previousHash !== link) {
      return broken(
        previous === null
          ? 'its previousHash is not the start of a chain (64 zeros)'
          : `its previousHash is not the hash of entry ${previous.sequence}: an entry before it was replaced`,
      );
    }
    if (entry.hash !== hashEntry(entry)) {
      return broken('its hash does not match its contents: it was changed after it was recorded');
    }
    previous = entry;
  }
  return { valid: true, entries: entries.length };
}

/** An entry's place and hash, written `42:<64 hex>`: what ops keep outside the log. */
export interface AuditAnchor {
  readonly sequence: number;
  readonly hash: string;
}

/** `42:<64 hex>` as an anchor, or null when it is not one. */
export function parseAnchor(text: string): AuditAnchor | null {
  const match = /^(\d{1,12}):([0-9a-f]{64})$/.exec(text.trim().toLowerCase());
  if (!match?.[1] || !match[2] || Number(match[1]) < 1) return null;
  return { sequence: Number(match[1]), hash: match[2] };
}

/** The last entry as an anchor, or null for an empty log. */
export function chainHead(entries: readonly AuditEntry[]): AuditAnchor | null {
  const last = entries.at(-1);
  return last ? { sequence: last.sequence, hash: last.hash } : null;
}

/**
 * Checks a chain, then that it still holds the anchored entry with the anchored hash: an intact
 * chain that lost its tail, or was rewritten from some entry on, passes `verifyChain` but not this.
 */
export function verifyChainAgainst(
  entries: readonly AuditEntry[],
  anchor: AuditAnchor,
): ChainVerification {
  const chain = verifyChain(entries);
  if (!chain.valid) return chain;
  const anchored = entries[anchor.sequence - 1];
  if (anchored === undefined) {
    return {
      valid: false,
      brokenAt: anchor.sequence,
      problem: `the log ends at entry ${entries.length}, before the anchored entry ${anchor.sequence}: entries were removed`,
    };
  }
  if (anchored.hash !== anchor.hash) {
    return {
      valid: false,
      brokenAt: anchor.sequence,
      problem: `entry ${anchor.sequence} does not carry the anchored hash: the log was rewritten up to it`,
    };
  }
  return chain;
}

/** JSON with object keys sorted (by code unit) at every depth; undefined members left out. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
