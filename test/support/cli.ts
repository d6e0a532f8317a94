import type { CliIo } from '../../cli/cli-io.ts';
import { runCli } from '../../cli/main.ts';

/** Runs the dafaa CLI in process, capturing what it prints and its exit code. */
export async function runDafaa(args: readonly string[], now = new Date()) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    now: () => now,
  };
  const exitCode = await runCli(args, io);
  return { exitCode, out: out.join('\n'), err: err.join('\n') };
}
