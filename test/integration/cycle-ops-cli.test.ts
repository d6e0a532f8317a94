import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localCycleDeps } from '../../cli/local-context.ts';
import { runDafaa } from '../support/cli.ts';

/** The dry run and the payment file, end to end through the CLI, against DynamoDB Local. */

const run = (...args: string[]) => runDafaa(args, new Date('2026-11-22T09:00:00Z'));

describe('dafaa cycle plan --dry-run and cycle export', () => {
  let folder = '';

  beforeAll(() => {
    process.env.DAFAA_DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
    process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
    process.env.DAFAA_TABLE_PREFIX = 'it-cycle-ops-cli-';
    folder = mkdtempSync(join(tmpdir(), 'dafaa-export-'));
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('dry-runs a month writing nothing, then runs it and exports a file whose trailer checks out', async () => {
    expect((await run('seed', '--households', '240', '--seed', '9')).exitCode).toBe(0);
    const deps = localCycleDeps(inject('dynamodbEndpoint'));
    const countRecords = async () => {
      let records = 0;
      for await (const _ of deps.payments.listCycle('2026-12')) records += 1;
      return records;
    };

    const dry = await run('cycle', 'plan', '2026-12', '--dry-run');

    expect(dry.exitCode).toBe(0);
    expect(dry.out).toMatch(/^Dry run of cycle 2026-12: NOTHING WAS WRITTEN\.$/m);
    expect(dry.out).toMatch(/^Households\s+seen\s+240$/m);
    expect(dry.out).toMatch(/2026-11 has no payment records/);
    expect(dry.out).toMatch(/^Nothing was written: this was a dry run\./m);
    expect(await countRecords()).toBe(0);
    expect(await deps.cycles.get('2026-12')).toBeUndefined();
    const paidDry = Number(
      /^Paid\s+households\s+([\d,]+)$/m.exec(dry.out)?.[1]?.replaceAll(',', ''),
    );
    expect(paidDry).toBeGreaterThan(100);

    expect((await run('cycle', 'run', '2026-12')).exitCode).toBe(0);
    expect(await countRecords()).toBe(240);

    const file = join(folder, 'out', '2026-12.csv');
    const exported = await run('cycle', 'export', '2026-12', '--out', file);

    expect(exported.exitCode).toBe(0);
    expect(exported.out).toContain(`written to ${file}`);
    const text = readFileSync(file, 'utf8');
    const rows = text.trimEnd().split('\n');
    expect(rows[0]).toBe(
      'payment_id,iban_masked,amount_halalas,arrears_halalas,total_halalas,payment_date',
    );
    const lines = rows.slice(1, -1).map((row) => row.split(','));
    const trailer = /^# control,records=(\d+),total_halalas=(\d+),sha256=([0-9a-f]{64})$/.exec(
      rows.at(-1) ?? '',
    );
    expect(trailer).not.toBeNull();
    const [, records, total, sha256] = trailer ?? [];
    expect(Number(records)).toBe(lines.length);
    expect(lines.length).toBe(paidDry);
    expect(Number(total)).toBe(lines.reduce((sum, cells) => sum + Number(cells[4]), 0));
    const body = text.slice(0, text.indexOf('# control'));
    expect(createHash('sha256').update(body).digest('hex')).toBe(sha256);
    expect(exported.out).toMatch(new RegExp(`^sha256\\s+${sha256}$`, 'm'));
    expect(text).not.toMatch(/SA\d{22}/);
    expect(lines.every((cells) => cells[5] === '2026-12-10')).toBe(true);

    // Once run, the dry run finds every record written and nothing left to write.
    const again = await run('cycle', 'plan', '2026-12', '--dry-run');
    expect(again.out).toMatch(
      /240 records are already written for 2026-12; a run would write 0 more\./,
    );
  });

  it('refuses to export a month not run, and a plan that is not a dry run', async () => {
    expect(await run('cycle', 'export', '2031-01', '--out', join(folder, 'x.csv'))).toMatchObject({
      exitCode: 2,
      err: 'dafaa: cycle 2031-01 has not been run: run it with "dafaa cycle run 2031-01"',
    });
    const plan = await run('cycle', 'plan', '2026-12');
    expect(plan.exitCode).toBe(2);
    expect(plan.err).toMatch(/only runs as a dry run: add --dry-run/);
  });
});
