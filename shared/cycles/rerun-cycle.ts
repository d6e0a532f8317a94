import type { CycleId } from '../calendar/calendar-date.ts';
import { householdSchema } from '../households/household.ts';
import { notificationIdOf } from '../notifications/notification.ts';
import type { AuditLog } from '../ports/audit-log.ts';
import type { DeliveryRepository } from '../ports/delivery-repository.ts';
import { notificationFor } from './assess-household.ts';
import { type CycleDeps, parseStored } from './cycle-deps.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleError, CycleNotFoundError } from './errors.ts';
import { paymentRecordSchema } from './payment-record.ts';
import { getCycle, runCycle } from './run-cycle.ts';

/**
 * Ops' rerun of a cycle.
 * In: the month, why, who, and whether only what failed. Out: the cycle after the rerun and what it
 * changed. A full rerun passes over every household and pays only those not yet paid; with
 * `onlyFailed` it redoes only the segments that did not finish and requeues only this cycle's
 * messages that failed or were dead-lettered. Every rerun is recorded on the cycle and audited.
 */

/** A run of this cycle is under way (started within the hour, not finished). */
export class CycleRunningError extends CycleError {
  override readonly name: string = 'CycleRunningError';
}

/** The cycle is on hold: release it first. */
export class CycleOnHoldError extends CycleError {
  override readonly name: string = 'CycleOnHoldError';
}

/** A run left unfinished for longer than this is taken as dead (a crashed process), not running. */
const RUN_PRESUMED_DEAD_AFTER_MS = 60 * 60 * 1000;

export interface RerunDeps extends CycleDeps {
  readonly audit: AuditLog;
  readonly deliveries: Pick<DeliveryRepository, 'list' | 'reopen'>;
}

export interface RerunResult {
  readonly cycle: CycleRecord;
  readonly newlyWritten: number;
  readonly messagesRequeued: number;
  readonly failedSegments: readonly { segment: number; error: string }[];
}

/**
 * Refuses to start a cycle that is on hold or running now. A run is running while it is unfinished
 * and its runner is alive (when `isRunnerAlive` can tell), or, when it cannot, for an hour.
 */
export function assertCycleCanRun(
  record: CycleRecord,
  now: Date,
  isRunnerAlive: (runner: string) => boolean | undefined = () => undefined,
): void {
  if (record.hold) {
    throw new CycleOnHoldError(
      `cycle ${record.cycle} is on hold since ${record.hold.at} by ${record.hold.by} (${record.hold.reason}): release it first`,
    );
  }
  const last = record.runs.at(-1);
  const alive = last?.runner === undefined ? undefined : isRunnerAlive(last.runner);
  if (
    record.status === 'running' &&
    last?.finishedAt === null &&
    (alive ?? now.getTime() - Date.parse(last.startedAt) < RUN_PRESUMED_DEAD_AFTER_MS)
  ) {
    throw new CycleRunningError(
      `cycle ${record.cycle} is running since ${last.startedAt}: wait for it to finish`,
    );
  }
}

