import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runDafaa } from '../support/cli.ts';

/**
 * `dafaa household`: one household's payments, objections and messages, through the CLI on the
 * local servers, after a month is run and its messages drained (issue 12, item 4).
 */

const run = (...args: string[]) => runDafaa(args, new Date('2026-11-22T09:00:00Z'));

describe('dafaa household', () => {
  beforeAll(async () => {
    process.env.DAFAA_DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
    process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
    process.env.DAFAA_SES_ENDPOINT = inject('sesEndpoint');
    process.env.DAFAA_TABLE_PREFIX = `it-household-${randomUUID().slice(0, 8)}-`;
    expect((await run('seed', '--households', '40', '--seed', '3')).exitCode).toBe(0);
    expect((await run('cycle', 'run', '2026-12')).exitCode).toBe(0);
    expect((await run('notify', 'drain', '--quiet-hours', 'off')).exitCode).toBe(0);
  }, 120_000);

  it('shows what the month paid a household and every message it was sent, masked', async () => {
    const shown = await run('household', 'H00000001');

    expect(shown.exitCode, shown.err).toBe(0);
    expect(shown.out).toMatch(/^Household H00000001$/m);
    expect(shown.out).toMatch(
      /^2026-12\s+2026-12-10\s+(paid|not-eligible|nothing-due|set-aside)\s/m,
    );
    expect(shown.out).toMatch(/^(payment-deposited|not-eligible)\s+sms\s+(sent|skipped)\s/m);
    expect(shown.out).not.toMatch(/SA\d{22}/);
    expect(shown.out).not.toMatch(/\+9665\d{8}|05\d{8}|@/);
  });

  it('speaks Arabic, and answers a household id that is not one in one line', async () => {
    const arabic = await run('household', 'H00000001', '--lang', 'ar');
    expect(arabic.out).toContain('الأسرة H00000001');
    expect(arabic.out).toContain('الدفعات');
    expect(arabic.out).toContain('٢٠٢٦-١٢-١٠');

    expect(await run('household', 'X1')).toMatchObject({
      exitCode: 2,
      err: 'dafaa: "X1" is not a household id: H followed by 7 to 15 digits, e.g. H00000042',
    });
    expect((await run('household', 'H00000001', 'extra')).exitCode).toBe(2);
  });
});
