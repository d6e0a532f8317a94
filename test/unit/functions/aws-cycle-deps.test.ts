import { describe, expect, it } from 'vitest';
import {
  finalizeDepsFromEnvironment,
  planDepsFromEnvironment,
  segmentDepsFromEnvironment,
} from '../../../functions/aws-cycle-deps.ts';
import { ConfigurationError } from '../../../shared/config/env.ts';

/** The variables the stack binds to each cycle function, and nothing more. */
const SEGMENT_ENV = {
  HOUSEHOLDS_TABLE: 'households',
  PAYMENTS_TABLE: 'payments',
  CYCLES_TABLE: 'cycles',
  NOTIFY_QUEUE_URL: 'https://sqs.me-central-1.amazonaws.com/123456789012/notify',
};

describe('the cycle functions in AWS', () => {
  it('builds each function from the variables bound to it only', () => {
    expect(Object.keys(segmentDepsFromEnvironment(SEGMENT_ENV)).sort()).toEqual(
      [
        'clock',
        'cycles',
        'households',
        'notifications',
        'payments',
        'policies',
        'rules',
        'tuning',
      ].sort(),
    );
    expect(
      Object.keys(
        planDepsFromEnvironment({ HOUSEHOLDS_TABLE: 'households', CYCLES_TABLE: 'cycles' }),
      ),
    ).toEqual(expect.arrayContaining(['households', 'cycles', 'calendar', 'calendarOverrides']));
    expect(finalizeDepsFromEnvironment({ CYCLES_TABLE: 'cycles' })).toHaveProperty('cycles');
  });

  it('fails fast, naming the variable, when one is missing', () => {
    const { PAYMENTS_TABLE: _payments, ...withoutPayments } = SEGMENT_ENV;

    expect(() => segmentDepsFromEnvironment(withoutPayments)).toThrow(ConfigurationError);
    expect(() => segmentDepsFromEnvironment(withoutPayments)).toThrow(/PAYMENTS_TABLE/);
    expect(() => planDepsFromEnvironment({ HOUSEHOLDS_TABLE: 'households' })).toThrow(
      /CYCLES_TABLE/,
    );
    expect(() => finalizeDepsFromEnvironment({})).toThrow(ConfigurationError);
  });
});