export async function rerunCycle(
  deps: RerunDeps,
  input: {
    readonly cycle: CycleId;
    readonly reason: string;
    readonly requestedBy: string;
    readonly onlyFailed: boolean;
    readonly segmentConcurrency: number;
    /** Who runs it (`host:pid`), and how to tell whether an earlier runner is still alive. */
    readonly runner?: string;
    readonly isRunnerAlive?: (runner: string) => boolean | undefined;
    readonly onProgress?: (progress: { segment: number; households: number }) => void;
  },
): Promise<RerunResult> {
  const before = await getCycle(deps, input.cycle);
  if (!before) {
    throw new CycleNotFoundError(
      `cycle ${input.cycle} has not been run: run it first with "dafaa cycle run ${input.cycle}"`,
    );
  }
  assertCycleCanRun(before, deps.clock.now(), input.isRunnerAlive);

  const { cycle, failedSegments } = await runCycle(deps, {
    cycle: input.cycle,
    fullPass: !input.onlyFailed,
    rerun: { reason: input.reason, requestedBy: input.requestedBy },
    ...(input.runner === undefined ? {} : { runner: input.runner }),
    segmentConcurrency: input.segmentConcurrency,
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const messagesRequeued = input.onlyFailed ? await requeueFailedMessages(deps, input.cycle) : 0;
  const newlyWritten = input.onlyFailed
    ? Math.max(0, (cycle.totals?.paid ?? 0) - (before.totals?.paid ?? 0))
    : (cycle.totals?.newlyWritten ?? 0);
  await deps.audit.append({
    actor: input.requestedBy,
    action: input.onlyFailed ? 'cycle.rerun-failed' : 'cycle.rerun',
    subject: `cycle:${input.cycle}`,
    reason: input.reason,
    details: {
      statusBefore: before.status,
      statusAfter: cycle.status,
      paidBefore: before.totals?.paid ?? 0,
      paidAfter: cycle.totals?.paid ?? 0,
      amountHalalasBefore: before.totals?.amountHalalas ?? 0,
      amountHalalasAfter: cycle.totals?.amountHalalas ?? 0,
      newlyWritten,
      messagesRequeued,
      failedSegments: failedSegments.map((failure) => failure.segment),
    },
  });
  return { cycle, newlyWritten, messagesRequeued, failedSegments };
}

/**
 * Requeues the messages of this cycle that failed or were dead-lettered: each delivery is reopened
 * for one more claim and its notification rebuilt from the payment record and the household.
 */
async function requeueFailedMessages(deps: RerunDeps, cycle: CycleId): Promise<number> {
  let requeued = 0;
  for await (const delivery of deps.deliveries.list()) {
    if (delivery.status !== 'failed' && delivery.status !== 'dead-lettered') continue;
    if (delivery.event !== 'payment-deposited' && delivery.event !== 'not-eligible') continue;
    if (delivery.notificationId !== notificationIdOf(delivery.event, cycle, delivery.householdId))
      continue;
    if (!(await deps.deliveries.reopen(delivery.deliveryId, deps.clock.now().toISOString())))
      continue;
    const household = householdSchema.parse(await deps.households.get(delivery.householdId));
    const record = parseStored(
      paymentRecordSchema,
      await deps.payments.get(cycle, delivery.householdId),
      `payment ${cycle}#${delivery.householdId}`,
    );
    await deps.notifications.enqueue([notificationFor(household, record, deps.rules)]);
    requeued += 1;
  }
  return requeued;
}

/**
 * Puts a cycle on hold, or releases it.
 * In: the month, who and why. Out: the cycle record; audited. A held cycle starts no run.
 */
export async function setCycleHold(
  deps: Pick<CycleDeps, 'cycles' | 'clock'> & { readonly audit: AuditLog },
  input: {
    readonly cycle: CycleId;
    readonly hold: boolean;
    readonly by: string;
    readonly reason: string;
  },
): Promise<CycleRecord> {
  const record = await getCycle(deps, input.cycle);
  if (!record) throw new CycleNotFoundError(`cycle ${input.cycle} has not been planned`);
  if (input.hold === (record.hold !== null)) {
    throw new CycleError(
      `cycle ${input.cycle} is ${record.hold ? 'already on hold' : 'not on hold'}`,
    );
  }
  const updated: CycleRecord = {
    ...record,
    hold: input.hold
      ? { by: input.by, reason: input.reason, at: deps.clock.now().toISOString() }
      : null,
  };
  await deps.cycles.put(updated);
  await deps.audit.append({
    actor: input.by,
    action: input.hold ? 'cycle.hold' : 'cycle.release',
    subject: `cycle:${input.cycle}`,
    reason: input.reason,
    details: { status: record.status },
  });
  return updated;
}
