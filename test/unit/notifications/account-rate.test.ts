import { describe, expect, it } from 'vitest';
import { ratePerContainer } from '../../../shared/config/notification-settings.ts';
import { createRateLimiter } from '../../../shared/notifications/rate-limiter.ts';

/**
 * Notifier containers each keep their own rate limiter; the deployment gives each the account's
 * quota shared by the most containers the event source runs (infra/stateless-stack.ts). Here
 * containers send as fast as their limiters let them, and every one-second window is counted.
 */

/** When each send of `containers` limiters, each asked `sends` times at once, may go (ms). */
function sendTimes(containers: number, ratePerSecond: number, sends: number): number[] {
  const times: number[] = [];
  const clock = { now: () => new Date(0) };
  for (let container = 0; container < containers; container += 1) {
    const limiter = createRateLimiter(ratePerSecond, clock, async (wait) => {
      times.push(wait);
    });
    for (let send = 0; send < sends; send += 1) {
      // acquire() reserves its slot and asks to sleep until it before its first await.
      const before = times.length;
      void limiter.acquire();
      if (times.length === before) times.push(0);
    }
  }
  return times.sort((a, b) => a - b);
}

/** The most sends in any one-second window. */
function busiestSecond(times: readonly number[]): number {
  let most = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= 1000) start += 1;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

describe('the account send rate', () => {
  it('holds across the most containers the event source runs', () => {
    const quota = 20;
    const rate = ratePerContainer(quota, 2);

    expect(busiestSecond(sendTimes(2, rate, 200))).toBeLessThanOrEqual(quota);
    // One container more than planned for would pass the quota: the share is what holds it.
    expect(busiestSecond(sendTimes(3, rate, 200))).toBeGreaterThan(quota);
  });

  it('refuses a rate that cannot be shared', () => {
    expect(() => ratePerContainer(0, 2)).toThrow(RangeError);
    expect(() => ratePerContainer(20, 0)).toThrow(RangeError);
    expect(ratePerContainer(14, 5)).toBeCloseTo(2.8, 9);
  });
});
