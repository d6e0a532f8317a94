import { beforeAll, describe, expect, it } from 'vitest';
import {
  CALLS,
  everyFunction,
  type FunctionName,
  grantsOf,
  NOTIFY_CALLS,
} from './function-calls.ts';
import { type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * Each function's identity policy against the calls its code makes. The calls are read off the
 * adapters each function's composition root builds (the command each adapter method sends), not
 * off the grants: a grant missing for a call, or granted without a call, fails here.
 */

let stacks: SynthesizedStacks;
beforeAll(() => {
  stacks = synthesize();
});

const sorted = (grants: string[]) => [...new Set(grants)].sort();

describe("each function's permissions", () => {
  it.each(Object.entries(CALLS))('allows %s exactly what its code calls', (name, calls) => {
    const fn = stacks.stateless.functions[name as FunctionName];

    expect(sorted(grantsOf(stacks, fn))).toEqual(sorted([...calls, ...everyFunction]));
  });

  it('allows the notifier its claims, its sends and its queue, nothing more', () => {
    const grants = grantsOf(stacks, stacks.stateless.functions.notify);
    const email = grants.filter((grant) => grant.startsWith('ses:'));

    // SesEmailSender.send: SendEmail, from the sending identity with the configuration set.
    expect(email).toHaveLength(2);
    expect(email).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ses:SendEmail on .*:identity\/dafaa\.example\.sa"/),
        expect.stringMatching(/^ses:SendEmail on .*:configuration-set\/dafaa-beneficiary-mail"/),
      ]),
    );
    expect(sorted(grants.filter((grant) => !email.includes(grant)))).toEqual(
      sorted([...everyFunction, ...NOTIFY_CALLS]),
    );
  });
});
