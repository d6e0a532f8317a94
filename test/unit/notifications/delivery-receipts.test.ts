import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SesTemplate } from '../../../cli/local-stack/receipt-events.ts';
import { deliverNotification } from '../../../shared/notifications/deliver-notification.ts';
import {
  deliveryIdOfTag,
  outcomeAfter,
  sesTagValueOf,
} from '../../../shared/notifications/receipt.ts';
import { recordReceipts } from '../../../shared/notifications/record-receipts.ts';
import { sweepDeliveries } from '../../../shared/notifications/sweep-deliveries.ts';
import { aSentMessage, sesMessage } from '../../support/receipts.ts';

const HOUR = 60 * 60 * 1000;

describe('recording receipts', () => {
  // A Reject or a Rendering Failure has no time of its own: SES's time for it is the mail's.
  it.each([
    ['delivery', 'delivered', null, 'event'],
    ['bounce-permanent', 'permanent-failure', 'bounce-permanent-general', 'event'],
    ['bounce-transient', 'temporary-failure', 'bounce-transient-mailbox-full', 'event'],
    ['bounce-undetermined', 'temporary-failure', 'bounce-undetermined-undetermined', 'event'],
    ['complaint', 'delivered', 'complaint-abuse', 'event'],
    ['reject', 'technical-failure', 'ses-reject-bad-content', 'mail'],
    ['rendering-failure', 'technical-failure', 'rendering-failure', 'mail'],
  ] as const)(
    'moves a sent email to %s -> %s when SES says so',
    async (template, status, reason, time) => {
      const sent = await aSentMessage();
      const event = sent.sesEvent(template, { at: '2026-12-13T07:05:00.000Z' });

      const tally = await recordReceipts(sent.recordDeps, [event]);

      expect(tally.recorded).toEqual({ [status]: 1 });
      expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toMatchObject({
        status,
        reason,
        receiptAt: time === 'event' ? '2026-12-13T07:05:00.000Z' : sent.email.sentAt,
      });
      expect(await sent.notifier.deliveries.get(sent.sms.deliveryId)).toEqual(sent.sms);
    },
  );

  it.each([
    ['success', 'delivered', null],
    ['failure-unknown-error', 'temporary-failure', 'unknown-error-reaching-phone'],
    ['failure-carrier-blocked', 'technical-failure', 'carrier-blocked'],
  ] as const)(
    'moves a sent SMS to %s -> %s when its SNS status log says so',
    async (template, status, reason) => {
      const sent = await aSentMessage();

      const tally = await recordReceipts(sent.recordDeps, [
        sent.smsLog(template, '2026-12-13T07:00:05.123Z'),
      ]);

      expect(tally.recorded).toEqual({ [status]: 1 });
      expect(await sent.notifier.deliveries.get(sent.sms.deliveryId)).toMatchObject({
        status,
        reason,
        receiptAt: '2026-12-13T07:00:05.123Z',
      });
      // The fakes give the SMS and the email the same provider id: the channel tells them apart.
      expect(sent.sms.providerMessageId).toBe(sent.email.providerMessageId);
      expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toEqual(sent.email);
    },
  );

  it('notes a delivery delay on the sent email and keeps it waiting for its receipt', async () => {
    const sent = await aSentMessage();

    await recordReceipts(sent.recordDeps, [sent.sesEvent('delivery-delay')]);

    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toMatchObject({
      status: 'sent',
      reason: 'delivery-delay-transient-communication-failure',
      receiptAt: null,
    });
  });

  it('counts an SES Send as saying nothing of the outcome', async () => {
    const sent = await aSentMessage();

    const tally = await recordReceipts(sent.recordDeps, [sent.sesEvent('send')]);

    expect(tally).toMatchObject({ received: 1, ignored: 1, recorded: {} });
    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toEqual(sent.email);
  });

  it('finds the email by its SES message id when the event carries no delivery tag', async () => {
    const sent = await aSentMessage();

    await recordReceipts(sent.recordDeps, [sent.sesEvent('delivery', { tagged: false })]);

    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toMatchObject({
      status: 'delivered',
    });
  });

  it('counts a receipt for no delivery of ours as unmatched, and changes nothing', async () => {
    const sent = await aSentMessage();
    const stranger = sent
      .sesEvent('bounce-permanent', { tagged: false })
      .body.replaceAll(sent.email.providerMessageId ?? '', 'someone-elses-message');
    const strangerSms = sent.smsLog('success');
    const before = structuredClone([...sent.notifier.deliveries.records.values()]);

    const tally = await recordReceipts(sent.recordDeps, [
      sesMessage(stranger),
      { ...strangerSms, body: strangerSms.body.replace(sent.sms.providerMessageId ?? '', 'x-1') },
    ]);

    expect(tally).toMatchObject({ unmatched: 2, recorded: {}, suppressed: 0 });
    expect([...sent.notifier.deliveries.records.values()]).toEqual(before);
    expect(sent.notifier.suppressions.items.size).toBe(0);
  });

  it('sets aside what it cannot read, with why and without the event, and records the rest', async () => {
    const sent = await aSentMessage();
    const noMail = JSON.stringify({ eventType: 'Bounce', bounce: {} });
    const notification = JSON.stringify({ notificationType: 'Bounce', mail: {} });

    const tally = await recordReceipts(sent.recordDeps, [
      sesMessage(
        '{"eventType": "Delivery", "mail": {"destination": ["beneficiary@example.sa"',
        'sns:a',
      ),
      sesMessage(noMail, 'sns:b'),
      sesMessage(notification, 'sns:c'),
      { source: 'sms-status-log', ref: 'log:d', body: '{"status":"MAYBE"}' },
      sent.sesEvent('delivery'),
    ]);

    expect(tally.recorded).toEqual({ delivered: 1 });
    expect(tally.setAside.map((item) => item.ref)).toEqual(['sns:a', 'sns:b', 'sns:c', 'log:d']);
    expect(tally.setAside[0]?.reason).toBe('SES event: not JSON');
    expect(tally.setAside[1]?.reason).toMatch(/^SES event: mail: invalid_type/);
    for (const item of tally.setAside) expect(item.reason).not.toMatch(/@|beneficiary/);
  });

  it('sets aside an event whose delivery tag and message id name different deliveries', async () => {
    const sent = await aSentMessage();
    const forged = sent
      .sesEvent('delivery')
      .body.replaceAll(sent.email.providerMessageId ?? '', 'another-message');

    const tally = await recordReceipts(sent.recordDeps, [sesMessage(forged)]);

    expect(tally.setAside).toEqual([
      { ref: 'sns:1', reason: 'its delivery tag and message id name different deliveries' },
    ]);
    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toEqual(sent.email);
  });

  it('counts a receipt that comes before the send is recorded as early, for the source to deliver again', async () => {
    const sent = await aSentMessage();
    const claim = await sent.notifier.deliveries.claim({
      deliveryId: 'late#email',
      notificationId: 'late',
      channel: 'email',
      event: 'payment-deposited',
      householdId: 'H00000001',
      cycle: '2026-12',
      updatedAt: '2026-12-13T07:00:00.000Z',
    });
    const early = sent
      .sesEvent('delivery')
      .body.replace(sesTagValueOf(sent.email.deliveryId), sesTagValueOf('late#email'))
      .replaceAll(sent.email.providerMessageId ?? '', 'ses-late');

    const tally = await recordReceipts(sent.recordDeps, [sesMessage(early)]);

    expect(claim.claimed).toBe(true);
    expect(tally).toMatchObject({ early: 1, recorded: {} });
    expect(await sent.notifier.deliveries.get('late#email')).toMatchObject({ status: 'claimed' });
  });
});

