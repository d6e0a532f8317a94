import { beforeAll, describe, expect, it } from 'vitest';
import { DeploymentContextError } from '../../infra/build-app.ts';
import { logicalIdOf, type SynthesizedStacks, synthesize } from './synthesized.ts';

/**
 * The payments table and its byCycle index take a national cycle's writes from its first second:
 * warm throughput, set from context, by default enough for three million households in ten
 * minutes.
 */

/** The payments table's warm throughput, and its byCycle index's. */
function warmThroughputOf(stacks: SynthesizedStacks) {
  const payments = stacks.statefulTemplate.toJSON().Resources[
    logicalIdOf(stacks.stateful.tables.payments)
  ].Properties as {
    WarmThroughput?: unknown;
    GlobalSecondaryIndexes: { IndexName: string; WarmThroughput?: unknown }[];
  };
  const byCycle = payments.GlobalSecondaryIndexes.find((index) => index.IndexName === 'byCycle');
  return { table: payments.WarmThroughput, byCycle: byCycle?.WarmThroughput };
}

let stacks: SynthesizedStacks;
beforeAll(() => {
  stacks = synthesize();
});

describe('the payments table', () => {
  it('is warm for three million households paid in ten minutes, and so is its byCycle index', () => {
    const { table, byCycle } = warmThroughputOf(stacks);
    // 3,000,000 records in 600 s, each under 2 KB: 2 write request units a put, on the table and
    // again on the index, which projects every attribute.
    const needed = (3_000_000 / 600) * 2;

    for (const warm of [table, byCycle]) {
      expect(warm).toEqual({
        WriteUnitsPerSecond: expect.any(Number),
        ReadUnitsPerSecond: expect.any(Number),
      });
      const { WriteUnitsPerSecond } = warm as { WriteUnitsPerSecond: number };
      expect(WriteUnitsPerSecond).toBeGreaterThanOrEqual(needed);
      // Inside the per-table on-demand quota that every account has without asking.
      expect(WriteUnitsPerSecond).toBeLessThanOrEqual(40_000);
    }
  });

  it('takes its warm throughput from context', () => {
    const larger = synthesize({
      paymentsWarmWritesPerSecond: '20000',
      paymentsWarmReadsPerSecond: '15000',
    });

    const warm = { WriteUnitsPerSecond: 20_000, ReadUnitsPerSecond: 15_000 };
    expect(warmThroughputOf(larger)).toEqual({ table: warm, byCycle: warm });
  });

  it('refuses a warm throughput that is not a positive whole number, naming the key', () => {
    expect(() => synthesize({ paymentsWarmWritesPerSecond: 'lots' })).toThrow(
      DeploymentContextError,
    );
    expect(() => synthesize({ paymentsWarmReadsPerSecond: '0' })).toThrow(
      /paymentsWarmReadsPerSecond/,
    );
  });

  it('leaves the other tables to grow on demand', () => {
    const warmTables = Object.entries(stacks.statefulTemplate.findResources('AWS::DynamoDB::Table'))
      .filter(([, table]) => table.Properties.WarmThroughput !== undefined)
      .map(([logicalId]) => logicalId);

    expect(warmTables).toEqual([logicalIdOf(stacks.stateful.tables.payments)]);
  });
});
