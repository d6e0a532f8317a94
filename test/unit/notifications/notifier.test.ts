import { describe, expect, it } from 'vitest';
import { defaultProgramRules } from '../../../shared/config/program-rules.ts';
import { assessHousehold, notificationFor } from '../../../shared/cycles/assess-household.ts';
import { deliverNotification } from '../../../shared/notifications/deliver-notification.ts';
import type { Notification } from '../../../shared/notifications/notification.ts';
import { quietHoursEnd } from '../../../shared/notifications/quiet-hours.ts';
import { aDecemberContext } from '../../support/cycles.ts';
import { drainOnFakes, fakeNotifier } from '../../support/fakes/in-memory-notifier.ts';
import { aHouseholdRecord } from '../../support/households.ts';
import { aDepositedNotification } from '../../support/notifications.ts';

const deposited = (contact: Partial<Notification['contact']> = {}, householdId = 'H00000001') =>
  aDepositedNotification(householdId, contact);

/** The queue drained as SQS's event source feeds the notify handler (in the fake clock's time). */
const drain = (notifier: ReturnType<typeof fakeNotifier>) => drainOnFakes(notifier);

describe('the notifier', () => {
  it('sends a notification once per channel however often it is delivered, even all at once', async () => {
    const notifier = fakeNotifier();
    const notification = deposited();

    const results = await Promise.all(
      Array.from({ length: 5 }, () => deliverNotification(notifier.deps, notification)),
    );

    expect(notifier.sms.sent).toHaveLength(1);
    expect(notifier.email.sent).toHaveLength(1);
    expect(notifier.sms.sent[0]?.to).toBe('+966512345678');
    expect(results.filter((result) => result.outcomes.sms.kind === 'sent')).toHaveLength(1);
    expect(results.filter((result) => result.outcomes.sms.kind === 'already')).toHaveLength(4);
  });

  it('retries a throttled provider with backoff, and sends', async () => {
    const notifier = fakeNotifier({ sms: ['throttled', 'throttled'] });
    await notifier.queue.enqueue([deposited()]);

    const summary = await drain(notifier);

    expect(notifier.sms.calls).toBe(3);
    expect(notifier.sms.sent).toHaveLength(1);
    expect(summary.byChannel.sms).toEqual({ sent: 1 });
    expect(summary.stillQueued).toBe(0);
    const [record] = [...notifier.deliveries.records.values()].filter((r) => r.channel === 'sms');
    // The two throttled tries waited without spending an attempt.
    expect(record).toMatchObject({ status: 'sent', attempts: 1, throttles: 2, reason: null });
    expect(notifier.queue.messages).toHaveLength(0);
  });

  it('never dead-letters a message for throttling, however long the provider throttles', async () => {
    const notifier = fakeNotifier({
      email: Array.from({ length: 12 }, () => 'throttled' as const),
    });
    await notifier.queue.enqueue([deposited()]);

    const summary = await drain(notifier);

    // Twelve throttled tries, more than twice the retry limit (5), then sent: once.
    expect(notifier.email.calls).toBe(13);
    expect(notifier.email.sent).toHaveLength(1);
    expect(summary.byChannel.email).toEqual({ sent: 1 });
    const [record] = [...notifier.deliveries.records.values()].filter((r) => r.channel === 'email');
    expect(record).toMatchObject({ status: 'sent', attempts: 1, throttles: 12 });
  });

  it('never sends twice when recording a send fails: the delivery stays claimed, listed as stuck', async () => {
    const notifier = fakeNotifier();
    const settle = notifier.deliveries.settle.bind(notifier.deliveries);
    notifier.deliveries.settle = async (deliveryId, outcome) => {
      if (outcome.status === 'sent' && deliveryId.endsWith('#sms'))
        throw new Error('DynamoDB throttled the write');
      return settle(deliveryId, outcome);
    };
    const notification = deposited();

    await expect(deliverNotification(notifier.deps, notification)).rejects.toThrow(
      /throttled the write/,
    );
    const again = await deliverNotification(notifier.deps, notification);

    expect(notifier.sms.calls).toBe(1);
    expect(again.outcomes.sms).toEqual({ kind: 'already', status: 'claimed' });
  });

  it('records a permanent failure with its reason and never tries it again', async () => {
    const notifier = fakeNotifier({ sms: ['invalid-number'] });
    const notification = deposited();

    const first = await deliverNotification(notifier.deps, notification);
    const again = await deliverNotification(notifier.deps, notification);

    expect(first.outcomes.sms).toEqual({ kind: 'failed', reason: 'invalid-number' });
    expect(again.outcomes.sms).toEqual({ kind: 'already', status: 'failed' });
    expect(notifier.sms.calls).toBe(1);
    expect(first.outcomes.email.kind).toBe('sent');
  });

  it('dead-letters a message that keeps failing for a transient reason, after the retry limit', async () => {
    const notifier = fakeNotifier({ sms: Array(10).fill('unavailable') });
    await notifier.queue.enqueue([deposited()]);

    const summary = await drain(notifier);

    expect(notifier.sms.calls).toBe(5);
    expect(summary.byChannel.sms).toEqual({ 'dead-lettered:provider-unavailable': 1 });
  });

  it('holds SMS during quiet hours and sends them when they end, sending email at once', async () => {
    const notifier = fakeNotifier();
    notifier.clock.set(new Date('2026-12-13T23:30:00+03:00'));
    await notifier.queue.enqueue([deposited()]);

    const night = await drain(notifier);
    expect(night.byChannel).toEqual({ sms: {}, email: { sent: 1 } });
    expect(night.stillQueued).toBe(1);
    expect(night.nextDue?.toISOString()).toBe('2026-12-14T05:00:00.000Z'); // 08:00 in Riyadh
    expect(notifier.sms.sent).toHaveLength(0);

    notifier.clock.set(new Date('2026-12-14T08:00:00+03:00'));
    const morning = await drain(notifier);
    expect(morning.byChannel.sms).toEqual({ sent: 1 });
    expect(notifier.email.sent).toHaveLength(1);
    expect(notifier.queue.messages).toHaveLength(0);
  });

  it('skips a channel the beneficiary opted out of, or has no usable contact for, and says why', async () => {
    const notifier = fakeNotifier();
    await notifier.queue.enqueue([
      deposited({ smsOptOut: true }, 'H00000001'),
      deposited({ mobile: '0123', email: null }, 'H00000002'),
    ]);

    const summary = await drain(notifier);

    expect(summary.byChannel.sms).toEqual({ 'skipped:opted-out': 1, 'skipped:invalid-mobile': 1 });
    expect(summary.byChannel.email).toEqual({ sent: 1, 'skipped:no-email': 1 });
  });

  it('skips exactly the channel the register ruled out, with its reason, and sends the other', async () => {
    const notifier = fakeNotifier();
    const badEmail = deposited(
      { email: null, problems: [{ channel: 'email', reason: 'invalid-email' }] },
      'H00000001',
    );
    const badMobile = deposited(
      { mobile: null, problems: [{ channel: 'sms', reason: 'invalid-mobile' }] },
      'H00000002',
    );

    const [email, mobile] = [
      await deliverNotification(notifier.deps, badEmail),
      await deliverNotification(notifier.deps, badMobile),
    ];

    expect(email.outcomes).toEqual({
      sms: { kind: 'sent', providerMessageId: 'provider-1' },
      email: { kind: 'skipped', reason: 'invalid-email' },
    });
    expect(mobile.outcomes).toEqual({
      sms: { kind: 'skipped', reason: 'invalid-mobile' },
      email: { kind: 'sent', providerMessageId: 'provider-1' },
    });
    expect(notifier.sms.sent.map((message) => message.to)).toEqual(['+966512345678']);
    expect(notifier.email.sent.map((message) => message.to)).toEqual(['beneficiary@example.sa']);
    expect(await notifier.deliveries.get(`${badEmail.notificationId}#email`)).toMatchObject({
      status: 'skipped',
      reason: 'invalid-email',
    });
    expect(await notifier.deliveries.get(`${badMobile.notificationId}#sms`)).toMatchObject({
      status: 'skipped',
      reason: 'invalid-mobile',
    });
  });

  it('checks the number of a message queued before contact problems were carried', async () => {
    const notifier = fakeNotifier();
    const { problems: _problems, ...oldContact } = deposited({
      mobile: '+971 50 123 4567',
    }).contact;
    const old = { ...deposited(), contact: oldContact };
    notifier.queue.messages.push({ body: JSON.stringify(old), visibleAt: 0, failed: false });

    const summary = await drain(notifier);

    expect(summary.unreadable).toBe(0);
    expect(summary.byChannel).toEqual({
      sms: { 'skipped:invalid-mobile': 1 },
      email: { sent: 1 },
    });
  });

  it("delivers the cycle's message to a household with a bad contact detail on the other channel", async () => {
    const context = aDecemberContext(0);
    const messageOf = (contact: Record<string, unknown>) => {
      const raw = aHouseholdRecord({ contact });
      const { record, household } = assessHousehold(context, raw.householdId, raw);
      if (!household) throw new Error('the household was set aside');
      return notificationFor(household, record, defaultProgramRules);
    };
    const notifier = fakeNotifier();
    await notifier.queue.enqueue([
      messageOf({ email: 'x@y..com' }),
      messageOf({ email: 'x'.repeat(300_000) }),
      messageOf({ email: 42 }),
      messageOf({ mobile: '5'.repeat(300_000) }),
      messageOf({ mobile: 'call my brother' }),
    ]);

    const summary = await drain(notifier);

    expect(summary.byChannel).toEqual({
      sms: { sent: 3, 'skipped:invalid-mobile': 2 },
      email: { sent: 2, 'skipped:invalid-email': 3 },
    });
  });

  it('leaves a queued message it cannot read with the queue, and carries on', async () => {
    const notifier = fakeNotifier();
    await notifier.queue.enqueue([deposited()]);
    const broken = JSON.stringify({ event: 'payment-deposited' });
    notifier.queue.messages.push({ body: broken, visibleAt: 0, failed: false });

    const summary = await drain(notifier);

    expect(summary.unreadable).toBe(1);
    expect(summary.messages).toBe(1);
    expect(notifier.queue.messages).toEqual([{ body: broken, visibleAt: 0, failed: true }]);
  });

  it('keeps to the channel send rate', async () => {
    const notifier = fakeNotifier({
      settings: { sms: { senderId: 'Test', ratePerSecond: 10, quietHours: null } },
    });
    await notifier.queue.enqueue(
      Array.from({ length: 20 }, (_, index) => deposited({}, `H${String(index).padStart(8, '0')}`)),
    );
    const started = notifier.clock.now().getTime();

    await drain(notifier);

    expect(notifier.sms.sent).toHaveLength(20);
    expect(notifier.clock.now().getTime() - started).toBeGreaterThanOrEqual(1_900);
  });
});

describe('quietHoursEnd', () => {
  const hours = { start: '22:00', end: '08:00' };
  it('finds the end of the night in Riyadh, whatever the host time zone', () => {
    expect(quietHoursEnd(new Date('2026-12-13T21:59:00+03:00'), hours)).toBeNull();
    expect(quietHoursEnd(new Date('2026-12-13T22:00:00+03:00'), hours)?.toISOString()).toBe(
      '2026-12-14T05:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-12-14T07:59:00+03:00'), hours)?.toISOString()).toBe(
      '2026-12-14T05:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-12-14T08:00:00+03:00'), hours)).toBeNull();
    expect(
      quietHoursEnd(new Date('2026-12-14T14:00:00+03:00'), {
        start: '13:00',
        end: '15:00',
      })?.toISOString(),
    ).toBe('2026-12-14T12:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-12-14T02:00:00+03:00'), null)).toBeNull();
  });
});
