import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runDafaa } from '../support/cli.ts';

/** An objection walked through the CLI, its messages delivered and read back, against the local servers. */

const run = (...args: string[]) => runDafaa(args);

describe('dafaa objection, notify and outbox', () => {
  beforeAll(async () => {
    process.env.DAFAA_DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
    process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
    process.env.DAFAA_TABLE_PREFIX = 'it-objection-cli-';
    process.env.DAFAA_SES_ENDPOINT = inject('sesEndpoint');
    expect((await run('seed', '--households', '40', '--seed', '9')).exitCode).toBe(0);
    expect((await run('cycle', 'run', '2026-11')).exitCode).toBe(0);
  });

  it('walks an objection to acceptance, queues a message at each step, and delivers them', async () => {
    const submitted = await run(
      'objection',
      'submit',
      '--household',
      'H00000001',
      '--cycle',
      '2026-11',
      '--reasons',
      'My son is back in the Kingdom since August.',
    );
    expect(submitted.exitCode).toBe(0);
    const id = /^Objection (\S+): submitted$/m.exec(submitted.out)?.[1] ?? '';
    expect(submitted.out).toMatch(/Queued the "objection-received" message/);

    expect((await run('objection', 'review', id, '--by', 'ops-amal')).out).toMatch(/under-review/);
    const accepted = await run('objection', 'accept', id, '--by', 'ops-noura');
    expect(accepted.exitCode).toBe(0);
    expect(accepted.out).toMatch(/Queued the "objection-accepted" message/);
    expect((await run('objection', 'show', id)).out).toMatch(
      /submitted -> under-review {2}by ops-amal/,
    );

    const drained = await run('notify', 'drain', '--quiet-hours', 'off');
    expect(drained.exitCode).toBe(0);
    expect(drained.out).toMatch(/^sent\s+\d+\s+\d+$/m);

    // The objection's own messages, each with how it ended, by channel.
    const shown = (await run('objection', 'show', id)).out;
    expect(shown).toMatch(/^ {2}\S+ {2}objection-received by sms: sent$/m);
    expect(shown).toMatch(/^ {2}\S+ {2}objection-accepted by email: (sent|skipped \(no-email\))$/m);
    expect(shown).not.toMatch(/payment-deposited|not-eligible/);

    const outbox = await run('outbox', '--limit', '5');
    expect(outbox.out).toMatch(/^\d+ SMS in the outbox, \d+ segments\.$/m);
    expect(outbox.out).toMatch(/\+9665\*{5}\d{3}/);
    expect(outbox.out).not.toMatch(/\+9665\d{8}/);
  });

  it('refuses what the rules refuse, in one line', async () => {
    expect(
      await run(
        'objection',
        'submit',
        '--household',
        'H00000002',
        '--cycle',
        '2025-01',
        '--reasons',
        'late',
      ),
    ).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(/^dafaa: .*window/i),
    });
    expect((await run('objection', 'reject', 'O-H00000002-2026-11-1', '--by', 'ops')).err).toBe(
      'dafaa: reject needs --reason TEXT: the beneficiary is told why',
    );
    expect(
      (await run('objection', 'review', 'O-H09999999-2026-11-1', '--by', 'ops')).exitCode,
    ).toBe(2);
  });
});
