import { describe, expect, it } from 'vitest';
import { deliverNotification } from '../../../shared/notifications/deliver-notification.ts';
import { SuppressionError } from '../../../shared/notifications/errors.ts';
import {
  liftSuppressions,
  listSuppressions,
} from '../../../shared/notifications/manage-suppressions.ts';
import { recordReceipts } from '../../../shared/notifications/record-receipts.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';
import { aSentMessage } from '../../support/receipts.ts';

/** A household whose email bounced hard, and ops' dependencies on the same fakes. */
async function aBouncedHousehold() {
  const sent = await aSentMessage();
  await recordReceipts(sent.recordDeps, [
    sent.sesEvent('bounce-permanent', { at: '2026-12-13T07:01:00.000Z' }),
  ]);
  const audit = new InMemoryAuditLog(sent.notifier.clock);
  const ops = { suppressions: sent.notifier.suppressions, audit, clock: sent.notifier.clock };
  const nextMessage = (notificationId: string) =>
    deliverNotification(sent.notifier.deps, { ...sent.notification, notificationId });
  return { sent, audit, ops, nextMessage };
}

describe('lifting a suppression', () => {
  it('lets email go to the address again, and records who lifted it and why', async () => {
    const { sent, audit, ops, nextMessage } = await aBouncedHousehold();
    expect((await nextMessage('january')).outcomes.email).toEqual({
      kind: 'skipped',
      reason: 'suppressed',
    });
    sent.notifier.clock.set(new Date('2026-12-14T09:00:00+03:00'));

    const lifted = await liftSuppressions(ops, {
      householdId: 'H00000001',
      by: 'ops-noura',
      reason: 'beneficiary called: mailbox fixed',
    });

    expect(lifted).toHaveLength(1);
    expect((await nextMessage('february')).outcomes.email.kind).toBe('sent');
    expect(await listSuppressions(ops, 'H00000001')).toEqual([
      expect.objectContaining({
        cause: 'hard-bounce',
        lifted: {
          by: 'ops-noura',
          reason: 'beneficiary called: mailbox fixed',
          at: '2026-12-14T06:00:00.000Z',
        },
      }),
    ]);
    expect(audit.entries).toMatchObject([
      {
        actor: 'ops-noura',
        action: 'suppression.lift',
        subject: 'household:H00000001',
        reason: 'beneficiary called: mailbox fixed',
        details: { cause: 'hard-bounce', deliveryId: sent.email.deliveryId },
      },
    ]);
    expect(JSON.stringify(audit.entries)).not.toMatch(/@/);
  });

  it('refuses without a reason or who lifts it, or when nothing is suppressed', async () => {
    const { ops } = await aBouncedHousehold();

    await expect(
      liftSuppressions(ops, { householdId: 'H00000001', by: 'ops-noura', reason: '  ' }),
    ).rejects.toThrow(SuppressionError);
    await expect(
      liftSuppressions(ops, { householdId: 'H00000001', by: '', reason: 'fixed' }),
    ).rejects.toThrow(SuppressionError);
    await expect(
      liftSuppressions(ops, { householdId: 'H00000002', by: 'ops-noura', reason: 'fixed' }),
    ).rejects.toThrow('household H00000002 has no email address suppressed');
    await expect(listSuppressions(ops, 'beneficiary@example.sa')).rejects.toThrow(SuppressionError);
  });

  it('is not undone by a late copy of the old bounce, but a new bounce suppresses again', async () => {
    const { sent, ops, nextMessage } = await aBouncedHousehold();
    sent.notifier.clock.set(new Date('2026-12-14T09:00:00+03:00'));
    await liftSuppressions(ops, { householdId: 'H00000001', by: 'ops-noura', reason: 'fixed' });

    const late = await recordReceipts(sent.recordDeps, [
      sent.sesEvent('bounce-permanent', { at: '2026-12-13T07:01:00.000Z' }),
    ]);
    const afterLate = await nextMessage('february');
    const fresh = await recordReceipts(sent.recordDeps, [
      sent.sesEvent('complaint', { at: '2026-12-15T07:00:00.000Z' }),
    ]);

    expect(late.suppressed).toBe(0);
    expect(afterLate.outcomes.email.kind).toBe('sent');
    expect(fresh.suppressed).toBe(1);
    expect((await nextMessage('march')).outcomes.email).toEqual({
      kind: 'skipped',
      reason: 'suppressed',
    });
  });
});
