import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
  localOpsDeps,
  localTableNames,
} from '../../cli/local-context.ts';
import { drainNotifyQueue } from '../../cli/local-stack/drain-notify-queue.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';
import { InvalidOverrideError } from '../../shared/calendar/errors.ts';
import { recordOverride, removeOverride } from '../../shared/calendar/manage-overrides.ts';
import { beginCycleRun } from '../../shared/cycles/begin-cycle-run.ts';
import type { PaymentRecord } from '../../shared/cycles/payment-record.ts';
import { planCycle } from '../../shared/cycles/plan-cycle.ts';
import type { CycleStarter } from '../../shared/cycles/ports.ts';
import { startDueCycles } from '../../shared/cycles/start-due-cycles.ts';
import { DeliveryError } from '../../shared/notifications/errors.ts';
import { runDafaa } from '../support/cli.ts';
import { cycleHandlers, runMonth } from '../support/cycle-flow.ts';

/**
 * Ops on the local stack, through the CLI where there is a command: a rerun after a partial failure
 * pays only the missing households; --only-failed resends only the failed messages; the requester
 * cannot approve; an override moves the tick to its new day; a held cycle starts no run.
 */

const CYCLE = '2026-12' as CycleId;
const HOUSEHOLDS = 120;

/** `dafaa approvals approve` by this operator. */
const approveAs = (operator: string, requestId: string) =>
  runDafaa(['approvals', 'approve', requestId, '--by', operator, '--reason', 'budget confirmed']);

async function paymentsOf(endpoint: string, cycle: CycleId): Promise<PaymentRecord[]> {
  const records: PaymentRecord[] = [];
  for await (const record of localCycleDeps(endpoint).payments.listCycle(cycle)) {
    records.push(record);
  }
  return records;
}

