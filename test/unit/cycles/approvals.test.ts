import { describe, expect, it } from 'vitest';
import type { CycleId } from '../../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../../shared/config/ops-settings.ts';
import { beginUnderApproval, clearRun, decideApproval } from '../../../shared/cycles/approvals.ts';
import { InMemoryApprovals } from '../../support/fakes/in-memory-approvals.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';

const clock = { now: () => new Date('2026-12-09T06:00:00Z') };
const settings = {
  ...defaultOpsSettings,
  approval: { totalAboveHalalas: 1_000, changeFromLastMonthAbove: 0.05 },
};

function deps() {
  return {
    approvals: new InMemoryApprovals(),
    audit: new InMemoryAuditLog(clock),
    settings,
    clock,
  };
}

const run = (projectedTotalHalalas: number) => ({
  cycle: '2026-12' as CycleId,
  kind: 'run' as const,
  requestedBy: 'ops-amal',
  reason: 'monthly run',
  projectedTotalHalalas,
  lastMonthTotalHalalas: null,
});

/** A run of this total asks for approval, and another operator approves it. */
async function askedAndApproved(d: ReturnType<typeof deps>, total: number): Promise<string> {
  const asked = await clearRun(d, run(total));
  if (asked.proceed) throw new Error('expected a request');
  const { requestId } = asked.request;
  await decideApproval(d, { requestId, by: 'ops-noura', approve: true, reason: 'ok' });
  return requestId;
}

describe('clearRun', () => {
  it('lets a run below the thresholds proceed without asking anyone', async () => {
    const d = deps();
    expect(await clearRun(d, run(900))).toEqual({ proceed: true, approval: null });
    expect(d.approvals.items.size).toBe(0);
  });

  it('uses an approval once, for the total it was granted for', async () => {
    const d = deps();
    const requestId = await askedAndApproved(d, 5_000);

    const cleared = await clearRun(d, run(5_000));
    expect(cleared).toMatchObject({ proceed: true, approval: { requestId, status: 'approved' } });
    // Used around the recording of the run, and then by no other run.
    if (!cleared.proceed || cleared.approval === null) throw new Error('expected an approval');
    const approval = cleared.approval;
    expect(await beginUnderApproval(d, approval, async () => 'run recorded')).toBe('run recorded');
    expect(d.approvals.items.get(requestId)?.status).toBe('used');
    await expect(beginUnderApproval(d, approval, async () => 'again')).rejects.toThrow(
      /used by another run meanwhile/,
    );
    expect((await clearRun(d, run(5_000))).proceed).toBe(false);
  });

  it('gives the approval back when the run it cleared is not recorded', async () => {
    const d = deps();
    const requestId = await askedAndApproved(d, 5_000);
    const cleared = await clearRun(d, run(5_000));
    if (!cleared.proceed || cleared.approval === null) throw new Error('expected an approval');
    let statusDuringBegin: string | undefined;

    await expect(
      beginUnderApproval(d, cleared.approval, async () => {
        statusDuringBegin = d.approvals.items.get(requestId)?.status;
        throw new Error('put on hold meanwhile');
      }),
    ).rejects.toThrow('put on hold meanwhile');
    // Used while the run was being recorded (a crash then cannot leave it standing), then given back.
    expect(statusDuringBegin).toBe('used');
    expect(d.approvals.items.get(requestId)?.status).toBe('approved');
    expect(await clearRun(d, run(5_000))).toMatchObject({ proceed: true });
  });

  it('asks again when the total has changed since the approval', async () => {
    const d = deps();
    const requestId = await askedAndApproved(d, 5_000);

    const changed = await clearRun(d, run(7_500));
    expect(changed).toMatchObject({
      proceed: false,
      request: {
        projectedTotalHalalas: 7_500,
        status: 'pending',
        why: 'the total 75.00 SAR is above 10.00 SAR',
      },
    });
    expect(d.approvals.items.get(requestId)?.status).toBe('approved');
  });
});
