import { beforeAll, describe, expect, it } from 'vitest';
import { logicalIdOf, type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * What the tables keep: the deliveries (the notifier's claims) expire by DynamoDB's time to live,
 * on the attribute the delivery repository writes; the program's records are kept.
 */

let stacks: SynthesizedStacks;
beforeAll(() => {
  stacks = synthesize();
});

/** Each table's time to live, by table name. */
function timeToLive() {
  const resources = stacks.statefulTemplate.toJSON().Resources;
  return Object.fromEntries(
    Object.entries(stacks.stateful.tables).map(([name, table]) => [
      name,
      resources[logicalIdOf(table)].Properties.TimeToLiveSpecification ?? null,
    ]),
  );
}

describe('the tables', () => {
  it('let DynamoDB delete a delivery once its expiresAt has passed', () => {
    expect(timeToLive().deliveries).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });

  it('keep the program’s records: households, payments, cycles, objections, suppressions and the audit log', () => {
    const { deliveries: _expiring, ...kept } = timeToLive();

    expect(kept).toEqual({
      households: null,
      payments: null,
      cycles: null,
      objections: null,
      // Who suppressed an address, and who lifted it and why, stay with the household.
      suppressions: null,
      // Released, never expired: a deferred message is on its way to a beneficiary.
      deferred: null,
      audit: null,
    });
  });
});
