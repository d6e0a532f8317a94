import { type MockInstance, vi } from 'vitest';

/**
 * What the handlers write, as CloudWatch Logs would receive it: every line on stdout and stderr
 * (Powertools' logger and metrics write there, not through `console`), parsed. A line that is not
 * JSON is kept as text, so that a test can say so.
 */

export type JsonLine = Record<string, unknown>;

export interface CapturedOutput {
  /** Every line, in order, as written. */
  readonly lines: () => string[];
  /** The log lines (JSON, not EMF), parsed. */
  readonly logs: () => JsonLine[];
  /** The EMF documents (a line with `_aws`), parsed. */
  readonly metrics: () => JsonLine[];
  readonly restore: () => void;
}

export function captureOutput(): CapturedOutput {
  const written: string[] = [];
  const spies: MockInstance[] = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return true;
    }),
  );
  const lines = () =>
    written
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
  const parsed = () =>
    lines().flatMap((line) => {
      try {
        return [JSON.parse(line) as JsonLine];
      } catch {
        return [];
      }
    });
  return {
    lines,
    logs: () => parsed().filter((line) => !('_aws' in line)),
    metrics: () => parsed().filter((line) => '_aws' in line),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
