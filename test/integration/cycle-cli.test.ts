import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runDafaa } from '../support/cli.ts';

/** The cycle commands, end to end through the CLI, against DynamoDB Local. */

const run = (...args: string[]) => runDafaa(args, new Date('2026-11-22T09:00:00Z'));

describe('dafaa seed and cycle', () => {
  beforeAll(() => {
    process.env.DAFAA_DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
    process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
    process.env.DAFAA_TABLE_PREFIX = 'it-cycle-cli-';
  });

  it('seeds a register, runs a month, and shows its status and report', async () => {
    expect((await run('seed', '--households', '300', '--seed', '5')).exitCode).toBe(0);

    const ran = await run('cycle', 'run', '2026-12');
    expect(ran.exitCode).toBe(0);
    expect(ran.out).toMatch(/^Cycle\s+2026-12, payment 109, paid 2026-12-10\s+completed$/m);
    expect(ran.out).toMatch(/^Households\s+seen\s+300$/m);

    const status = await run('cycle', 'status', '2026-12');
    expect(status.out).toMatch(/^Cycle 2026-12: completed$/m);
    expect(status.out).toMatch(/segments: 4 of 4 done/);

    const csv = (await run('cycle', 'report', '2026-12', '--csv')).out.split('\n');
    expect(csv[0]).toBe(
      'cycle,payment_number,payment_date,status,category,reason,households,amount_halalas',
    );
    expect(csv).toContainEqual(
      expect.stringMatching(/^2026-12,109,2026-12-10,completed,seen,,300,$/),
    );
    const amount = (reason: string) =>
      Number(csv.find((line) => line.includes(`,paid,${reason},`))?.split(',')[7]);
    const paid = csv.find((line) => line.includes(',paid,,'))?.split(',') ?? [];
    expect(Number(paid[6])).toBeGreaterThan(100);
    // Halalas, paid to the halala from 2026-12: the total is this month's and the arrears'.
    expect(Number.isSafeInteger(Number(paid[7]))).toBe(true);
    expect(Number(paid[7])).toBe(amount('this-month') + amount('arrears'));
  });

  it('answers a month never run, and bad input, with one line', async () => {
    expect(await run('cycle', 'report', '2031-01')).toMatchObject({
      exitCode: 2,
      err: 'dafaa: cycle 2031-01 has not been run: run it with "dafaa cycle run 2031-01"',
    });
    expect(await run('cycle', 'status', '2031-01')).toMatchObject({
      exitCode: 0,
      out: 'Cycle 2031-01 has not been planned.',
    });
    expect((await run('cycle', 'run', '2026-13')).exitCode).toBe(2);
    expect((await run('cycle', 'fly', '2026-12')).exitCode).toBe(2);
    expect((await run('seed', '--households', 'many')).err).toBe(
      'dafaa: --households takes a whole number from 1 to 5,000,000, not "many"',
    );
  });

  it('says how to start a local stack when none is running', async () => {
    const endpoint = process.env.DAFAA_DYNAMODB_ENDPOINT;
    delete process.env.DAFAA_DYNAMODB_ENDPOINT;
    try {
      const result = await run('cycle', 'status', '2026-12');
      expect(result.exitCode).toBe(3);
      expect(result.err).toMatch(
        /^dafaa: no local stack is running: start one with "npm run -s dafaa -- local up"/,
      );
    } finally {
      process.env.DAFAA_DYNAMODB_ENDPOINT = endpoint;
    }
  });
});
