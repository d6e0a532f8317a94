import { describe, expect, it } from 'vitest';
import { createWorkPool } from '../../../shared/concurrency/work-pool.ts';

/** A call that finishes when the test says so. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

class Broken extends Error {}

describe('createWorkPool', () => {
  it('keeps at most the limit in flight across batches and returns each batch in order', async () => {
    // Arrange
    const pool = createWorkPool(3);
    let inFlight = 0;
    let most = 0;
    const work = async (value: number) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick();
      inFlight -= 1;
      return value * 10;
    };

    // Act
    const [first, second] = await Promise.all([
      pool.map([1, 2, 3, 4, 5], work),
      pool.map([6, 7, 8], work),
    ]);

    // Assert
    expect(first).toEqual([10, 20, 30, 40, 50]);
    expect(second).toEqual([60, 70, 80]);
    expect(most).toBe(3);
  });

  it('starts the next batch in a slot the first frees, before the first batch is done', async () => {
    // Arrange
    const pool = createWorkPool(2);
    const slow = gate();
    const started: string[] = [];
    const first = pool.map(['slow', 'quick'], async (name) => {
      started.push(name);
      if (name === 'slow') await slow.opened;
    });

    // Act
    const second = pool.map(['next'], async (name) => {
      started.push(name);
    });
    await second;

    // Assert
    expect(started).toEqual(['slow', 'quick', 'next']);
    slow.open();
    await first;
  });

  it('starts nothing after a failure and rejects every batch with the first error once its calls settle', async () => {
    // Arrange
    const pool = createWorkPool(2);
    const slow = gate();
    const started: number[] = [];
    let settled = false;

    // Act
    const first = pool.map([1, 2, 3, 4], async (value) => {
      started.push(value);
      if (value === 1) {
        await slow.opened;
        settled = true;
      }
      if (value === 2) throw new Broken('broken');
    });
    const second = pool.map([5], async (value) => {
      started.push(value);
    });
    const outcomes = [
      expect(first).rejects.toThrow(Broken),
      expect(second).rejects.toThrow(Broken),
    ];
    await tick();
    slow.open();

    // Assert
    await Promise.all(outcomes);
    expect(settled).toBe(true);
    expect(started).toEqual([1, 2]);
  });
});
