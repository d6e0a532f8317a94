import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../cli/local-stack/process-alive.ts';

/**
 * No Java or fauxqs process survives a run: the local stack's watchdog ends DynamoDB Local, and the
 * SQS API's child process ends itself, when the process that started them goes away, however it goes.
 */

const fixture = new URL('./fixtures/hold-local-stack.ts', import.meta.url).pathname;

async function goneWithin(pid: number, milliseconds: number): Promise<boolean> {
  const deadline = Date.now() + milliseconds;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isProcessAlive(pid);
}

async function holdStack(mode: 'wait' | 'crash') {
  const child = spawn(process.execPath, [fixture, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8');
  const [line] = (await once(child.stdout, 'data')) as [string];
  const { javaPid, sqsPid } = JSON.parse(line) as { javaPid: number; sqsPid: number };
  expect(isProcessAlive(javaPid)).toBe(true);
  expect(isProcessAlive(sqsPid)).toBe(true);
  return { child, javaPid, sqsPid };
}

describe('DynamoDB Local and the SQS API', () => {
  it.each(['SIGINT', 'SIGKILL'] as const)(
    'ends with its parent when the parent gets %s',
    async (signal) => {
      const { child, javaPid, sqsPid } = await holdStack('wait');
      child.kill(signal);
      await once(child, 'exit');
      expect(await goneWithin(javaPid, 5_000)).toBe(true);
      expect(await goneWithin(sqsPid, 5_000)).toBe(true);
    },
  );

  it('ends with its parent when the parent crashes', async () => {
    const { child, javaPid, sqsPid } = await holdStack('crash');
    const [exitCode] = (await once(child, 'exit')) as [number];
    expect(exitCode).not.toBe(0);
    expect(await goneWithin(javaPid, 5_000)).toBe(true);
    expect(await goneWithin(sqsPid, 5_000)).toBe(true);
  });
});