describe('a receipt for a delivery never sent', () => {
  it('changes nothing: a skipped or failed delivery keeps its ending', async () => {
    const sent = await aSentMessage();
    const optedOut = {
      ...sent.notification,
      notificationId: 'opted-out',
      contact: { ...sent.notification.contact, emailOptOut: true },
    };
    await deliverNotification(sent.notifier.deps, optedOut);
    const skipped = await sent.notifier.deliveries.get('opted-out#email');
    const tagged = sesMessage(
      sent
        .sesEvent('delivery')
        .body.replace(sesTagValueOf(sent.email.deliveryId), sesTagValueOf('opted-out#email')),
    );

    const tally = await recordReceipts(sent.recordDeps, [tagged]);

    expect(skipped).toMatchObject({ status: 'skipped', reason: 'opted-out' });
    expect(tally).toMatchObject({ unchanged: 1, recorded: {} });
    expect(await sent.notifier.deliveries.get('opted-out#email')).toEqual(skipped);
    for (const status of ['skipped', 'failed', 'dead-lettered', 'retrying', 'claimed'] as const) {
      expect(
        outcomeAfter(
          { status, reason: null },
          { verdict: 'delivered', reason: null, at: '2026-12-13T07:00:00.000Z' },
          '2026-12-13T07:00:01.000Z',
        ),
      ).toBeNull();
    }
  });
});

