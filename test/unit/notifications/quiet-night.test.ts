import { describe, expect, it } from 'vitest';
import { type NightOptions, simulateNight } from '../../../cli/bench/notify-night-simulation.ts';
import { syntheticNotification } from '../../../cli/bench/synthetic-notifications.ts';

/**
 * A quiet-hours night with more SMS to defer than the queue holds in flight (a simulated cap of
 * 200; SQS's is about 120,000), through the real notifier in virtual time. The design this one
 * replaced, SMS parked in flight until 08:00, runs on the same night: the same assertions fail on it.
 */

const QUEUED_AT = new Date('2026-12-09T21:05:00Z');
const EIGHT_RIYADH = new Date('2026-12-10T05:00:00Z');
const night = (mode: NightOptions['mode']) =>
  simulateNight({
    notifications: 1_000,
    bodyOf: (index) => JSON.stringify(syntheticNotification(index)),
    queuedAt: QUEUED_AT,
    sqs: { inFlightCap: 200, visibilityTimeoutMs: 360_000, maxReceiveCount: 8 },
    containers: 2,
    batchSize: 10,
    batchOverheadMs: 50,
    accountRates: { sms: 20, email: 50 },
    mode,
    horizonMs: 48 * 3_600_000,
  });

describe('a quiet-hours night with more deferred SMS than the in-flight cap', () => {
  it('never stalls the queue: emails go at once, each SMS once from 08:00, within the account rates', async () => {
    const figures = await night('defer');

    expect(figures.receivesRefusedAtCap).toBe(0);
    expect(figures.peakInFlight).toBeLessThanOrEqual(2 * 10);
    expect(figures.sent).toEqual({ sms: 1_000, email: 700 });
    expect(figures.sentTwice).toBe(0);
    expect(figures.deadLettered).toBe(0);
    expect(figures.leftOver).toBe(0);
    // 700 emails at 50 a second: 14 seconds of sending, with a little for the batches.
    expect(figures.lastSent.email?.getTime()).toBeLessThan(QUEUED_AT.getTime() + 20_000);
    expect(figures.firstSent.sms?.getTime()).toBeGreaterThanOrEqual(EIGHT_RIYADH.getTime());
    // 1,000 SMS at 20 a second: 50 seconds from 08:00.
    expect(figures.lastSent.sms?.getTime()).toBeLessThan(EIGHT_RIYADH.getTime() + 60_000);
    expect(figures.peakPerSecond).toEqual({ sms: 20, email: 50 });
  });

  it('(the design it replaced, SMS parked in flight until 08:00, stalls the emails at the cap)', async () => {
    const figures = await night('park');

    expect(figures.receivesRefusedAtCap).toBeGreaterThan(0);
    expect(figures.peakInFlight).toBe(200);
    expect(figures.lastSent.email?.getTime()).toBeGreaterThan(EIGHT_RIYADH.getTime());
  });
});
