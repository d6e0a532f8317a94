import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = new URL('../../cli/bin.js', import.meta.url).pathname;
const runBin = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('the dafaa bin', () => {
  it('prints the calendar and exits 0', () => {
    const result = runBin('calendar', '2027-03', '--json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      expect.objectContaining({ cycle: '2027-03', date: '2027-03-04' }),
    ]);
  });

  it('answers bad input with one line on stderr and exit code 2, never a stack trace', () => {
    for (const args of [
      ['calendar', '2027-13'],
      ['calendar', '1700'],
      ['calendar', '--bogus'],
    ]) {
      const result = runBin(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^dafaa: /);
    }
  });
});

describe('npm start without Java', () => {
  it('says in one line that Java 17+ is needed and how to get it, and exits 3', () => {
    const noJava = mkdtempSync(join(tmpdir(), 'dafaa-no-java-'));
    symlinkSync(process.execPath, join(noJava, 'node'));
    symlinkSync('/bin/sh', join(noJava, 'sh'));
    const start = new URL('../../cli/start.ts', import.meta.url).pathname;
    const result = spawnSync(process.execPath, [start], {
      encoding: 'utf8',
      env: { ...process.env, PATH: noJava },
    });
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^dafaa: DynamoDB Local needs Java 17\+ and no java was found: install .*openjdk-17/,
      ),
    ]);
  });
});
