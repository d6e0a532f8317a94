import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  chainEntry,
  chainHead,
  GENESIS_HASH,
  hashEntry,
  InvalidAuditEntryError,
  parseAnchor,
  verifyChain,
  verifyChainAgainst,
} from '../../../shared/audit/audit-entry.ts';
import type { AuditEntryInput } from '../../../shared/audit/ports.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';

const T0 = new Date('2026-11-03T06:15:00.000Z');
const minutesAfter = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const anInput = (overrides: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: 'ops-amal',
  action: 'calendar.override',
  subject: 'calendar:2027-03',
  reason: 'SAMA moved the Eid holiday',
  details: { from: '2027-03-10', to: '2027-03-14', households: 12 },
  ...overrides,
});

function chainOf(inputs: readonly AuditEntryInput[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const [index, input] of inputs.entries()) {
    entries.push(chainEntry(entries.at(-1) ?? null, input, minutesAfter(index)));
  }
  return entries;
}

const threeEntries = () =>
  chainOf([
    anInput(),
    anInput({ actor: 'ops-noura', action: 'cycle.rerun', subject: 'cycle:2026-12', reason: null }),
    anInput({ action: 'approval.approve', subject: 'cycle:2026-12', details: { count: 3 } }),
  ]);

/** A copy of the chain with entry `index` replaced by `change(entry)`. */
function tampered(
  entries: readonly AuditEntry[],
  index: number,
  change: (entry: AuditEntry) => AuditEntry,
): AuditEntry[] {
  return entries.map((entry, at) => (at === index ? change(structuredClone(entry)) : entry));
}

