import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/ports.ts';
import type { CycleId } from '../calendar/calendar-date.ts';
import type { DeliveryRepository } from '../notifications/ports.ts';
import type { CycleDeps } from './cycle-deps.ts';
import { assertCycleCanRun } from './cycle-guards.ts';
import type { CycleRecord } from './cycle-record.ts';
import { CycleNotFoundError } from './errors.ts';
import type { CycleExecutions } from './ports.ts';
import { requeueFailedMessages } from './rerun-cycle.ts';
import type { RunOperator } from './run-request.ts';
import { cycleExecutionName } from './start-due-cycles.ts';

/**
 * Ops' run and rerun of a month as they start in AWS: an execution of the cycle's state machine
 * (locally, the same definition run in the background), which projects the month and stops at its
 * gate for a second person's approval when the month passes the thresholds. Both return at once:
 * what was started, under which name. The ops API calls these everywhere; the CLI with `--target aws`.
 */

export interface StartedExecution {
  /** `started`, or nothing started: the month's run is `running`, or the month `ran-already`. */
  readonly outcome: 'started' | 'running' | 'ran-already';
  readonly executionName: string | null;
  /** The scheduled execution had ended without running the month, so this one has another name. */
  readonly restarted: boolean;
  /** The month's status when it `ran-already`. */
  readonly status?: CycleRecord['status'];
}

export interface StartDeps {
  readonly cycles: CycleDeps['cycles'];
  readonly clock: CycleDeps['clock'];
  readonly executions: CycleExecutions;
}

/** A second person's approval that a start resumes: recorded with the start. */
export interface ResumedApproval {
  readonly requestId: string;
  readonly approvedBy: string;
}

/**
 * A month's run: the month's execution, `cycle-YYYY-MM`, unless it exists already. If that one
 * ended without running the month (it waited for approval, or failed before its gate), a new
 * execution under a stamped name; if it is running, or the month has run, nothing is started.
 */
export async function startRun(
  deps: StartDeps,
  input: { readonly cycle: CycleId; readonly operator: RunOperator },
): Promise<StartedExecution> {
  const { cycle, operator } = input;
  const existing = await deps.cycles.get(cycle);
  if (existing) await assertCanStart(deps, existing);
  if (existing && existing.runs.length > 0) {
    return {
      outcome: 'ran-already',
      executionName: null,
      restarted: false,
      status: existing.status,
    };
  }
  const scheduled = cycleExecutionName(cycle);
  if ((await deps.executions.start({ cycle, executionName: scheduled, operator })).started) {
    return { outcome: 'started', executionName: scheduled, restarted: false };
  }
  if (await deps.executions.isRunning(scheduled)) {
    return { outcome: 'running', executionName: scheduled, restarted: false };
  }
  const executionName = uniqueName('run', cycle, deps.clock.now());
  await deps.executions.start({ cycle, executionName, operator });
  return { outcome: 'started', executionName, restarted: true };
}

export interface RerunStartDeps extends StartDeps {
  readonly audit: AuditLog;
  readonly requeue: Parameters<typeof requeueFailedMessages>[0] & {
    readonly deliveries: Pick<DeliveryRepository, 'list' | 'reopen'>;
  };
}

/**
 * A rerun: a new execution under a new name (recorded, so each rerun is its own), a full pass
 * unless only what failed is asked for, in which case the failed messages are requeued here. The
 * start is audited, with the approval it resumes when it does.
 */
export async function startRerun(
  deps: RerunStartDeps,
  input: {
    readonly cycle: CycleId;
    readonly reason: string;
    readonly requestedBy: string;
    readonly requestedByName?: string | undefined;
    readonly onlyFailed: boolean;
    /** Who starts it, when not who asked: the approver resuming the request. */
    readonly actor?: string;
    readonly approval?: ResumedApproval;
  },
): Promise<StartedExecution & { readonly messagesRequeued: number }> {
  const existing = await deps.cycles.get(input.cycle);
  if (!existing) {
    throw new CycleNotFoundError(`cycle ${input.cycle} has not been run: run it first`);
  }
  await assertCanStart(deps, existing);
  const executionName = uniqueName('rerun', input.cycle, deps.clock.now());
  const rerun = {
    reason: input.reason,
    requestedBy: input.requestedBy,
    ...(input.requestedByName ? { requestedByName: input.requestedByName } : {}),
  };
  await deps.executions.start({
    cycle: input.cycle,
    executionName,
    fullPass: !input.onlyFailed,
    rerun,
  });
  const messagesRequeued = input.onlyFailed
    ? await requeueFailedMessages(deps.requeue, input.cycle)
    : 0;
  await deps.audit.append({
    actor: input.actor ?? input.requestedBy,
    action: input.onlyFailed ? 'cycle.rerun-failed' : 'cycle.rerun',
    subject: `cycle:${input.cycle}`,
    reason: input.reason,
    details: {
      executionName,
      fullPass: !input.onlyFailed,
      messagesRequeued,
      requestedBy: input.requestedBy,
      ...(input.approval
        ? { approvalRequestId: input.approval.requestId, approvedBy: input.approval.approvedBy }
        : {}),
    },
  });
  return { outcome: 'started', executionName, restarted: false, messagesRequeued };
}

/**
 * Refuses a month on hold or running now. Whether its last run's runner is alive is asked of the
 * executions (Step Functions in AWS, this process locally): a run pays for up to 12 hours.
 */
async function assertCanStart(deps: StartDeps, record: CycleRecord): Promise<void> {
  const last = record.runs.at(-1);
  const running =
    last?.runner === undefined || last.finishedAt !== null
      ? undefined
      : await deps.executions.isRunning(last.runner);
  assertCycleCanRun(record, deps.clock.now(), () => running);
}

/**
 * A new execution's name: what, the month, when (UTC), and a random tail, so that two starts in one
 * second (a request and its approval's resume) are two executions: `rerun-2026-12-20261211T063000Z-3f9c1a`.
 */
const uniqueName = (kind: 'run' | 'rerun', cycle: CycleId, now: Date) =>
  `${kind}-${cycle}-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-${randomUUID().slice(0, 6)}`;
