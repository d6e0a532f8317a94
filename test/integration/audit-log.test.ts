import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import {
  auditSortKey,
  DynamoDbAuditLog,
} from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import { verifyChain } from '../../shared/audit/audit-entry.ts';
import type { AuditEntryInput } from '../../shared/audit/ports.ts';
import { runDafaa } from '../support/cli.ts';

/**
 * The DynamoDB audit log against DynamoDB Local: concurrent appends keep one linear chain, and
 * `dafaa audit verify` finds an item changed behind the log's back.
 */

const run = (...args: string[]) => runDafaa(args);

const anInput = (
  actor: string,
  reason: string | null = 'checked with finance',
): AuditEntryInput => ({
  actor,
  action: 'cycle.rerun',
  subject: 'cycle:2026-12',
  reason,
  details: { segments: [3, 7], households: 1_204 },
});

/** A fresh set of tables, which the CLI in this process is pointed at; and its audit log. */
async function freshAuditLog() {
  const endpoint = inject('dynamodbEndpoint');
  const prefix = `it-audit-${randomUUID().slice(0, 8)}-`;
  const names = tableNamesWithPrefix(prefix);
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  await createTables(client, names);
  client.destroy();
  process.env.DAFAA_DYNAMODB_ENDPOINT = endpoint;
  process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
  process.env.DAFAA_TABLE_PREFIX = prefix;
  const documents = createDocumentClient(localAwsClientConfig(endpoint));
  const log = new DynamoDbAuditLog(documents, names.audit, { now: () => new Date() });
  return { log, documents, tableName: names.audit };
}

describe('DynamoDbAuditLog and dafaa audit', () => {
  it('keeps appends from 5 concurrent callers in one linear chain that verifies', async () => {
    const { log } = await freshAuditLog();
    const actors = ['ops-amal', 'ops-noura', 'ops-fahad', 'ops-reem', 'system'];

    await Promise.all(actors.map((actor) => log.append(anInput(actor))));

    const entries = await log.list();
    expect(entries.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(entries.map((entry) => entry.actor))).toEqual(new Set(actors));
    expect(verifyChain(entries)).toEqual({ valid: true, entries: 5 });
    const head = entries.at(-1);
    expect(await run('audit', 'verify')).toMatchObject({
      exitCode: 0,
      out: `The audit log holds 5 entries and its chain is intact.\nIts head: 5:${head?.hash}\nKeep it outside the log (the month's sign-off); "dafaa audit verify --anchor 5:<hash>" later shows whether anything up to it was removed or rewritten.`,
      err: '',
    });
    const listed = await run('audit', 'list', '--limit', '2');
    expect(listed.exitCode).toBe(0);
    expect(listed.out).toMatch(
      /^\s+5 {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\S+ +cycle\.rerun {2}cycle:2026-12 {2}checked with finance$/m,
    );
    expect(listed.out).not.toMatch(/^\s+3 {2}/m);
    expect(listed.out).toMatch(/^5 entries in the audit log, the last 2 shown\.$/m);
  });

  it('names the entry whose reason was changed in the table, and exits 1', async () => {
    const { log, documents, tableName } = await freshAuditLog();
    for (const actor of ['ops-amal', 'ops-noura', 'ops-fahad']) await log.append(anInput(actor));

    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'AUDIT#main', sk: auditSortKey(2) },
        UpdateExpression: 'SET #reason = :reason',
        ExpressionAttributeNames: { '#reason': 'reason' },
        ExpressionAttributeValues: { ':reason': 'nothing happened' },
      }),
    );

    const verified = await run('audit', 'verify');
    expect(verified.exitCode).toBe(1);
    expect(verified.err).toMatch(
      /^The audit log is broken at entry 2: its hash does not match its contents/,
    );
    expect((await run('audit', 'list')).out).toMatch(/nothing happened/);
  });

  it('names an entry that is no longer readable, and exits 1', async () => {
    const { log, documents, tableName } = await freshAuditLog();
    for (const actor of ['ops-amal', 'ops-noura']) await log.append(anInput(actor, null));

    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: 'AUDIT#main', sk: auditSortKey(1) },
        UpdateExpression: 'REMOVE #hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
      }),
    );

    expect(await run('audit', 'verify')).toMatchObject({
      exitCode: 1,
      err: expect.stringMatching(/^The audit log is broken at entry 1: .*hash/),
    });
    expect(await run('audit', 'list')).toMatchObject({
      exitCode: 1,
      err: expect.stringMatching(/^dafaa: audit entry 1 is not readable: hash/),
    });
  });

  it('with an anchor kept outside the log, finds a last entry deleted from the table, or rewritten', async () => {
    const { log, documents, tableName } = await freshAuditLog();
    for (const actor of ['ops-amal', 'ops-noura', 'ops-fahad']) await log.append(anInput(actor));
    const anchor = /Its head: (\S+)/.exec((await run('audit', 'verify')).out)?.[1] ?? '';
    expect(anchor).toMatch(/^3:[0-9a-f]{64}$/);
    expect(await run('audit', 'verify', '--anchor', anchor)).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/chain is intact, with entry 3 as anchored\./),
    });

    // The last entry removed: the rest still chains, so only the anchor can tell.
    await documents.send(
      new DeleteCommand({ TableName: tableName, Key: { pk: 'AUDIT#main', sk: auditSortKey(3) } }),
    );
    expect((await run('audit', 'verify')).exitCode).toBe(0);
    expect(await run('audit', 'verify', '--anchor', anchor)).toMatchObject({
      exitCode: 1,
      err: 'The audit log is broken at entry 3: the log ends at entry 2, before the anchored entry 3: entries were removed',
    });

    // ...and appended again with other words, the chain recomputed: a consistent forgery.
    await log.append(anInput('ops-fahad', 'a different story'));
    expect((await run('audit', 'verify')).exitCode).toBe(0);
    expect(await run('audit', 'verify', '--anchor', anchor)).toMatchObject({
      exitCode: 1,
      err: expect.stringMatching(
        /^The audit log is broken at entry 3: entry 3 does not carry the anchored hash/,
      ),
    });
    expect(await run('audit', 'verify', '--anchor', 'latest')).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(/--anchor takes an entry's sequence and hash/),
    });
  });
});
