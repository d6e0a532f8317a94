/**
 * Spaces sends evenly at `ratePerSecond`: each caller reserves the next free slot and waits for it.
 * One limiter per channel holds the notifier inside the provider's quota.
 */
export interface RateLimiter {
  acquire(): Promise<void>;
}

export function createRateLimiter(
  ratePerSecond: number,
  clock: { now(): Date },
  sleep: (milliseconds: number) => Promise<void>,
): RateLimiter {
  const interval = 1000 / ratePerSecond;
  let nextFree = 0;
  return {
    async acquire() {
      const now = clock.now().getTime();
      const slot = Math.max(now, nextFree);
      nextFree = slot + interval;
      if (slot > now) await sleep(slot - now);
    },
  };
}