describe('hashEntry', () => {
  it('gives the same hash whatever the order of keys, at every depth', () => {
    const [entry] = threeEntries();
    if (entry === undefined) throw new Error('no entry');
    const reordered = {
      previousHash: entry.previousHash,
      details: { households: 12, to: '2027-03-14', from: '2027-03-10' },
      subject: entry.subject,
      reason: entry.reason,
      action: entry.action,
      actor: entry.actor,
      at: entry.at,
      sequence: entry.sequence,
    };

    expect(hashEntry(reordered)).toBe(entry.hash);
    expect(hashEntry({ ...reordered, details: { nested: { b: 1, a: [2, { d: 3, c: 4 }] } } })).toBe(
      hashEntry({ ...reordered, details: { nested: { a: [2, { c: 4, d: 3 }], b: 1 } } }),
    );
  });

  it('hashes the fields other than hash, so a stored hash does not feed its own check', () => {
    const [entry] = threeEntries();
    if (entry === undefined) throw new Error('no entry');
    const withAnotherHash: AuditEntry = { ...entry, hash: GENESIS_HASH };

    expect(hashEntry(withAnotherHash)).toBe(entry.hash);
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('chainEntry', () => {
  it('numbers entries from 1 and links each to the hash of the one before', () => {
    const [first, second, third] = threeEntries();

    expect(first).toMatchObject({ sequence: 1, previousHash: GENESIS_HASH, at: T0.toISOString() });
    expect(second).toMatchObject({ sequence: 2, previousHash: first?.hash, reason: null });
    expect(third).toMatchObject({ sequence: 3, previousHash: second?.hash });
  });

  it('refuses details that are not plain JSON data, and an empty actor', () => {
    expect(() => chainEntry(null, anInput({ details: { when: new Date() } }), T0)).toThrow(
      InvalidAuditEntryError,
    );
    expect(() => chainEntry(null, anInput({ details: { count: Number.NaN } }), T0)).toThrow(
      InvalidAuditEntryError,
    );
    expect(() =>
      chainEntry(null, anInput({ details: JSON.parse('{"__proto__":{}}') }), T0),
    ).toThrow(InvalidAuditEntryError);
    expect(() => chainEntry(null, anInput({ actor: '' }), T0)).toThrow(InvalidAuditEntryError);
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain of 3, and an empty one', () => {
    expect(verifyChain(threeEntries())).toEqual({ valid: true, entries: 3 });
    expect(verifyChain([])).toEqual({ valid: true, entries: 0 });
  });

  it('finds the entry whose reason was changed', () => {
    const entries = tampered(threeEntries(), 1, (entry) => ({
      ...entry,
      reason: 'nothing to see',
    }));

    expect(verifyChain(entries)).toEqual({
      valid: false,
      brokenAt: 2,
      problem: expect.stringMatching(/hash does not match its contents/),
    });
  });

  it('finds a removed middle entry where it is missing', () => {
    const [first, , third] = threeEntries();
    if (first === undefined || third === undefined) throw new Error('no entries');

    expect(verifyChain([first, third])).toEqual({
      valid: false,
      brokenAt: 2,
      problem: expect.stringMatching(/entry 3 follows entry 1/),
    });
  });

  it('finds a swapped pair at the first of the two places', () => {
    const [first, second, third] = threeEntries();
    if (first === undefined || second === undefined || third === undefined) {
      throw new Error('no entries');
    }

    expect(verifyChain([first, third, second])).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('finds a changed entry whose hash was recomputed at the next entry, whose link no longer fits', () => {
    const entries = tampered(threeEntries(), 1, (entry) => {
      const changed = { ...entry, reason: 'nothing to see' };
      return { ...changed, hash: hashEntry(changed) };
    });

    expect(verifyChain(entries)).toEqual({
      valid: false,
      brokenAt: 3,
      problem: expect.stringMatching(/previousHash is not the hash of entry 2/),
    });
  });

  it('finds a forged hash', () => {
    const entries = tampered(threeEntries(), 2, (entry) => ({ ...entry, hash: 'a'.repeat(64) }));

    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('finds a first entry that does not start a chain', () => {
    const entries = tampered(threeEntries(), 0, (entry) => {
      const changed = { ...entry, previousHash: 'b'.repeat(64) };
      return { ...changed, hash: hashEntry(changed) };
    });

    expect(verifyChain(entries)).toMatchObject({ valid: false, brokenAt: 1 });
  });
});

describe('InMemoryAuditLog', () => {
  it('records a chain that verifies, and copies what it hands out', async () => {
    const log = new InMemoryAuditLog({ now: () => T0 });
    await log.append(anInput());
    await log.append(anInput({ reason: null }));

    const entries = log.entries;
    const first = entries[0];
    if (first !== undefined) first.reason = 'changed by a caller';

    expect(verifyChain(await log.list())).toEqual({ valid: true, entries: 2 });
    expect(log.entries.map((entry) => entry.reason)).toEqual(['SAMA moved the Eid holiday', null]);
  });
});

const FIELDS = [
  'sequence',
  'at',
  'actor',
  'action',
  'subject',
  'reason',
  'details',
  'previousHash',
  'hash',
] as const satisfies readonly (keyof AuditEntry)[];

/** A value of `field` that surely differs from the entry's, canonical JSON included. */
function changeField(entry: AuditEntry, field: (typeof FIELDS)[number]): AuditEntry {
  const flipHex = (hex: string) => `${hex.startsWith('0') ? '1' : '0'}${hex.slice(1)}`;
  switch (field) {
    case 'sequence':
      return { ...entry, sequence: entry.sequence + 1 };
    case 'at':
      return { ...entry, at: new Date(Date.parse(entry.at) + 1).toISOString() };
    case 'reason':
      return { ...entry, reason: entry.reason === null ? '' : null };
    case 'details':
      return { ...entry, details: { tampered: entry.details } };
    case 'previousHash':
    case 'hash':
      return { ...entry, [field]: flipHex(entry[field]) };
    default:
      return { ...entry, [field]: `${entry[field]}.` };
  }
}

/** Any input `chainEntry` takes: a `__proto__` key is refused (see above), so none is generated. */
const inputArbitrary: fc.Arbitrary<AuditEntryInput> = fc
  .record({
    actor: fc.string({ minLength: 1 }),
    action: fc.string({ minLength: 1 }),
    subject: fc.string({ minLength: 1 }),
    reason: fc.option(fc.string(), { nil: null }),
    details: fc.dictionary(fc.string(), fc.jsonValue(), { noNullPrototype: true }),
  })
  .filter(({ details }) => !JSON.stringify(details).includes('"__proto__"'));

describe('the hash chain (properties)', () => {
  it('verifies any chain that chainEntry builds, and breaks when any field of any entry changes', () => {
    fc.assert(
      fc.property(
        fc.array(inputArbitrary, { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.constantFrom(...FIELDS),
        (inputs, pick, field) => {
          const entries = chainOf(inputs);
          const index = pick % entries.length;

          expect(verifyChain(entries)).toEqual({ valid: true, entries: entries.length });
          const result = verifyChain(
            tampered(entries, index, (entry) => changeField(entry, field)),
          );
          expect(result).toMatchObject({ valid: false, brokenAt: index + 1 });
        },
      ),
    );
  });
});

describe('an anchor kept outside the log', () => {
  it('reads the form "audit verify" prints, and nothing else', () => {
    const hash = 'ab'.repeat(32);
    expect(parseAnchor(`42:${hash}`)).toEqual({ sequence: 42, hash });
    expect(parseAnchor(` 42:${hash.toUpperCase()} `)).toEqual({ sequence: 42, hash });
    for (const text of ['42', `0:${hash}`, `42:${hash.slice(1)}`, `x:${hash}`, 'latest']) {
      expect(parseAnchor(text)).toBeNull();
    }
  });

  it('finds a truncated or rewritten tail that the chain alone cannot', () => {
    const entries = chainOf([anInput(), anInput(), anInput()]);
    const anchor = chainHead(entries);
    if (anchor === null) throw new Error('expected a head');
    expect(verifyChainAgainst(entries, anchor)).toEqual({ valid: true, entries: 3 });

    const truncated = entries.slice(0, 2);
    expect(verifyChain(truncated).valid).toBe(true);
    expect(verifyChainAgainst(truncated, anchor)).toMatchObject({ valid: false, brokenAt: 3 });

    const rewritten = chainOf([anInput(), anInput(), anInput({ reason: 'another story' })]);
    expect(verifyChain(rewritten).valid).toBe(true);
    expect(verifyChainAgainst(rewritten, anchor)).toMatchObject({
      valid: false,
      brokenAt: 3,
      problem: expect.stringMatching(/does not carry the anchored hash/),
    });
    // A longer log that still holds the anchored entry passes: appends after it are expected.
    const longer = [...entries, chainEntry(entries[2] ?? null, anInput(), minutesAfter(9))];
    expect(verifyChainAgainst(longer, anchor)).toEqual({ valid: true, entries: 4 });
  });
});

describe('the request an entry came in (via)', () => {
  const via = {
    channel: 'api' as const,
    actorName: 'amal',
    requestId: 'c0ffee00-1111-4222-8333-444455556666',
    sourceIp: '203.0.113.7',
  };

  it('hashes an entry without it exactly as entries were hashed before it was kept', () => {
    const [entry] = chainOf([anInput()]);
    const before = `{"action":"calendar.override","actor":"ops-amal","at":"2026-11-03T06:15:00.000Z","details":{"from":"2027-03-10","households":12,"to":"2027-03-14"},"previousHash":"${GENESIS_HASH}","reason":"SAMA moved the Eid holiday","sequence":1,"subject":"calendar:2027-03"}`;
    expect(entry?.hash).toBe(createHash('sha256').update(before, 'utf8').digest('hex'));
  });

  it('is part of the hash: an address changed after the fact breaks the chain there', () => {
    const entries = chainOf([anInput(), anInput({ via }), anInput()]);
    expect(verifyChain(entries)).toEqual({ valid: true, entries: 3 });
    const [first, second, third] = entries as [AuditEntry, AuditEntry, AuditEntry];
    const forged = { ...second, via: { ...via, sourceIp: '198.51.100.9' } };
    expect(verifyChain([first, forged, third])).toMatchObject({ valid: false, brokenAt: 2 });
  });

  it('refuses a channel it does not know', () => {
    expect(() =>
      chainEntry(null, anInput({ via: { ...via, channel: 'email' as 'api' } }), T0),
    ).toThrow(InvalidAuditEntryError);
  });
});
