import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../../functions/notify.ts';
import { InMemoryDeferredStore, recordingQueue } from '../../support/fakes/in-memory-deferral.ts';
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
  it('reports only unreadable messages as batch item failures; a message that must wait goes to wait elsewhere', async () => {
    const notifier = fakeNotifier();
    const { queue, copies } = recordingQueue();
    const deferred = new InMemoryDeferredStore();
    const deferral = { queue, deferred };
    const handler = createNotifyHandler(() => ({ ...notifier.deps, deferral }));
    const atNight = fakeNotifier();
    atNight.clock.set(new Date('2026-12-13T23:30:00+03:00'));
    const nightHandler = createNotifyHandler(() => ({ ...atNight.deps, deferral }));
    const unavailableFirst = fakeNotifier({ sms: ['unavailable'] });
    const unavailableHandler = createNotifyHandler(() => ({
      ...unavailableFirst.deps,
      deferral,
    }));
    const throttledFirst = fakeNotifier({ sms: ['throttled'] });
    const throttledHandler = createNotifyHandler(() => ({ ...throttledFirst.deps, deferral }));

    const response = await handler(
      sqsEvent([
        JSON.stringify(deposited('H00000001')),
        'not json',
        JSON.stringify({ event: 'payment-deposited' }),
      ]),
      {} as Context,
    );
    const nightBody = JSON.stringify(deposited('H00000002'));
    const night = await nightHandler(sqsEvent([nightBody]), {} as Context);
    const unavailableBody = JSON.stringify(deposited('H00000004'));
    const retried = await unavailableHandler(sqsEvent([unavailableBody]), {} as Context);
    const throttledBody = JSON.stringify(deposited('H00000003'));
    const throttled = await throttledHandler(sqsEvent([throttledBody]), {} as Context);

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }],
    });
    expect(notifier.sms.sent).toHaveLength(1);
    // Quiet hours: the message leaves the queue and waits in the deferred store until 08:00 Riyadh.
    expect(night).toEqual({ batchItemFailures: [] });
    expect(await deferred.due(new Date('2026-12-14T05:00:00Z'), 10)).toEqual([
      {
        notificationId: deposited('H00000002').notificationId,
        body: nightBody,
        releaseAt: new Date('2026-12-14T05:00:00.000Z'),
      },
    ]);
    expect(await deferred.due(new Date('2026-12-14T04:59:59Z'), 10)).toEqual([]);
    // A retry, after a failing or a throttling provider: done with, and a fresh copy carries it.
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(throttled).toEqual({ batchItemFailures: [] });
    expect(copies).toEqual([
      { body: unavailableBody, notBefore: '2026-12-13T07:00:00.200Z' },
      { body: throttledBody, notBefore: '2026-12-13T07:00:00.200Z' },
    ]);
  });
});
