import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import { InvalidEventError } from '../../../functions/aws-cycle-deps.ts';
import { METRICS_NAMESPACE } from '../../../functions/metric-names.ts';
import type { IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../../shared/config/ops-settings.ts';
import { decideApproval } from '../../../shared/cycles/approvals.ts';
import { CycleOnHoldError } from '../../../shared/cycles/cycle-guards.ts';
import { cycleRecordSchema } from '../../../shared/cycles/cycle-record.ts';
import type { SegmentProjection } from '../../../shared/cycles/project-segment.ts';
import { c } from '../../support/calendar.ts';
import { cycleHandlers } from '../../support/cycle-flow.ts';
import { inMemoryCycle } from '../../support/cycles.ts';
import { InMemoryApprovals } from '../../support/fakes/in-memory-approvals.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';

const NAMESPACE = METRICS_NAMESPACE;
const DECEMBER = c('2026-12');
const context = {} as Context;

/**
 * The cycle functions on in-memory fakes, with a 30-household register, and the approval gate's
 * thresholds (by default, far above what 30 households are paid).
 */
async function cycleFunctions(totalAboveHalalas = defaultOpsSettings.approval.totalAboveHalalas) {
  const fakes = inMemoryCycle();
  await fakes.households.putMany([
    ...generateRegister({
      households: 30,
      seed: 7,
      arrearsDueBy: c('2026-12'),
      asOf: '2026-10-01' as IsoDate,
    }),
  ]);
  const approvals = new InMemoryApprovals();
  const audit = new InMemoryAuditLog(fakes.deps.clock);
  const settings = {
    ...defaultOpsSettings,
    approval: { totalAboveHalalas, changeFromLastMonthAbove: 1 },
  };
  const { clock } = fakes.deps;
  const functions = cycleHandlers(fakes.deps, { approvals, audit, settings, clock });
  return { ...fakes, ...functions, approvals, audit };
}

/** The states before the gate: the plan, and every segment's projection. */
async function planAndProject({
  plan,
  project,
}: Pick<Awaited<ReturnType<typeof cycleFunctions>>, 'plan' | 'project'>) {
  const planned = await plan({ cycle: '2026-12' }, context);
  const projections: SegmentProjection[] = [];
  for (const segment of planned.segments) {
    projections.push(await project({ cycle: '2026-12', segment }, context));
  }
  return { planned, projections };
}

/** The EMF documents written to stdout, parsed. */
function emfDocuments(stdout: MockInstance): Record<string, unknown>[] {
  return stdout.mock.calls
    .map(([chunk]) => String(chunk))
    .filter((line) => line.startsWith('{"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface Directive {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}
const directiveOf = (document: Record<string, unknown>) =>
  (document._aws as { CloudWatchMetrics: Directive[] }).CloudWatchMetrics[0];

describe('the cycle Lambda handlers', () => {
  let stdout: MockInstance;
  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => stdout.mockRestore());

  it('plan, then each segment of the Map, then finalize: a completed cycle', async () => {
    const { plan, segment, finalize, payments } = await cycleFunctions();

    const planned = await plan({ cycle: '2026-12' }, context);
    const segments = [];
    for (const number of planned.segments) {
      segments.push(await segment({ cycle: planned.cycle, segment: number }, context));
    }
    const finalized = await finalize(planned, context);

    expect(planned).toEqual({
      cycle: '2026-12',
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      householdEstimate: 30,
      segments: [0, 1, 2],
      restart: false,
      request: { cycle: '2026-12', kind: 'run', requestedBy: 'scheduler', reason: 'monthly run' },
      rerun: null,
    });
    expect(segments.map(({ segment: number, status }) => ({ number, status }))).toEqual([
      { number: 0, status: 'done' },
      { number: 1, status: 'done' },
      { number: 2, status: 'done' },
    ]);
    expect(segments.reduce((sum, { householdsSeen }) => sum + householdsSeen, 0)).toBe(30);
    expect(finalized).toMatchObject({
      cycle: '2026-12',
      status: 'completed',
      incompleteSegments: [],
    });
    expect(finalized.totals?.householdsSeen).toBe(30);
    expect(finalized.totals?.amountHalalas).toBe(
      segments.reduce((sum, { amountHalalas }) => sum + amountHalalas, 0),
    );
    expect(payments.records.size).toBe(30);
  });

  it('emits each segment and the finalized cycle as valid EMF', async () => {
    const { plan, segment, finalize } = await cycleFunctions();

    const planned = await plan({ cycle: '2026-12' }, context);
    const outputs = [];
    for (const number of planned.segments) {
      outputs.push(await segment({ cycle: '2026-12', segment: number }, context));
    }
    await finalize({ cycle: '2026-12' }, context);

    const documents = emfDocuments(stdout);
    expect(documents).toHaveLength(planned.segments.length + 1);
    const segmentDocuments = documents.slice(0, -1);
    for (const [index, document] of segmentDocuments.entries()) {
      expect(directiveOf(document)).toEqual({
        Namespace: NAMESPACE,
        Dimensions: [['service']],
        Metrics: [
          { Name: 'HouseholdsProcessed', Unit: 'Count' },
          { Name: 'PaymentsWritten', Unit: 'Count' },
          { Name: 'AmountPaidHalalas', Unit: 'None' },
        ],
      });
      expect(document).toMatchObject({
        service: 'dafaa-test',
        HouseholdsProcessed: outputs[index]?.householdsSeen,
        AmountPaidHalalas: outputs[index]?.amountHalalas,
      });
      expect(typeof (document._aws as { Timestamp: unknown }).Timestamp).toBe('number');
    }
    const written = segmentDocuments.reduce(
      (sum, document) => sum + Number(document.PaymentsWritten),
      0,
    );
    expect(written).toBe(30);
    const last = documents.at(-1) ?? {};
    expect(directiveOf(last)).toEqual({
      Namespace: NAMESPACE,
      Dimensions: [['service']],
      Metrics: [{ Name: 'CycleCompleted', Unit: 'Count' }],
    });
    expect(last.CycleCompleted).toBe(1);
  });

  it('refuses a bad input with a named error, before touching any table', async () => {
    const { plan, segment, finalize, cycles } = await cycleFunctions();

    await expect(plan({ cycle: '2026-13' }, context)).rejects.toThrow(InvalidEventError);
    await expect(plan({ cycle: '2026-13' }, context)).rejects.toThrow(/2026-13/);
    await expect(plan({}, context)).rejects.toThrow(InvalidEventError);
    await expect(segment({ cycle: '2026-12', segment: -1 }, context)).rejects.toThrow(
      InvalidEventError,
    );
    await expect(segment({ cycle: '2026-12', segment: '0' }, context)).rejects.toThrow(
      InvalidEventError,
    );
    await expect(finalize({ cycle: '2026-13' }, context)).rejects.toThrow(InvalidEventError);
    expect(cycles.cycles.size).toBe(0);
    expect(emfDocuments(stdout)).toEqual([]);
  });

  it('reports an incomplete cycle when a segment was not processed', async () => {
    const { plan, segment, finalize } = await cycleFunctions();

    const planned = await plan({ cycle: '2026-12' }, context);
    await segment({ cycle: '2026-12', segment: 0 }, context);
    const finalized = await finalize(planned, context);

    expect(finalized).toMatchObject({ status: 'incomplete', incompleteSegments: [1, 2] });
    expect(emfDocuments(stdout).at(-1)?.CycleCompleted).toBe(0);
  });

  it('plans a cycle once: a second plan returns the same segments', async () => {
    const { plan } = await cycleFunctions();

    const first = await plan({ cycle: '2026-12' }, context);
    const second = await plan({ cycle: '2026-12' }, context);

    expect(second).toEqual(first);
  });

  it('runs the unattended month below the thresholds: the gate records the run and it pays what was projected', async () => {
    const { execute, cycles, approvals, payments } = await cycleFunctions();

    const { projections, gated, finalized } = await execute({ cycle: DECEMBER }, 'cycle-2026-12');

    expect(gated).toMatchObject({ proceed: true, segments: [0, 1, 2], restart: false });
    expect(projections.reduce((sum, { households }) => sum + households, 0)).toBe(30);
    const projected = projections.reduce((sum, { totalHalalas }) => sum + totalHalalas, 0);
    expect(projected).toBeGreaterThan(0);
    expect(gated?.projectedTotalHalalas).toBe(projected);
    expect(finalized?.status).toBe('completed');
    expect((finalized?.totals?.amountHalalas ?? 0) + (finalized?.totals?.arrearsHalalas ?? 0)).toBe(
      projected,
    );
    expect(payments.records.size).toBe(30);
    expect(approvals.items.size).toBe(0);
    const record = (await cycles.get('2026-12')) as { runs: { runner?: string }[] };
    expect(record.runs.map((run) => run.runner)).toEqual(['cycle-2026-12']);
    expect(
      emfDocuments(stdout).find((document) => 'CyclesAwaitingApproval' in document),
    ).toMatchObject({ CyclesAwaitingApproval: 0 });
  });

  it('stops the unattended month above the threshold before any payment; approved by another operator, the next execution pays', async () => {
    const { execute, cycles, approvals, audit, payments, deps } = await cycleFunctions(1);

    const waiting = await execute({ cycle: DECEMBER }, 'cycle-2026-12');

    expect(waiting.gated?.proceed).toBe(false);
    expect(waiting.finalized).toBeNull();
    expect(payments.records.size).toBe(0);
    expect(((await cycles.get('2026-12')) as { runs: unknown[] }).runs).toEqual([]);
    const [request] = [...approvals.items.values()];
    expect(request).toMatchObject({
      cycle: '2026-12',
      kind: 'run',
      requestedBy: 'scheduler',
      status: 'pending',
      projectedTotalHalalas: waiting.gated?.projectedTotalHalalas,
    });
    expect(waiting.gated).toMatchObject({ approval: { requestId: request?.requestId } });
    expect(audit.entries.map(({ actor, action }) => ({ actor, action }))).toEqual([
      { actor: 'scheduler', action: 'approval.request' },
    ]);
    expect(emfDocuments(stdout).at(-1)).toMatchObject({ CyclesAwaitingApproval: 1 });

    await decideApproval(
      { approvals, audit, settings: defaultOpsSettings, clock: deps.clock },
      { requestId: request?.requestId ?? '', by: 'ops-noura', approve: true, reason: 'checked' },
    );
    const operator = { requestedBy: 'ops-amal', reason: 'approved by ops-noura' };
    const approved = await execute({ cycle: DECEMBER, operator }, 'run-2026-12-20261210T0600Z');

    expect(approved.gated?.proceed).toBe(true);
    expect(approved.finalized?.status).toBe('completed');
    expect(payments.records.size).toBe(30);
    expect(approvals.items.get(request?.requestId ?? '')?.status).toBe('used');
    // A completed month runs once: another run execution is refused at the gate (a rerun is the way).
    const again = await execute({ cycle: DECEMBER, operator }, 'run-2026-12-20261210T0700Z');
    expect(again.outcome).toMatchObject({
      ended: 'failed',
      error: 'CycleRunningError',
      cause: expect.stringMatching(/is completed/),
    });
    expect(payments.records.size).toBe(30);
  });

  it('a hold set while the gate decides stops the run: the hold stays, nothing runs, the approval stands', async () => {
    const { plan, project, gate, cycles, approvals, audit, deps } = await cycleFunctions(1);
    const { planned, projections } = await planAndProject({ plan, project });
    const asked = await gate({ ...planned, projections, execution: 'cycle-2026-12' }, context);
    const requestId = asked.proceed ? '' : asked.approval.requestId;
    await decideApproval(
      { approvals, audit, settings: defaultOpsSettings, clock: deps.clock },
      { requestId, by: 'ops-noura', approve: true, reason: 'checked' },
    );
    // The hold lands after the gate has read the cycle, while it reads the approvals.
    const list = approvals.list.bind(approvals);
    approvals.list = async () => {
      await cycles.setHold('2026-12', { by: 'ops-amal', reason: 'bank file check', at: 'now' });
      return list();
    };

    await expect(
      gate({ ...planned, projections, execution: 'run-2026-12-20261210T0600Z' }, context),
    ).rejects.toThrow(CycleOnHoldError);
    const stored = cycleRecordSchema.parse(await cycles.get('2026-12'));
    expect(stored.hold).toMatchObject({ by: 'ops-amal' });
    expect(stored.runs).toEqual([]);
    expect(approvals.items.get(requestId)?.status).toBe('approved');
  });

  it('a retried gate finds the run it recorded and goes on, recording nothing twice', async () => {
    const { plan, project, gate, cycles } = await cycleFunctions();
    const { planned, projections } = await planAndProject({ plan, project });
    const input = { ...planned, projections, execution: 'cycle-2026-12' };

    const first = await gate(input, context);
    const retried = await gate(input, context);

    expect(retried).toEqual(first);
    expect(cycleRecordSchema.parse(await cycles.get('2026-12')).runs).toHaveLength(1);
  });

  it('two gates that read the cycle at the same moment: one run begins, the other is refused', async () => {
    const { plan, project, gate, cycles } = await cycleFunctions();
    const { planned, projections } = await planAndProject({ plan, project });
    // Both gates read the cycle before either records its run.
    const get = cycles.get.bind(cycles);
    let readers = 0;
    let bothRead: () => void = () => undefined;
    const bothHaveRead = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    cycles.get = async (cycle: string) => {
      const stored = await get(cycle);
      if (cycle === '2026-12' && ++readers === 2) bothRead();
      if (cycle === '2026-12') await bothHaveRead;
      return stored;
    };

    const results = await Promise.allSettled(
      ['cycle-2026-12', 'run-2026-12-20261210T0600Z'].map((execution) =>
        gate({ ...planned, projections, execution }, context),
      ),
    );

    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(String(results.find((result) => result.status === 'rejected')?.reason)).toMatch(
      /another run of cycle 2026-12 began meanwhile/,
    );
    cycles.get = get;
    expect(cycleRecordSchema.parse(await cycles.get('2026-12')).runs).toHaveLength(1);
  });

  it('a hold placed after the plan stops the gate before it asks or records anything', async () => {
    const { plan, project, gate, cycles, approvals } = await cycleFunctions(1);
    const { planned, projections } = await planAndProject({ plan, project });
    await cycles.setHold('2026-12', { by: 'ops-amal', reason: 'bank file check', at: 'now' });

    await expect(
      gate({ ...planned, projections, execution: 'cycle-2026-12' }, context),
    ).rejects.toThrow(CycleOnHoldError);
    expect(approvals.items.size).toBe(0);
    expect(cycleRecordSchema.parse(await cycles.get('2026-12')).runs).toEqual([]);
  });

  it('the gate refuses a projection short of a segment, with one twice, or one not in the plan', async () => {
    const { plan, project, gate, approvals } = await cycleFunctions(1);
    const planned = await plan({ cycle: '2026-12' }, context);
    const [first, second] = [
      await project({ cycle: '2026-12', segment: 0 }, context),
      await project({ cycle: '2026-12', segment: 1 }, context),
    ];
    const outside = { segment: 7, households: 0, totalHalalas: 0 };
    for (const projections of [
      [first, second],
      [first, second, second],
      [first, second, outside],
    ]) {
      await expect(
        gate({ ...planned, projections, execution: 'cycle-2026-12' }, context),
      ).rejects.toThrow(/every segment must be projected once/);
    }
    await expect(project({ cycle: '2026-12', segment: 3 }, context)).rejects.toThrow(
      /not part of cycle 2026-12/,
    );
    expect(approvals.items.size).toBe(0);
  });
});
