import { spawnSync } from 'node:child_process';
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