describe('receipts in any order, any number of times', () => {
  it('lets a delivery after a delay win, and a delay after a delivery change nothing', async () => {
    const first = await aSentMessage();
    const second = await aSentMessage();

    await recordReceipts(first.recordDeps, [first.sesEvent('delivery-delay')]);
    await recordReceipts(first.recordDeps, [first.sesEvent('delivery')]);
    await recordReceipts(second.recordDeps, [second.sesEvent('delivery')]);
    const late = await recordReceipts(second.recordDeps, [second.sesEvent('delivery-delay')]);

    expect(await first.notifier.deliveries.get(first.email.deliveryId)).toMatchObject({
      status: 'delivered',
      reason: null,
    });
    expect(late).toMatchObject({ unchanged: 1, recorded: {} });
    expect(await second.notifier.deliveries.get(second.email.deliveryId)).toMatchObject({
      status: 'delivered',
      reason: null,
    });
  });

  it('changes nothing with a duplicate', async () => {
    const sent = await aSentMessage();
    await recordReceipts(sent.recordDeps, [sent.sesEvent('bounce-permanent')]);
    const once = await sent.notifier.deliveries.get(sent.email.deliveryId);
    sent.notifier.clock.set(new Date('2026-12-14T10:00:00+03:00'));

    const again = await recordReceipts(sent.recordDeps, [sent.sesEvent('bounce-permanent')]);

    expect(again).toMatchObject({ unchanged: 1, recorded: {}, suppressed: 0 });
    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toEqual(once);
  });

  const TEMPLATES: readonly SesTemplate[] = [
    'send',
    'delivery',
    'delivery-delay',
    'bounce-permanent',
    'bounce-transient',
    'bounce-undetermined',
    'complaint',
    'reject',
  ];

  it('ends the same whatever order and however often the same receipts come', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...TEMPLATES), { minLength: 1, maxLength: 8 }),
        fc.infiniteStream(fc.nat()),
        fc.boolean(),
        async (templates, draws, together) => {
          const inOrder = await aSentMessage();
          const shuffled = await aSentMessage();
          const order = [...templates]
            .map((template) => ({ template, key: draws.next().value }))
            .sort((a, b) => a.key - b.key)
            .map(({ template }) => template);
          const at = (template: SesTemplate) =>
            `2026-12-13T07:${String(TEMPLATES.indexOf(template)).padStart(2, '0')}:00.000Z`;
          for (const template of templates) {
            await recordReceipts(inOrder.recordDeps, [
              inOrder.sesEvent(template, { at: at(template) }),
            ]);
          }
          const events = order.map((template) => shuffled.sesEvent(template, { at: at(template) }));
          // One by one, or all in one batch racing each other.
          if (together) await recordReceipts(shuffled.recordDeps, events);
          else for (const event of events) await recordReceipts(shuffled.recordDeps, [event]);

          const ending = async (sent: typeof inOrder) => {
            const record = await sent.notifier.deliveries.get(sent.email.deliveryId);
            return { status: record?.status, reason: record?.reason, receiptAt: record?.receiptAt };
          };
          expect(await ending(shuffled)).toEqual(await ending(inOrder));
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('sweeping deliveries with no receipt', () => {
  it('makes a delivery sent more than 72 hours ago with no receipt unknown, and nothing else', async () => {
    const sent = await aSentMessage();
    await recordReceipts(sent.recordDeps, [sent.smsLog('success')]);
    const sentAt = Date.parse(sent.email.sentAt ?? '');

    const early = await sweepDeliveries(
      { deliveries: sent.notifier.deliveries },
      new Date(sentAt + 71 * HOUR),
    );
    const due = await sweepDeliveries(
      { deliveries: sent.notifier.deliveries },
      new Date(sentAt + 73 * HOUR),
    );

    expect(early).toEqual({ examined: 0, markedUnknown: 0 });
    expect(due).toEqual({ examined: 1, markedUnknown: 1 });
    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toMatchObject({
      status: 'unknown',
      reason: 'no-receipt-in-72-hours',
      receiptAt: null,
    });
    expect(await sent.notifier.deliveries.get(sent.sms.deliveryId)).toMatchObject({
      status: 'delivered',
    });
    expect(
      await sweepDeliveries({ deliveries: sent.notifier.deliveries }, new Date(sentAt + 74 * HOUR)),
    ).toEqual({
      examined: 0,
      markedUnknown: 0,
    });
  });

  it('leaves a delivery still claimed to ops: whether it was sent is not known', async () => {
    const sent = await aSentMessage();
    await sent.notifier.deliveries.claim({
      deliveryId: 'stuck#email',
      notificationId: 'stuck',
      channel: 'email',
      event: 'payment-deposited',
      householdId: 'H00000001',
      cycle: '2026-12',
      updatedAt: '2026-12-01T00:00:00.000Z',
    });

    await sweepDeliveries(
      { deliveries: sent.notifier.deliveries },
      new Date('2026-12-30T00:00:00Z'),
    );

    expect(await sent.notifier.deliveries.get('stuck#email')).toMatchObject({ status: 'claimed' });
  });

  it('reads each delivery again before marking it: the index may still list one a receipt settled', async () => {
    const sent = await aSentMessage();
    await recordReceipts(sent.recordDeps, [sent.sesEvent('delivery'), sent.smsLog('success')]);
    const staleIndex = {
      ...sent.notifier.deliveries,
      get: (deliveryId: string) => sent.notifier.deliveries.get(deliveryId),
      recordOutcome: sent.notifier.deliveries.recordOutcome.bind(sent.notifier.deliveries),
      // An eventually consistent index: it still lists both as awaiting their receipt.
      listAwaitingReceipt: async function* () {
        yield { deliveryId: sent.email.deliveryId };
        yield { deliveryId: sent.sms.deliveryId };
      },
    };

    const result = await sweepDeliveries(
      { deliveries: staleIndex },
      new Date(Date.parse(sent.email.sentAt ?? '') + 73 * HOUR),
    );

    expect(result).toEqual({ examined: 2, markedUnknown: 0 });
    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toMatchObject({
      status: 'delivered',
    });
  });

  it('still records the truth when a receipt comes after the sweeper gave up', async () => {
    const sent = await aSentMessage();
    const sentAt = Date.parse(sent.email.sentAt ?? '');
    await sweepDeliveries({ deliveries: sent.notifier.deliveries }, new Date(sentAt + 73 * HOUR));

    const delay = await recordReceipts(sent.recordDeps, [sent.sesEvent('delivery-delay')]);
    const truth = await recordReceipts(sent.recordDeps, [sent.sesEvent('delivery')]);

    expect(delay).toMatchObject({ unchanged: 1 });
    expect(truth.recorded).toEqual({ delivered: 1 });
    expect(await sent.notifier.deliveries.get(sent.email.deliveryId)).toMatchObject({
      status: 'delivered',
    });
  });
});

describe('the SES delivery tag', () => {
  it('carries any delivery id in SES tag characters and reads back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (deliveryId) => {
        const value = sesTagValueOf(deliveryId);
        expect(value).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(deliveryIdOfTag(value)).toBe(value === '' ? null : deliveryId);
      }),
    );
  });

  it('reads nothing from a value it did not make', () => {
    expect(deliveryIdOfTag('abc_zz')).toBeNull();
    expect(deliveryIdOfTag('abc_2')).toBeNull();
    expect(deliveryIdOfTag('abc_61')).toBeNull();
  });
});

