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
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split('. ')[0] ?? error.message) : String(error);
    throw new UsageError(`${message.charAt(0).toLowerCase()}${message.slice(1)}; ${usage}`);
  }
}
