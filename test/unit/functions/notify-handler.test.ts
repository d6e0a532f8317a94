import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../../functions/notify.ts';
import { fakeNotifier } from '../../support/fakes/in-memory-notifier.ts';
import { aDepositedNotification } from '../../support/notifications.ts';

const deposited = (householdId: string) => aDepositedNotification(householdId, { email: null });

const sqsEvent = (bodies: string[]): SQSEvent =>
  ({
    Records: bodies.map((body, index) => ({
      messageId: `m${index}`,
      receiptHandle: `r${index}`,
      body,
    })),
  }) as SQSEvent;

describe('the notify Lambda handler', () => {
  it('reports as batch item failures exactly the messages SQS must keep, and holds them back', async () => {
    const notifier = fakeNotifier();
    const held: { receiptHandle: string; notBefore: string }[] = [];
    const copies: { body: string; notBefore: string }[] = [];
    const visibility = {
      holdUntil: async (receiptHandle: string, notBefore: Date) => {
        held.push({ receiptHandle, notBefore: notBefore.toISOString() });
      },
      sendAgainAfter: async (body: string, notBefore: Date) => {
        copies.push({ body, notBefore: notBefore.toISOString() });
      },
    };
    const handler = createNotifyHandler(() => ({ ...notifier.deps, visibility }));
    const atNight = fakeNotifier();
    atNight.clock.set(new Date('2026-12-13T23:30:00+03:00'));
    const nightHandler = createNotifyHandler(() => ({ ...atNight.deps, visibility }));
    const unavailableFirst = fakeNotifier({ sms: ['unavailable'] });
    const unavailableHandler = createNotifyHandler(() => ({
      ...unavailableFirst.deps,
      visibility,
    }));
    const throttledFirst = fakeNotifier({ sms: ['throttled'] });
    const throttledHandler = createNotifyHandler(() => ({ ...throttledFirst.deps, visibility }));

    const response = await handler(
      sqsEvent([
        JSON.stringify(deposited('H00000001')),
        'not json',
        JSON.stringify({ event: 'payment-deposited' }),
      ]),
      {} as Context,
    );
    const night = await nightHandler(
      sqsEvent([JSON.stringify(deposited('H00000002'))]),
      {} as Context,
    );
    const unavailableBody = JSON.stringify(deposited('H00000004'));
    const retried = await unavailableHandler(sqsEvent([unavailableBody]), {} as Context);
    const throttledBody = JSON.stringify(deposited('H00000003'));
    const throttled = await throttledHandler(sqsEvent([throttledBody]), {} as Context);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
    expect(notifier.sms.sent).toHaveLength(1);
    // Quiet hours: SQS keeps the message, held back until 08:00 Riyadh.
    expect(night).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }] });
    expect(held).toEqual([{ receiptHandle: 'r0', notBefore: '2026-12-14T05:00:00.000Z' }]);
    // A retry, after a failing or a throttling provider: done with, and a fresh copy carries it.
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(throttled).toEqual({ batchItemFailures: [] });
    expect(copies).toEqual([
      { body: unavailableBody, notBefore: '2026-12-13T07:00:00.200Z' },
      { body: throttledBody, notBefore: '2026-12-13T07:00:00.200Z' },
    ]);
  });
});
