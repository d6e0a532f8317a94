import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cdkJsonContext } from './synthesized.ts';

/**
 * cdk.json carries the feature flags `cdk init` writes for the aws-cdk-lib in the lockfile (its
 * recommended-feature-flags.json), so the app is built with the behaviour a new CDK app gets.
 */

const recommended = JSON.parse(
  readFileSync(
    new URL('../../node_modules/aws-cdk-lib/recommended-feature-flags.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>;

/** Flags set otherwise on purpose, and why. */
const CHOSEN: Record<string, unknown> = {
  // Strong references (Fn::ImportValue): CloudFormation refuses to remove or replace a table, the
  // data key or a queue of the stateful stack while the stateless stack still uses it. Weak ones
  // would let the data stack drop what the functions read.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

describe('cdk.json', () => {
  it('sets every feature flag cdk init recommends for this aws-cdk-lib', () => {
    const context = cdkJsonContext();

    expect(Object.keys(recommended).length).toBeGreaterThan(50);
    for (const [flag, value] of Object.entries(recommended)) {
      expect({ flag, value: context[flag] }).toEqual({ flag, value: CHOSEN[flag] ?? value });
    }
  });
});
