import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/cli-errors.ts';
import { parseCommandLine } from '../../../cli/cli-io.ts';

const USAGE = 'usage: dafaa thing WORD [--limit N]';
const options = { limit: { type: 'string' } } as const;
const parse = (args: string[]) => parseCommandLine(args, options, USAGE, 1);

/** Every bad command line gets one line, naming what is wrong and the usage. */
describe('parseCommandLine', () => {
  it('refuses a word past those the command takes, naming it', () => {
    expect(() => parse(['list', 'extra'])).toThrow(new UsageError(`unexpected "extra"; ${USAGE}`));
    expect(parse(['list']).positionals).toEqual(['list']);
  });

  it('answers a value that looks like an option in one line that says how to write it', () => {
    const refusal = () => parse(['list', '--limit', '-1']);

    expect(refusal).toThrow(
      new UsageError(
        `--limit needs a value; one that starts with a dash is written --limit=-1; ${USAGE}`,
      ),
    );
    expect(parse(['list', '--limit=-1']).values.limit).toBe('-1');
  });

  it('keeps an unknown option to the first sentence of the message, on one line', () => {
    let message = '';
    try {
      parse(['--limt', '5']);
    } catch (error) {
      message = error instanceof Error ? error.message : '';
    }
    expect(message).toBe(`unknown option '--limt'; ${USAGE}`);
    expect(message).not.toContain('\n');
  });
});
