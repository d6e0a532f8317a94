import { userInfo } from 'node:os';
import { type CycleId, parseCycleId } from '../../shared/calendar/calendar-date.ts';
import {
  type Approval,
  type ApprovalDeps,
  beginUnderApproval,
} from '../../shared/cycles/approvals.ts';
import type { CycleDeps } from '../../shared/cycles/cycle-deps.ts';
import { parseStored } from '../../shared/cycles/cycle-deps.ts';
import { assertCycleCanRun } from '../../shared/cycles/cycle-guards.ts';
import { type CycleRecord, segmentRecordSchema } from '../../shared/cycles/cycle-record.ts';
import { CycleNotFoundError } from '../../shared/cycles/errors.ts';
import {
  clearCycleRun,
  projectAllSegments,
  type RunOperator,
  type RunRequest,
} from '../../shared/cycles/project-cycle.ts';
import {
  requeueFailedMessages,
  rerunCycle,
  setCycleHold,
} from '../../shared/cycles/rerun-cycle.ts';
import { getCycle, runCycle } from '../../shared/cycles/run-cycle.ts';
import { cycleExecutionName } from '../../shared/cycles/start-due-cycles.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CycleExecutions, CycleStarter } from '../../shared/ports/cycle-starter.ts';
import type { DeliveryRepository } from '../../shared/ports/delivery-repository.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { isRunnerAlive, thisRunner } from '../local-stack/process-alive.ts';
import { renderCycleCsv, renderCycleSummary } from '../render/cycle-summary.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { cycleOpsCommand, renderCycleBreakdown } from './cycle-ops-command.ts';

export const CYCLE_USAGE =
  'usage: dafaa cycle run|rerun|status|report|hold|release|plan|export YYYY-MM [--reason TEXT] [--by OPERATOR] [--only-failed] [--full-pass] [--segments N] [--csv] [--dry-run]';

