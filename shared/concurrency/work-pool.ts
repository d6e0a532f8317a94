/**
 * A pool that runs at most `limit` calls at a time across any number of batches, in the order they
 * were handed in, so a batch handed in while another is still running starts as soon as a slot
 * frees (no batch waits for the slowest call of the one before). After the first failure it starts
 * nothing more: every batch then rejects with that first error, once its calls in flight have
 * settled (none is abandoned).
 */
export interface WorkPool {
  /** Maps `items` through `work` in the pool, keeping the input order. */
  map<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]>;
}

export function createWorkPool(limit: number): WorkPool {
  const slots = Math.max(1, limit);
  let active = 0;
  const waiting: (() => void)[] = [];
  let failure: { error: unknown } | undefined;

  const acquire = (): Promise<void> | undefined => {
    if (active < slots) {
      active += 1;
      return undefined;
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A freed slot passes straight to the next waiting call, so no newcomer can slip in between.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };

  async function run<T, R>(item: T, work: (item: T) => Promise<R>): Promise<R> {
    await acquire();
    try {
      if (failure) throw failure.error;
      return await work(item);
    } catch (error) {
      failure ??= { error };
      throw failure.error;
    } finally {
      release();
    }
  }

  return {
    async map(items, work) {
      const settled = await Promise.allSettled(items.map((item) => run(item, work)));
      if (failure) throw failure.error;
      return settled.map((outcome) => (outcome as PromiseFulfilledResult<never>).value);
    },
  };
}
