import { userInfo } from 'node:os';
import { THROTTLING_ERROR_NAMES } from '../../shared/adapters/aws-error.ts';
import type { AuditLog } from '../../shared/audit/ports.ts';
import { type CycleId, parseCycleId } from '../../shared/calendar/calendar-date.ts';
import type { ApprovalDeps } from '../../shared/cycles/approvals.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import { assertCycleCanRun } from '../../shared/cycles/cycle-guards.ts';
import type { CycleRecord, SegmentRecord } from '../../shared/cycles/cycle-record.ts';
import { CycleNotFoundError } from '../../shared/cycles/errors.ts';
import { setCycleHold } from '../../shared/cycles/hold-cycle.ts';
import type {
  CycleExecutions,
  CycleFlowOutcome,
  CycleStartRequest,
} from '../../shared/cycles/ports.ts';
import { rerunCycle } from '../../shared/cycles/rerun-cycle.ts';
import {
  type StartedExecution,
  startRerun,
  startRun,
} from '../../shared/cycles/start-cycle-execution.ts';
import { cycleExecutionName } from '../../shared/cycles/start-due-cycles.ts';
import type { DeliveryRepository } from '../../shared/notifications/ports.ts';
import type { CycleMessages } from '../../shared/notifications/receipt-ports.ts';
import { EXIT, UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { type LocalFlowDeps, localCycleFlow } from '../cycle-flow.ts';
import { isRunnerAlive, localExecutionName } from '../local-stack/process-alive.ts';
import { renderCycleCsv, renderCycleSummary } from '../render/cycle-summary.ts';
import { renderMessageEndings } from '../render/message-endings.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { cycleOpsCommand, renderCycleBreakdown } from './cycle-ops-command.ts';

export const CYCLE_USAGE =
  'usage: dafaa cycle run|rerun|status|report|hold|release|plan|export YYYY-MM [--reason TEXT] [--by OPERATOR] [--only-failed] [--full-pass] [--csv] [--dry-run]';

/** What the ops actions need beside the cycle's own ports. */
export interface CycleOps {
  readonly audit: AuditLog;
  readonly approvals: ApprovalDeps;
  readonly deliveries: Pick<DeliveryRepository, 'list' | 'reopen'> & CycleMessages;
  /** With `--target aws`: runs start the state machine instead of running here. */
  readonly starter?: CycleExecutions;
}

/** `dafaa cycle run|status|report <month>` against the local stack. */
export async function cycleCommand(
  deps: () => CycleDeps,
  args: readonly string[],
  io: CliIo,
  ops: () => CycleOps,
): Promise<number> {
  if (args[0] === 'export' || args[0] === 'plan') return cycleOpsCommand(deps, args, io);
  const { values, positionals } = parseCommandLine(
    args,
    {
      'full-pass': { type: 'boolean', default: false },
      'only-failed': { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      reason: { type: 'string' },
      by: { type: 'string', default: userInfo().username },
    },
    CYCLE_USAGE,
    2,
  );
  const [action, month] = positionals;
  if (!action || !month) throw new UsageError(CYCLE_USAGE);
  const cycle = parseCycleId(month);
  switch (action) {
    case 'run': {
      const cycleDeps = deps();
      const operator = { requestedBy: values.by, reason: values.reason ?? 'monthly run' };
      const { starter, approvals } = ops();
      // In AWS the state machine projects and gates the run itself, as it does the tick's.
      if (starter) {
        const started = await startRun(
          { cycles: cycleDeps.cycles, clock: { now: () => io.now() }, executions: starter },
          { cycle, operator },
        );
        io.out(describeRunStart(cycle, started));
        return 0;
      }
      const existing = await cycleDeps.cycles.get(cycle);
      if (existing) assertCycleCanRun(existing, io.now(), isRunnerAlive);
      const run = await runCycleWithProgress(cycleDeps, approvals, {
        cycle,
        executionName: localExecutionName('run', cycle, io.now()),
        fullPass: values['full-pass'],
        operator,
      });
      io.out(run.report);
      if (run.throttled) return EXIT.transient;
      return run.outcome.ended === 'failed' ? EXIT.bug : EXIT.ok;
    }
    case 'rerun': {
      if (!values.reason?.trim()) {
        throw new UsageError(
          `a rerun needs --reason TEXT: every rerun is recorded with why (dafaa cycle rerun ${cycle} --reason "...")`,
        );
      }
      const cycleDeps = deps();
      const { audit, approvals, deliveries, starter } = ops();
      // In AWS the state machine projects and gates the rerun itself.
      if (starter) {
        const started = await startRerun(
          {
            cycles: cycleDeps.cycles,
            clock: { now: () => io.now() },
            executions: starter,
            audit,
            requeue: { ...cycleDeps, deliveries },
          },
          {
            cycle,
            reason: values.reason,
            requestedBy: values.by,
            onlyFailed: values['only-failed'],
          },
        );
        io.out(
          `Started ${started.executionName} (${values['only-failed'] ? 'unfinished segments only' : 'a full pass'}) on the cycle state machine; ${started.messagesRequeued} failed messages requeued.`,
        );
        return 0;
      }
      const existing = await cycleDeps.cycles.get(cycle);
      if (!existing)
        throw new CycleNotFoundError(
          `cycle ${cycle} has not been run: run it first with "dafaa cycle run ${cycle}"`,
        );
      assertCycleCanRun(existing, io.now(), isRunnerAlive);
      const progress = progressReporter(cycle);
      const flow = localCycleFlow({
        cycle: cycleDeps,
        approvals,
        isRunnerAlive,
        ...progress.hooks,
      });
      const result = await rerunCycle(
        { ...cycleDeps, audit, deliveries, flow },
        {
          cycle,
          reason: values.reason,
          requestedBy: values.by,
          onlyFailed: values['only-failed'],
          executionName: localExecutionName('rerun', cycle, io.now()),
          isRunnerAlive,
        },
      );
      progress.finish();
      if (result.outcome.ended === 'awaiting-approval') {
        io.out(waitingForApproval({ kind: 'rerun', cycle, ...result.outcome }));
        return 0;
      }
      io.out(
        `Rerun of ${cycle} by ${values.by} (${values.reason}): ${result.newlyWritten} households newly paid, ${result.messagesRequeued} failed messages requeued; cycle ${result.cycle.status}.`,
      );
      if (result.outcome.ended === 'failed') io.out(executionFailed(result.outcome));
      io.out(renderCycleSummary(result.cycle));
      return result.outcome.ended === 'failed' ? 1 : 0;
    }
    case 'hold':
    case 'release': {
      if (!values.reason?.trim()) throw new UsageError(`${action} needs --reason TEXT`);
      const updated = await setCycleHold(
        { ...deps(), audit: ops().audit },
        { cycle, hold: action === 'hold', by: values.by, reason: values.reason },
      );
      io.out(
        updated.hold
          ? `Cycle ${cycle} is on hold: no run starts until it is released.`
          : `Cycle ${cycle} is released.`,
      );
      return 0;
    }
    case 'status':
      io.out(await cycleStatus(deps(), cycle));
      return 0;
    case 'report': {
      const record = await deps().cycles.get(cycle);
      if (!record)
        throw new CycleNotFoundError(
          `cycle ${cycle} has not been run: run it with "dafaa cycle run ${cycle}"`,
        );
      if (values.csv) {
        io.out(renderCycleCsv(record));
        return 0;
      }
      const messages = await ops().deliveries.countByCycle(cycle);
      io.out(
        `${renderCycleSummary(record)}\n\n${renderCycleBreakdown(record)}\n\n${renderMessageEndings(cycle, messages)}`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown cycle action "${action}"; ${CYCLE_USAGE}`);
  }
}

/** What `cycle run --target aws` started, and how to follow it. */
function describeRunStart(cycle: CycleId, started: StartedExecution): string {
  const follow = `follow it with "dafaa cycle status ${cycle} --target aws"`;
  const gate = `It projects the month first: above the approval thresholds it stops before paying, and "dafaa approvals list --target aws" shows the request; once another operator approves it, run this command again.`;
  switch (started.outcome) {
    case 'ran-already':
      return `Cycle ${cycle} has run already (${started.status}): see "dafaa cycle status ${cycle} --target aws"; to pay what a run missed: dafaa cycle rerun ${cycle} --reason "..." --target aws`;
    case 'running':
      return `${started.executionName} is running: ${follow}.`;
    case 'started':
      return started.restarted
        ? `${cycleExecutionName(cycle)} ended without running the month (it waited for approval, or failed before paying): started ${started.executionName}: ${follow}. ${gate}`
        : `Started ${started.executionName} on the cycle state machine: ${follow}. ${gate}`;
  }
}

/** What a run waiting for a second operator says, and how that operator approves it. */
function waitingForApproval(request: {
  kind: 'run' | 'rerun';
  cycle: CycleId;
  requestId: string;
  why: string;
}): string {
  return `The ${request.kind} of ${request.cycle} waits for a second operator's approval (${request.why}): request ${request.requestId}. Another operator: dafaa approvals approve ${request.requestId} --by OPERATOR --reason "..."`;
}

/** A failed execution, in one line: the error its Fail state reports, and what to do. */
function executionFailed(outcome: { error: string; cause: string }): string {
  return `The cycle's execution failed: ${outcome.error}: ${outcome.cause}. See "dafaa cycle status" for its segments; rerun with --only-failed once the cause is fixed.`;
}

/** A progress bar on stderr for a run: sized by the plan, advanced by every page a segment pays. */
export function progressReporter(cycle: CycleId, label = `Cycle ${cycle}`) {
  let bar: ReturnType<typeof createProgressBar> | undefined;
  return {
    hooks: {
      onPlanned: (planned: { householdEstimate: number }) => {
        bar = createProgressBar(label, planned.householdEstimate);
      },
      onProgress: ({ households }: { households: number }) => bar?.advance(households),
    },
    finish: () => bar?.finish(),
  };
}

/**
 * Runs a month here as the state machine runs it in AWS (plan, projections, the approval gate,
 * payments, finalize), with a progress bar on stderr; returns how it ended and what to print: the
 * summary table, the approval it waits for, or why it failed.
 */
export async function runCycleWithProgress(
  deps: CycleDeps,
  approvals: ApprovalDeps,
  request: CycleStartRequest,
  hooks: Pick<LocalFlowDeps, 'onGated' | 'onStates'> = {},
): Promise<{ outcome: CycleFlowOutcome; report: string; throttled: boolean }> {
  const started = performance.now();
  const progress = progressReporter(request.cycle);
  const flow = localCycleFlow({
    cycle: deps,
    approvals,
    isRunnerAlive,
    ...progress.hooks,
    ...hooks,
  });
  const outcome = await flow.run(request);
  progress.finish();
  const seconds = (performance.now() - started) / 1000;
  if (outcome.ended === 'awaiting-approval') {
    const kind = request.rerun ? 'rerun' : 'run';
    return {
      outcome,
      report: waitingForApproval({ kind, cycle: request.cycle, ...outcome }),
      throttled: false,
    };
  }
  const record = await deps.cycles.get(request.cycle);
  const segments = await deps.cycles.listSegments(request.cycle);
  const failures = segments
    .filter((segment) => segment.status !== 'done' && segment.lastError)
    .map((segment) => `segment ${segment.segment} failed: ${segment.lastError}`);
  const throttled = throttledStop(request.cycle, segments, outcome, record);
  const lines =
    throttled !== null
      ? [throttled]
      : [
          ...failures,
          ...(outcome.ended === 'failed' ? [executionFailed(outcome)] : []),
          ...(record ? [renderCycleSummary(record, seconds)] : []),
        ];
  return { outcome, report: lines.join('\n'), throttled: throttled !== null };
}

/**
 * What a run stopped by throttling says, or null when something else stopped it (or nothing did).
 * Throttled: every segment left unfinished (or, with none recorded, the execution) stopped on a
 * throttled call. That is the store's pace, not the data: nothing is lost or paid twice, and the
 * same command continues from each segment's checkpoint.
 */
export function throttledStop(
  cycle: CycleId,
  segments: readonly SegmentRecord[],
  outcome: CycleFlowOutcome,
  record: CycleRecord | undefined,
): string | null {
  const unfinished = segments.filter((segment) => segment.status !== 'done');
  const causes =
    unfinished.length > 0
      ? unfinished.map((segment) => (segment.lastError ?? '').split(':')[0] ?? '')
      : outcome.ended === 'failed'
        ? [outcome.error]
        : [];
  if (causes.length === 0 || !causes.every((name) => THROTTLING_ERROR_NAMES.has(name))) return null;
  const done = segments.reduce((sum, segment) => sum + segment.tally.householdsSeen, 0);
  const of = Math.max(done, record?.householdEstimate ?? 0);
  return `Throttled: ${done.toLocaleString('en-US')} of about ${of.toLocaleString('en-US')} households done, nothing paid twice; run it again to continue: dafaa cycle run ${cycle}`;
}

async function cycleStatus(
  deps: CycleDeps,
  cycle: ReturnType<typeof parseCycleId>,
): Promise<string> {
  const record = await deps.cycles.get(cycle);
  return renderCycleStatus(
    cycle,
    record ?? null,
    record ? await deps.cycles.listSegments(cycle) : [],
  );
}

/** A month's status: its plan, runs and segments, as `cycle status` prints it here and through the API. */
export function renderCycleStatus(
  cycle: CycleId,
  record: CycleRecord | null,
  segments: readonly SegmentRecord[],
): string {
  if (!record) return `Cycle ${cycle} has not been planned.`;
  const done = segments.filter((segment) => segment.status === 'done').length;
  const header = [
    `Cycle ${record.cycle}: ${record.status}`,
    `payment ${record.paymentNumber ?? '—'} on ${record.paymentDate} (${record.paymentDateReason})`,
    `policy ${record.policyVersion}, calendar data ${record.calendarVersion}, ${record.runs.length} run(s)`,
    `segments: ${done} of ${record.totalSegments} done`,
  ].join('\n');
  const table = renderTable(
    [
      { header: 'Segment', align: 'right' },
      { header: 'Status' },
      { header: 'Households', align: 'right' },
      { header: 'Attempts', align: 'right' },
      { header: 'Last error' },
    ],
    segments.map((segment) => [
      String(segment.segment),
      segment.status,
      segment.tally.householdsSeen.toLocaleString('en-US'),
      String(segment.attempts),
      segment.lastError ?? '',
    ]),
  );
  return `${header}\n\n${table}`;
}
