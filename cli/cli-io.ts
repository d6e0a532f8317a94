import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './cli-errors.ts';

/** Where a command writes and what time it is: the real terminal and clock, or a test's. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  now(): Date;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  now: () => new Date(),
};

/**
 * `util.parseArgs` in strict mode, with its errors turned into one-line `UsageError`s
 * ("unknown option '--frm'") that name the command's usage.
 */
export function parseCommandLine<T extends ParseArgsConfig['options']>(
  args: readonly string[],
  options: T,
  usage: string,
  /** How many words (not options) the command takes at most; a stray one is refused. */
  maxPositionals: number,
) {
  let parsed: ReturnType<
    typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${describeParseError(error)}; ${usage}`);
  }
  const stray = parsed.positionals[maxPositionals];
  if (stray !== undefined) throw new UsageError(`unexpected "${stray}"; ${usage}`);
  return parsed;
}

/**
 * Node's parse error in one line: its first sentence, and for a value that starts with a dash
 * (`--limit -1`, which Node calls ambiguous) how to write it.
 */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const ambiguous = /^option '(--[\w-]+)' argument is ambiguous/i.exec(message);
  const first = ambiguous
    ? `${ambiguous[1]} needs a value; one that starts with a dash is written ${ambiguous[1]}=-1`
    : (message.split(/\.\s|\n/)[0] ?? message);
  return `${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}
