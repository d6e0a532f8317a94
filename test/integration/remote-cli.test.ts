import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOpsApi } from '../../cli/local-stack/local-ops-api.ts';
import type { CycleId } from '../../shared/calendar/calendar-date.ts';
import { startSeededOpsApi } from '../support/ops-api.ts';

/**
 * The CLI against a deployment goes through the ops API as the user who signed in, never the
 * tables: run here as its own process, with no AWS credentials and DynamoDB pointed at a closed
 * port, so any table call would fail it. Sign-in is cached per API (readable by its owner only).
 */

const bin = new URL('../../cli/bin.js', import.meta.url).pathname;
const CYCLE = '2027-02' as CycleId;

describe('dafaa --api (the CLI through the ops API)', () => {
  let api: LocalOpsApi;
  const cache = mkdtempSync(join(tmpdir(), 'dafaa-cache-'));
  const dafaa = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [bin, ...args, '--api', api.url],
        {
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH ?? '',
            HOME: cache,
            DAFAA_CACHE_DIR: cache,
            AWS_CONFIG_FILE: join(cache, 'none'),
            AWS_SHARED_CREDENTIALS_FILE: join(cache, 'none'),
            AWS_EC2_METADATA_DISABLED: 'true',
            DAFAA_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
          },
        },
      );
      return { exitCode: 0, out: stdout, err: stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { exitCode: failed.code, out: failed.stdout, err: failed.stderr };
    }
  };

  beforeAll(async () => {
    ({ api } = await startSeededOpsApi({
      prefix: 'it-remote',
      households: 30,
      seed: 9,
      arrearsDueBy: CYCLE,
    }));
  });

  afterAll(async () => {
    await api?.executions.settled();
    await api?.close();
  });

  it('asks, is refused its own approval, and runs the month once another user approves', async () => {
    expect(await dafaa('approvals', 'list')).toMatchObject({
      exitCode: 3,
      err: expect.stringMatching(/not signed in to .*: dafaa login --api/),
    });

    const login = await dafaa('login', '--user', 'local-operator');
    expect(login).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/Signed in to .* as local-operator \(a local user: local only\)/),
    });
    const file = /token cached in (\S+)\./.exec(login.out)?.[1] ?? '';
    expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(await dafaa('cycle', 'run', CYCLE, '--by', 'ops-amal')).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(/--by is not taken/),
    });
    const run = await dafaa('cycle', 'run', CYCLE, '--reason', 'February');
    expect(run).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/started cycle-2027-02.*\(as local-operator\)/),
    });
    await api.executions.settled();
    const requestId =
      new RegExp(`(${CYCLE}-[0-9a-f]{8})\\s+${CYCLE}\\s+run\\s+pending`).exec(
        (await dafaa('approvals', 'list')).out,
      )?.[1] ?? '';
    expect(requestId).not.toBe('');

    expect(await dafaa('approvals', 'approve', requestId, '--reason', 'mine')).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(
        /the ops API refused \(403\): local-operator \(operator\) may not approval.decide/,
      ),
    });
    expect((await dafaa('login', '--user', 'local-approver')).exitCode).toBe(0);
    expect(
      await dafaa('approvals', 'approve', requestId, '--reason', 'budget confirmed'),
    ).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(
        /Approved .*: resumed: started run-2027-02-.*\(as local-approver\)/,
      ),
    });
    await api.executions.settled();
    expect((await dafaa('cycle', 'status', CYCLE)).out).toMatch(/^Cycle 2027-02: completed/m);

    expect((await dafaa('login', '--user', 'local-auditor')).exitCode).toBe(0);
    expect(await dafaa('audit', 'verify')).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/chain is intact/),
    });
    expect(await dafaa('logout')).toMatchObject({
      exitCode: 0,
      out: expect.stringMatching(/^Signed out of/),
    });
  });
});