/** What the ops actions need beside the cycle's own ports. */
export interface CycleOps {
  readonly audit: AuditLog;
  readonly approvals: ApprovalDeps;
  readonly deliveries: Pick<DeliveryRepository, 'list' | 'reopen'>;
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
      segments: { type: 'string', default: '4' },
      csv: { type: 'boolean', default: false },
      reason: { type: 'string' },
      by: { type: 'string', default: userInfo().username },
    },
    CYCLE_USAGE,
  );
  const [action, month, ...extra] = positionals;
  if (!action || !month || extra.length > 0) throw new UsageError(CYCLE_USAGE);
  const cycle = parseCycleId(month);
  switch (action) {
    case 'run': {
      const cycleDeps = deps();
      const existing = await getCycle(cycleDeps, cycle);
      if (existing) assertCycleCanRun(existing, io.now(), await runnerAliveness(existing, ops()));
      const operator = { requestedBy: values.by, reason: values.reason ?? 'monthly run' };
      const { starter, approvals } = ops();
      // In AWS the state machine projects and gates the run itself, as it does the tick's.
      if (starter) {
        io.out(await startRunExecution(starter, existing, { cycle, operator, now: io.now() }));
        return 0;
      }
      const clearance = await clearRunHere(cycleDeps, approvals, {
        cycle,
        kind: 'run',
        ...operator,
      });
      if (!clearance.proceed) {
        io.out(waitingForApproval(clearance.request));
        return 0;
      }
      const summary = await runCycleWithProgress(cycleDeps, cycle, {
        fullPass: values['full-pass'],
        segmentConcurrency: segmentConcurrency(values.segments),
        runner: thisRunner(),
        ...usingApproval(approvals, clearance.approval),
      });
      io.out(summary);
      return 0;
    }
    case 'rerun': {
      if (!values.reason?.trim()) {
        throw new UsageError(
          `a rerun needs --reason TEXT: every rerun is recorded with why (dafaa cycle rerun ${cycle} --reason "...")`,
        );
      }
      const cycleDeps = deps();
      const existing = await getCycle(cycleDeps, cycle);
      if (!existing)
        throw new CycleNotFoundError(
          `cycle ${cycle} has not been run: run it first with "dafaa cycle run ${cycle}"`,
        );
      assertCycleCanRun(existing, io.now(), await runnerAliveness(existing, ops()));
      const { audit, approvals, deliveries, starter } = ops();
      // In AWS the state machine projects and gates the rerun itself.
      if (starter) {
        io.out(
          await startRerunExecution(
            starter,
            { ...cycleDeps, audit, deliveries },
            {
              cycle,
              reason: values.reason,
              requestedBy: values.by,
              onlyFailed: values['only-failed'],
              now: io.now(),
            },
          ),
        );
        return 0;
      }
      const clearance = await clearRunHere(cycleDeps, approvals, {
        cycle,
        kind: 'rerun',
        requestedBy: values.by,
        reason: values.reason,
      });
      if (!clearance.proceed) {
        io.out(waitingForApproval(clearance.request));
        return 0;
      }
      const result = await rerunCycle(
        { ...cycleDeps, audit, deliveries },
        {
          cycle,
          reason: values.reason,
          requestedBy: values.by,
          onlyFailed: values['only-failed'],
          segmentConcurrency: segmentConcurrency(values.segments),
          runner: thisRunner(),
          isRunnerAlive,
          ...usingApproval(approvals, clearance.approval),
        },
      );
      io.out(
        `Rerun of ${cycle} by ${values.by} (${values.reason}): ${result.newlyWritten} households newly paid, ${result.messagesRequeued} failed messages requeued; cycle ${result.cycle.status}.`,
      );
      io.out(renderCycleSummary(result.cycle));
      return 0;
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
      const record = await getCycle(deps(), cycle);
      if (!record)
        throw new CycleNotFoundError(
          `cycle ${cycle} has not been run: run it with "dafaa cycle run ${cycle}"`,
        );
      io.out(
        values.csv
          ? renderCycleCsv(record)
          : `${renderCycleSummary(record)}\n\n${renderCycleBreakdown(record)}`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown cycle action "${action}"; ${CYCLE_USAGE}`);
  }
}

/**
 * A rerun in AWS: a new execution under a new name (recorded, so each rerun is its own), a full
 * pass unless only what failed is asked for, in which case the failed messages are requeued here.
 */
async function startRerunExecution(
  starter: CycleStarter,
  deps: CycleDeps & { audit: AuditLog; deliveries: Pick<DeliveryRepository, 'list' | 'reopen'> },
  input: { cycle: CycleId; reason: string; requestedBy: string; onlyFailed: boolean; now: Date },
): Promise<string> {
  const executionName = `rerun-${input.cycle}-${stampOf(input.now)}`;
  const rerun = { reason: input.reason, requestedBy: input.requestedBy };
  await starter.start({ cycle: input.cycle, executionName, fullPass: !input.onlyFailed, rerun });
  const messagesRequeued = input.onlyFailed ? await requeueFailedMessages(deps, input.cycle) : 0;
  await deps.audit.append({
    actor: input.requestedBy,
    action: input.onlyFailed ? 'cycle.rerun-failed' : 'cycle.rerun',
    subject: `cycle:${input.cycle}`,
    reason: input.reason,
    details: { executionName, fullPass: !input.onlyFailed, messagesRequeued },
  });
  return `Started ${executionName} (${input.onlyFailed ? 'unfinished segments only' : 'a full pass'}) on the cycle state machine; ${messagesRequeued} failed messages requeued.`;
}

function segmentConcurrency(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    throw new UsageError(`--segments takes a whole number from 1 to 64, not "${text}"`);
  }
  return value;
}

/**
 * How to tell whether a run's runner is alive: a local process by its pid; in AWS, by asking Step
 * Functions whether the execution that runs it is still running (a run pays for up to 12 hours).
 */
async function runnerAliveness(record: CycleRecord, ops: Pick<CycleOps, 'starter'>) {
  const last = record.runs.at(-1);
  if (!ops.starter || last?.runner === undefined || last.finishedAt !== null) return isRunnerAlive;
  const running = await ops.starter.isRunning(last.runner);
  return () => running;
}

/**
 * The approval gate, here: projects every segment (nothing written) and asks whether the run may go
 * ahead, as the state machine's projection map and gate do in AWS.
 */
export async function clearRunHere(deps: CycleDeps, approvals: ApprovalDeps, request: RunRequest) {
  const projections = await projectAllSegments(deps, {
    cycle: request.cycle,
    segmentConcurrency: 4,
  });
  return clearCycleRun({ ...deps, approvals }, { ...request, projections });
}

/**
 * A run in AWS: the month's execution, `cycle-YYYY-MM`, unless it exists already. If it ended
 * without running the month (it waited for approval, or failed before its gate), a new execution
 * under a stamped name; if it is running, or the month has run, nothing is started.
 */
async function startRunExecution(
  starter: CycleExecutions,
  existing: CycleRecord | undefined,
  input: { cycle: CycleId; operator: RunOperator; now: Date },
): Promise<string> {
  const { cycle, operator } = input;
  const follow = `follow it with "dafaa cycle status ${cycle} --target aws"`;
  if (existing && existing.runs.length > 0) {
    return `Cycle ${cycle} has run already (${existing.status}): see "dafaa cycle status ${cycle} --target aws"; to pay what a run missed: dafaa cycle rerun ${cycle} --reason "..." --target aws`;
  }
  const gate = `It projects the month first: above the approval thresholds it stops before paying, and "dafaa approvals list --target aws" shows the request; once another operator approves it, run this command again.`;
  const scheduled = cycleExecutionName(cycle);
  if ((await starter.start({ cycle, executionName: scheduled, operator })).started) {
    return `Started ${scheduled} on the cycle state machine: ${follow}. ${gate}`;
  }
  if (await starter.isRunning(scheduled)) return `${scheduled} is running: ${follow}.`;
  const executionName = `run-${cycle}-${stampOf(input.now)}`;
  await starter.start({ cycle, executionName, operator });
  return `${scheduled} ended without running the month (it waited for approval, or failed before paying): started ${executionName}: ${follow}. ${gate}`;
}

/** A UTC timestamp for an execution name: 20261211T063000Z. */
const stampOf = (now: Date) => `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

/** The run's hook that uses the approval clearing it, once the run is recorded. */
export function usingApproval(deps: ApprovalDeps, approval: Approval | null) {
  return {
    admit: (begin: () => Promise<CycleRecord>) => beginUnderApproval(deps, approval, begin),
  };
}

export function waitingForApproval(request: Approval): string {
  return `The ${request.kind} of ${request.cycle} waits for a second operator's approval (${request.why}): request ${request.requestId}. Another operator: dafaa approvals approve ${request.requestId} --by OPERATOR --reason "..."`;
}

/** Runs a cycle with a progress bar on stderr; returns the summary table. */
export async function runCycleWithProgress(
  deps: CycleDeps,
  cycle: ReturnType<typeof parseCycleId>,
  options: {
    fullPass: boolean;
    segmentConcurrency: number;
    runner?: string;
    admit?: (begin: () => Promise<CycleRecord>) => Promise<CycleRecord>;
  },
): Promise<string> {
  const started = performance.now();
  let bar: ReturnType<typeof createProgressBar> | undefined;
  const { cycle: record, failedSegments } = await runCycle(deps, {
    cycle,
    fullPass: options.fullPass,
    segmentConcurrency: options.segmentConcurrency,
    ...(options.runner === undefined ? {} : { runner: options.runner }),
    ...(options.admit ? { admit: options.admit } : {}),
    isRunnerAlive,
    onPlanned: (planned) => {
      bar = createProgressBar(`Cycle ${cycle}`, planned.householdEstimate);
    },
    onProgress: ({ households }) => bar?.advance(households),
  });
  bar?.finish();
  const seconds = (performance.now() - started) / 1000;
  const failures = failedSegments.map(
    ({ segment, error }) => `segment ${segment} failed: ${error}`,
  );
  return [...failures, renderCycleSummary(record, seconds)].join('\n');
}

async function cycleStatus(
  deps: CycleDeps,
  cycle: ReturnType<typeof parseCycleId>,
): Promise<string> {
  const record = await getCycle(deps, cycle);
  if (!record) return `Cycle ${cycle} has not been planned.`;
  const segments = (await deps.cycles.listSegments(cycle)).map((item) =>
    parseStored(segmentRecordSchema, item, `a segment of cycle ${cycle}`),
  );
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
