import type { AuditLog } from '../audit/ports.ts';
import type { CycleId } from '../calendar/calendar-date.ts';
import { householdSchema } from '../households/household.ts';
import { notificationIdOf } from '../notifications/notification.ts';
import type { DeliveryRepository } from '../notifications/ports.ts';
import { notificationFor } from './assess-household.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { assertCycleCanRun } from './cycle-guards.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleError, CycleNotFoundError } from './errors.ts';
import type { CycleFlow, CycleFlowOutcome } from './ports.ts';

/**
 * Ops' rerun of a cycle.
 * In: the month, why, who, and whether only what failed. Out: the cycle after the rerun and what it
 * changed. A full rerun passes over every household and pays only those not yet paid; with
 * `onlyFailed` it redoes only the segments that did not finish and requeues only this cycle's
 * messages that failed or were dead-lettered. Every rerun is recorded on the cycle and audited.
 */

export interface RerunDeps extends CycleDeps {
  readonly audit: AuditLog;
  readonly deliveries: Pick<DeliveryRepository, 'list' | 'reopen'>;
  /** The cycle's flow, run to its end (locally, the synthesized state machine). */
  readonly flow: CycleFlow;
}

export interface RerunResult {
  /** How the flow ended: a rerun above the approval thresholds waits for a second operator. */
  readonly outcome: CycleFlowOutcome;
  /** The cycle after the rerun; before it when the rerun waits for approval. */
  readonly cycle: CycleRecord;
  readonly newlyWritten: number;
  readonly messagesRequeued: number;
}

export async function rerunCycle(
  deps: RerunDeps,
  input: {
    readonly cycle: CycleId;
    readonly reason: string;
    readonly requestedBy: string;
    readonly onlyFailed: boolean;
    /** The execution's name: recorded as the rerun's runner. */
    readonly executionName: string;
    /** Whether an earlier runner is still alive (a local process); without it, an hour tells. */
    readonly isRunnerAlive?: (runner: string) => boolean | undefined;
  },
): Promise<RerunResult> {
  const before = await deps.cycles.get(input.cycle);
  if (!before) {
    throw new CycleNotFoundError(
      `cycle ${input.cycle} has not been run: run it first with "dafaa cycle run ${input.cycle}"`,
    );
  }
  assertCycleCanRun(before, deps.clock.now(), input.isRunnerAlive);

  const paidBefore = await paidSoFar(deps, before);
  const outcome = await deps.flow.run({
    cycle: input.cycle,
    executionName: input.executionName,
    fullPass: !input.onlyFailed,
    rerun: { reason: input.reason, requestedBy: input.requestedBy },
  });
  if (outcome.ended === 'awaiting-approval') {
    return { outcome, cycle: before, newlyWritten: 0, messagesRequeued: 0 };
  }
  let result: RerunResult | undefined;
  try {
    const cycle = (await deps.cycles.get(input.cycle)) ?? before;
    const finalized = outcome.ended === 'finalized';
    const messagesRequeued =
      finalized && input.onlyFailed ? await requeueFailedMessages(deps, input.cycle) : 0;
    const newlyWritten = input.onlyFailed
      ? Math.max(0, (cycle.totals?.paid ?? 0) - paidBefore)
      : (cycle.totals?.newlyWritten ?? 0);
    result = { outcome, cycle, newlyWritten, messagesRequeued };
  } finally {
    // Recorded whether the rerun finished or not: an attempt is a change ops must be able to see.
    await deps.audit.append({
      actor: input.requestedBy,
      action: input.onlyFailed ? 'cycle.rerun-failed' : 'cycle.rerun',
      subject: `cycle:${input.cycle}`,
      reason: input.reason,
      details: {
        executionName: input.executionName,
        outcome: outcome.ended === 'finalized' && result ? 'finished' : 'failed',
        ...(outcome.ended === 'failed' ? { error: `${outcome.error}: ${outcome.cause}` } : {}),
        statusBefore: before.status,
        statusAfter: result?.cycle.status ?? null,
        paidBefore,
        paidAfter: result?.cycle.totals?.paid ?? null,
        amountHalalasBefore: before.totals?.amountHalalas ?? 0,
        amountHalalasAfter: result?.cycle.totals?.amountHalalas ?? null,
        newlyWritten: result?.newlyWritten ?? null,
        messagesRequeued: result?.messagesRequeued ?? null,
        failedSegments: result?.cycle.incompleteSegments ?? null,
      },
    });
  }
  return result;
}

/**
 * Requeues the messages of this cycle that failed or were dead-lettered, once per message (both
 * channels may have failed): the message is rebuilt from the payment record and the household
 * first, and only then are its deliveries reopened for one more claim, so a message that cannot be
 * rebuilt is left failed, not stranded.
 */
export async function requeueFailedMessages(
  deps: Pick<
    RerunDeps,
    'deliveries' | 'households' | 'payments' | 'notifications' | 'rules' | 'clock'
  >,
  cycle: CycleId,
): Promise<number> {
  const failed = new Map<string, { householdId: string; deliveryIds: string[] }>();
  for await (const delivery of deps.deliveries.list()) {
    if (delivery.status !== 'failed' && delivery.status !== 'dead-lettered') continue;
    if (delivery.event !== 'payment-deposited' && delivery.event !== 'not-eligible') continue;
    if (delivery.notificationId !== notificationIdOf(delivery.event, cycle, delivery.householdId))
      continue;
    const entry = failed.get(delivery.notificationId) ?? {
      householdId: delivery.householdId,
      deliveryIds: [],
    };
    entry.deliveryIds.push(delivery.deliveryId);
    failed.set(delivery.notificationId, entry);
  }
  let requeued = 0;
  for (const { householdId, deliveryIds } of failed.values()) {
    const household = householdSchema.parse(await deps.households.get(householdId));
    const record = await deps.payments.get(cycle, householdId);
    if (record === undefined) {
      throw new CycleError(`payment ${cycle}#${householdId} does not exist`);
    }
    const notification = notificationFor(household, record, deps.rules);
    for (const deliveryId of deliveryIds)
      await deps.deliveries.reopen(deliveryId, deps.clock.now().toISOString());
    await deps.notifications.enqueue([notification]);
    requeued += 1;
  }
  return requeued;
}

/** Households paid so far: the segments' tallies, which a crash leaves as they were at the last checkpoint. */
async function paidSoFar(deps: Pick<CycleDeps, 'cycles'>, record: CycleRecord): Promise<number> {
  const segments = await deps.cycles.listSegments(record.cycle);
  return segments.reduce((sum, segment) => sum + segment.tally.paid, 0);
}