describe('ops on the local stack', () => {
  let endpoint: string;

  beforeAll(async () => {
    endpoint = inject('dynamodbEndpoint');
    process.env.DAFAA_DYNAMODB_ENDPOINT = endpoint;
    process.env.DAFAA_SES_ENDPOINT = inject('sesEndpoint');
    process.env.DAFAA_SQS_ENDPOINT = inject('sqsEndpoint');
    process.env.DAFAA_TABLE_PREFIX = `it-ops-${randomUUID().slice(0, 8)}-`;
    const client = new DynamoDBClient(localAwsClientConfig(endpoint));
    await createTables(client, localTableNames());
    client.destroy();
    await localCycleDeps(endpoint).households.putMany([
      ...generateRegister({
        households: HOUSEHOLDS,
        seed: 17,
        arrearsDueBy: CYCLE,
        asOf: '2026-10-01' as IsoDate,
      }),
    ]);
  });

  it('reruns a cycle that failed part-way, paying only the households it missed, and records it', async () => {
    const deps = localCycleDeps(endpoint, { minSegments: 3, pageSize: 20 });
    let writes = 0;
    const crashing = {
      ...deps,
      payments: {
        get: deps.payments.get.bind(deps.payments),
        listCycle: deps.payments.listCycle.bind(deps.payments),
        writeOnce: async (...args: Parameters<typeof deps.payments.writeOnce>) => {
          if (writes >= 50) throw new Error('the process died');
          writes += 1;
          return deps.payments.writeOnce(...args);
        },
      },
    };
    const crashed = await runMonth(crashing, { cycle: CYCLE });
    expect(crashed.outcome).toMatchObject({ ended: 'failed', cause: 'the process died' });
    const before = await paymentsOf(endpoint, CYCLE);
    expect(before.length).toBeLessThan(HOUSEHOLDS);

    expect((await runDafaa(['cycle', 'rerun', CYCLE, '--by', 'ops-amal'])).err).toMatch(
      /a rerun needs --reason/,
    );
    const rerun = await runDafaa([
      'cycle',
      'rerun',
      CYCLE,
      '--reason',
      'segments failed overnight',
      '--by',
      'ops-amal',
    ]);

    expect(rerun.exitCode).toBe(0);
    expect(rerun.out).toMatch(
      new RegExp(
        `^Rerun of ${CYCLE} by ops-amal \\(segments failed overnight\\): ${HOUSEHOLDS - before.length} households newly paid`,
        'm',
      ),
    );
    const after = await paymentsOf(endpoint, CYCLE);
    expect(after).toHaveLength(HOUSEHOLDS);
    for (const record of before)
      expect(after.find((candidate) => candidate.paymentId === record.paymentId)).toEqual(record);
    const audit = await runDafaa(['audit', 'list']);
    expect(audit.out).toMatch(/cycle\.rerun\s+cycle:2026-12\s+segments failed overnight/);
  });

  it('resends only the messages that failed when asked for --only-failed', async () => {
    const settings = {
      ...localNotificationSettings,
      sms: { ...localNotificationSettings.sms, quietHours: null },
    };
    const notifier = localNotifierDeps(
      { dynamodb: endpoint, ses: inject('sesEndpoint') },
      settings,
    );
    const refused = new Set<string>();
    let calls = 0;
    const failingSms = {
      async send(message: { to: string; body: string; deliveryId: string }) {
        calls += 1;
        if (calls % 4 === 0) {
          refused.add(message.deliveryId);
          throw new DeliveryError('operator refused', false, 'provider-refused');
        }
        return notifier.deps.sms.send(message);
      },
    };
    const drain = (sms: typeof failingSms) =>
      drainNotifyQueue(
        { ...notifier, deps: { ...notifier.deps, sms } },
        { concurrency: 4, waitUpToMs: 1_000 },
      );
    await drain(failingSms);
    expect(refused.size).toBeGreaterThan(5);
    const sentBefore = await notifier.smsOutbox.count();

    const rerun = await runDafaa([
      'cycle',
      'rerun',
      CYCLE,
      '--only-failed',
      '--reason',
      'SMS sender id fixed',
      '--by',
      'ops-noura',
    ]);
    expect(rerun.out).toMatch(new RegExp(`${refused.size} failed messages requeued`));
    const resent: string[] = [];
    await drain({
      send: async (message) => {
        resent.push(message.deliveryId);
        return notifier.deps.sms.send(message);
      },
    });

    expect(resent.sort()).toEqual([...refused].sort());
    expect(await notifier.smsOutbox.count()).toBe(sentBefore + refused.size);
  });

  it('holds a run that needs approval until another operator approves it; the requester cannot', async () => {
    process.env.DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS = '100';
    try {
      const asked = await runDafaa(['cycle', 'run', '2027-01', '--by', 'ops-amal']);
      expect(asked.exitCode).toBe(0);
      const requestId = /request (\S+)\./.exec(asked.out)?.[1] ?? '';
      expect(requestId).toMatch(/^2027-01-/);
      expect(await paymentsOf(endpoint, '2027-01' as CycleId)).toHaveLength(0);

      const self = await approveAs('ops-amal', requestId);
      expect(self).toMatchObject({
        exitCode: 2,
        err: expect.stringMatching(/ops-amal asked for .* and cannot also approve it/),
      });

      const approved = await approveAs('ops-noura', requestId);
      expect(approved).toMatchObject({
        exitCode: 0,
        err: expect.stringContaining(
          `(local, not signed in: recorded in the audit log as "ops-noura", run by ${userInfo().username})`,
        ),
      });
      const refusedAndApproved = (await localOpsDeps(endpoint).audit.list()).slice(-2);
      expect(refusedAndApproved).toMatchObject([
        { action: 'approval.refused', actor: 'ops-amal', via: { channel: 'local-cli' } },
        { action: 'approval.approve', actor: 'ops-noura', via: { channel: 'local-cli' } },
      ]);
      const ran = await runDafaa(['cycle', 'run', '2027-01', '--by', 'ops-amal']);
      expect(ran.out).toMatch(/^Cycle\s+2027-01, payment 110/m);
      expect(await paymentsOf(endpoint, '2027-01' as CycleId)).toHaveLength(HOUSEHOLDS);
      expect((await runDafaa(['approvals', 'list'])).out).toMatch(
        new RegExp(`${requestId}\\s+2027-01\\s+run\\s+used\\s+ops-amal`),
      );
    } finally {
      delete process.env.DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS;
    }
  });

  it('gates the unattended month on DynamoDB Local as the state machine does: above the threshold nothing is paid until a second operator approves', async () => {
    // Before the months the other tests start: the tick test below reads the last month started.
    const month = '2026-10' as CycleId;
    process.env.DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS = '100';
    const ops = localOpsDeps(endpoint);
    delete process.env.DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS;
    const { execute } = cycleHandlers(localCycleDeps(endpoint), ops.approvals);
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const waiting = await execute({ cycle: month }, `cycle-${month}`);
      expect(waiting.gated).toMatchObject({
        proceed: false,
        approval: { requestId: expect.any(String) },
      });
      expect(await paymentsOf(endpoint, month)).toHaveLength(0);
      const requestId =
        waiting.outcome.ended === 'awaiting-approval' ? waiting.outcome.requestId : '';
      expect((await runDafaa(['approvals', 'list'])).out).toMatch(
        new RegExp(`${requestId}\\s+${month}\\s+run\\s+pending\\s+scheduler`),
      );

      expect((await approveAs('ops-noura', requestId)).exitCode).toBe(0);
      const operator = { requestedBy: 'ops-amal', reason: 'approved by ops-noura' };
      const approved = await execute({ cycle: month, operator }, `run-${month}-20261010T0600Z`);

      expect(approved.finalized?.status).toBe('completed');
      expect(await paymentsOf(endpoint, month)).toHaveLength(HOUSEHOLDS);
      expect(
        (await localCycleDeps(endpoint).cycles.get(month))?.runs.map((run) => run.runner),
      ).toEqual([`run-${month}-20261010T0600Z`]);
    } finally {
      stdout.mockRestore();
    }
  });

  it('moves the tick to the day an override sets, and shows it in the calendar', async () => {
    const override = await runDafaa([
      'calendar',
      'override',
      '2027-03',
      '--date',
      '2027-03-03',
      '--reason',
      'announced early for Eid',
      '--by',
      'ops-amal',
    ]);
    expect(override.out).toBe('Cycle 2027-03 now pays on 2027-03-03 (announced early for Eid).');
    const deps = localCycleDeps(endpoint);
    const { cycle: february } = await planCycle(deps, '2027-02' as CycleId);
    await beginCycleRun(deps, february, false);
    const started: string[] = [];
    const starter: CycleStarter = {
      start: async ({ executionName }) => {
        started.push(executionName);
        return { started: true };
      },
    };
    const tickOn = (riyadhNoon: string) =>
      startDueCycles({
        cycles: deps.cycles,
        starter,
        calendar: deps.calendar,
        calendarOverrides: localOpsDeps(endpoint).overrides.overrides,
        clock: { now: () => new Date(`${riyadhNoon}T00:30:00+03:00`) },
      });

    expect((await tickOn('2027-03-03')).toStart.map((start) => start.cycle)).toEqual(['2027-03']);
    expect(started).toEqual(['cycle-2027-03']);
    // The plan the execution makes pays on the overridden day too.
    expect((await planCycle(deps, '2027-03' as CycleId)).cycle.paymentDate).toBe('2027-03-03');
    const calendar = JSON.parse((await runDafaa(['calendar', '2027-03', '--json'])).out) as {
      date: string;
      reason: string;
    }[];
    expect(calendar[0]).toMatchObject({
      date: '2027-03-03',
      reason: expect.stringMatching(/announced early for Eid/),
    });
    expect(
      (
        await runDafaa([
          'calendar',
          'override',
          '2027-04',
          '--date',
          '2027-02-01',
          '--reason',
          'x',
          '--by',
          'ops',
        ])
      ).exitCode,
    ).toBe(2);
  });

  it('lets one of two contradicting overrides recorded at the same moment through, and checks the other against it', async () => {
    const { overrides, audit } = localOpsDeps(endpoint).overrides;
    // Both operators read the stored overrides before either writes: the race the revision guards.
    let readers = 0;
    let bothRead: () => void = () => undefined;
    const bothHaveRead = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const racing = {
      list: () => overrides.list(),
      read: async () => {
        const stored = await overrides.read();
        readers += 1;
        if (readers === 2) bothRead();
        await bothHaveRead;
        return stored;
      },
      put: overrides.put.bind(overrides),
      remove: overrides.remove.bind(overrides),
    };
    const day = { date: '2027-01-05', recordedAt: '2026-12-20' };
    const results = await Promise.allSettled([
      recordOverride(
        { overrides: racing, audit },
        { kind: 'closed-day', ...day, reason: 'royal directive', recordedBy: 'ops-amal' },
      ),
      recordOverride(
        { overrides: racing, audit },
        { kind: 'open-day', ...day, reason: 'banks open', recordedBy: 'ops-noura' },
      ),
    ]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((result) => result.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(InvalidOverrideError);
    expect(String(refused?.reason)).toMatch(/two day overrides for 2027-01-05/);
    const stored = (await overrides.list()) as { date?: string }[];
    expect(stored.filter((override) => override.date === '2027-01-05')).toHaveLength(1);

    const [kept] = results.filter((result) => result.status === 'fulfilled');
    const keptKind = kept?.status === 'fulfilled' ? kept.value.kind : 'closed-day';
    await removeOverride(
      { overrides, audit },
      { kind: keptKind, key: '2027-01-05', actor: 'ops-amal', reason: 'test over' },
    );
    await expect(
      removeOverride(
        { overrides, audit },
        { kind: keptKind, key: '2027-01-05', actor: 'ops-amal', reason: 'again' },
      ),
    ).rejects.toThrow(`there is no stored ${keptKind} override for 2027-01-05`);
  });

  it('starts no run of a cycle on hold until it is released', async () => {
    expect(
      (
        await runDafaa([
          'cycle',
          'hold',
          '2027-01',
          '--reason',
          'bank file under review',
          '--by',
          'ops-amal',
        ])
      ).exitCode,
    ).toBe(0);
    const refused = await runDafaa([
      'cycle',
      'rerun',
      '2027-01',
      '--reason',
      'again',
      '--by',
      'ops-amal',
    ]);
    expect(refused).toMatchObject({
      exitCode: 2,
      err: expect.stringMatching(
        /on hold since .* by ops-amal \(bank file under review\): release it first/,
      ),
    });
    expect(
      (await runDafaa(['cycle', 'release', '2027-01', '--reason', 'reviewed', '--by', 'ops-noura']))
        .exitCode,
    ).toBe(0);
    expect((await runDafaa(['audit', 'verify'])).exitCode).toBe(0);
  });
});
