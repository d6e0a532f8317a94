import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRegister } from '../../../cli/seed/generate-register.ts';
import { METRICS, type MetricSpec } from '../../../functions/metric-names.ts';
import { createNotifyHandler } from '../../../functions/notify.ts';
import { logger } from '../../../functions/observability.ts';
import type { IsoDate } from '../../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../../shared/config/ops-settings.ts';
import { c } from '../../support/calendar.ts';
import { type CapturedOutput, captureOutput } from '../../support/captured-output.ts';
import { cycleHandlers } from '../../support/cycle-flow.ts';
import { inMemoryCycle } from '../../support/cycles.ts';
import { InMemoryApprovals } from '../../support/fakes/in-memory-approvals.ts';
import { InMemoryAuditLog } from '../../support/fakes/in-memory-audit-log.ts';
import { InMemoryDeferredStore, recordingQueue } from '../../support/fakes/in-memory-deferral.ts';
import { fakeNotifier } from '../../support/fakes/in-memory-notifier.ts';
import { aMobileOf, leaksIn, personalValues } from '../../support/personal-data.ts';

/**
 * A whole month as the functions log it: the seeded register paid through the synthesized state
 * machine (plan, project, gate, every segment, finalize), then every notification it queued sent
 * by the notify handler in SQS batches of ten, all through the Powertools logger and metrics as in
 * Lambda. Every line is JSON; none holds a national id, mobile number,
 * email address or IBAN of the register (searched for by value, in the forms a log could carry
 * them), and every metric emitted is a registered one.
 */

const HOUSEHOLDS = 40;

async function runTheMonth() {
  const fakes = inMemoryCycle();
  const register = [
    ...generateRegister({
      households: HOUSEHOLDS,
      seed: 13,
      arrearsDueBy: c('2026-12'),
      asOf: '2026-10-01' as IsoDate,
    }),
  ];
  await fakes.households.putMany(register);
  const approvals = new InMemoryApprovals();
  const { clock } = fakes.deps;
  const audit = new InMemoryAuditLog(clock);
  const { execute } = cycleHandlers(fakes.deps, {
    approvals,
    audit,
    settings: defaultOpsSettings,
    clock,
  });
  const { finalized } = await execute({ cycle: c('2026-12') }, 'cycle-2026-12');
  const notifier = fakeNotifier();
  const deferral = { queue: recordingQueue().queue, deferred: new InMemoryDeferredStore() };
  const notify = createNotifyHandler(() => ({ ...notifier.deps, deferral }));
  const queued = fakes.notifications.queued;
  for (let start = 0; start < queued.length; start += 10) {
    const Records = queued.slice(start, start + 10).map((notification, index) => ({
      messageId: `m${start + index}`,
      receiptHandle: `r${start + index}`,
      body: JSON.stringify(notification),
    }));
    await notify({ Records } as SQSEvent, {} as Context);
  }
  return { register, finalized, queued, notifier };
}

describe("a local month's logs", () => {
  let output: CapturedOutput;
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    output.restore();
  });

  it('are JSON keyed by cycle, segment, execution and notification, with no personal data', async () => {
    const { register, finalized, queued, notifier } = await runTheMonth();

    expect(finalized?.status).toBe('completed');
    expect(queued.length).toBeGreaterThan(HOUSEHOLDS / 2);
    expect(notifier.sms.sent.length + notifier.email.sent.length).toBeGreaterThan(0);
    const lines = output.lines();
    // The local interpreter runs the map's segments at once in one process, sharing one Metrics:
    // one segment's flush publishes the other's metrics, whose own flush then finds none and says
    // so in plain text. In Lambda a container runs one invocation at a time.
    const localOnly = /^No application metrics to publish/;
    expect(lines.filter((line) => !line.startsWith('{') && !localOnly.test(line))).toEqual([]);
    const logs = output.logs();
    const messages = (message: string) => logs.filter((line) => line.message === message);
    expect(messages('segment done').map((line) => [line.cycle, typeof line.segment])).toEqual(
      messages('segment done').map(() => ['2026-12', 'number']),
    );
    expect(messages('cycle proceeds to payment')).toEqual([
      expect.objectContaining({ cycle: '2026-12', execution: 'cycle-2026-12' }),
    ]);
    expect(messages('notification')).toHaveLength(queued.length);
    expect(messages('notification').every((line) => typeof line.notificationId === 'string')).toBe(
      true,
    );
    expect(leaksIn(lines, personalValues(register))).toEqual([]);
  });

  it('emit only the registered metrics, each with the dimensions the alarms read', async () => {
    await runTheMonth();

    const emitted = output.metrics().flatMap((document) => {
      const [directive] = (
        document._aws as {
          CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[];
        }
      ).CloudWatchMetrics;
      return (directive?.Metrics ?? []).map(({ Name }) => ({
        Name,
        Dimensions: directive?.Dimensions,
      }));
    });
    const names = new Set(emitted.map(({ Name }) => Name));

    for (const { Name, Dimensions } of emitted) {
      const spec = (METRICS as Record<string, MetricSpec>)[Name];
      expect(spec, Name).toBeDefined();
      expect(Dimensions).toEqual([['service', ...(spec?.dimensions ?? [])]]);
    }
    for (const name of [
      'HouseholdsProcessed',
      'CycleCompleted',
      'MessagesSent',
      'MessagesFailed',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('would be caught holding a mobile number', async () => {
    const { register } = await runTheMonth();
    const mobile = aMobileOf(register);

    logger.info('notification', { notificationId: 'n-1', to: mobile });

    const found = leaksIn(output.lines(), personalValues(register));
    expect(found.map(({ value }) => value)).toContain(mobile);
  });
});