describe('a hard bounce or a complaint', () => {
  it.each(['bounce-permanent', 'complaint'] as const)(
    'after a %s, suppresses the address for the household: the next email is skipped, the SMS still goes',
    async (template) => {
      const sent = await aSentMessage();
      await recordReceipts(sent.recordDeps, [sent.sesEvent(template)]);
      const next = { ...sent.notification, notificationId: 'next-month' };
      next.contact = { ...next.contact, email: '  Beneficiary@EXAMPLE.sa' };

      const result = await deliverNotification(sent.notifier.deps, next);

      expect(result.outcomes.email).toEqual({ kind: 'skipped', reason: 'suppressed' });
      expect(result.outcomes.sms.kind).toBe('sent');
      expect(sent.notifier.email.sent).toHaveLength(1);
      expect(await sent.notifier.suppressions.listByHousehold('H00000001')).toEqual([
        expect.objectContaining({
          maskedAddress: 'b*********y@example.sa',
          cause: template === 'complaint' ? 'complaint' : 'hard-bounce',
          deliveryId: sent.email.deliveryId,
          lifted: null,
        }),
      ]);
    },
  );

  it('suppresses nothing after a soft bounce, and only for its own household', async () => {
    const soft = await aSentMessage();
    await recordReceipts(soft.recordDeps, [soft.sesEvent('bounce-transient')]);
    await recordReceipts(soft.recordDeps, [soft.sesEvent('bounce-undetermined')]);
    const hard = await aSentMessage();
    await recordReceipts(hard.recordDeps, [hard.sesEvent('bounce-permanent')]);

    const neighbour = { ...hard.notification, notificationId: 'n2', householdId: 'H00000002' };
    const result = await deliverNotification(hard.notifier.deps, neighbour);

    expect(soft.notifier.suppressions.items.size).toBe(0);
    expect(result.outcomes.email.kind).toBe('sent');
  });
});
