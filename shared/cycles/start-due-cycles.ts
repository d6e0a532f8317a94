import { type CycleId, daysBetween, type IsoDate } from '../calendar/calendar-date.ts';
import type { DisbursementDeps } from '../calendar/compute-disbursement-date.ts';
import { decideTick } from '../calendar/decide-tick.ts';
import { withStoredOverrides } from '../calendar/manage-overrides.ts';
import type { CalendarOverrideRepository } from '../calendar/ports.ts';
import { riyadhDateOf } from '../calendar/riyadh-clock.ts';
import { cycleRecordSchema } from './cycle-record.ts';
import type { CycleRepository, CycleStarter } from './ports.ts';
import { parseStored } from './ports.ts';

/**
 * Starts the cycles that are due: the daily tick's use case.
 * In: the clock (today is its Riyadh date), the cycles already planned, and how their executions
 * ended. Out: today, and each cycle the tick took up: one due by today that had not started (a
 * missed one first, with how late it is), or the last month started whose execution failed, timed
 * out or was aborted before the month was completed, which starts again under a new name; with
 * whether this call started it. A start whose run already exists is reported, not an error.
 */

export interface StartDueCyclesDeps {
  readonly cycles: Pick<CycleRepository, 'listCycles'>;
  /** Overrides ops stored: read on every tick, so a change takes effect the next day. */
  readonly calendarOverrides?: Pick<CalendarOverrideRepository, 'list'>;
  readonly starter: CycleStarter;
  /**
   * How the month's last execution ended. Absent (a local stack has no executions to ask), a month
   * whose execution failed waits for ops, as before.
   */
  readonly executions?: CycleExecutionStatuses;
  readonly calendar: DisbursementDeps;
  readonly clock: { now(): Date };
}

/**
 * The status of a named execution of the cycle's state machine (`RUNNING`, `SUCCEEDED`,
 * `FAILED`, `TIMED_OUT`, `ABORTED`, `PENDING_REDRIVE`), or null when none of that name exists.
 */
export interface CycleExecutionStatuses {
  statusOf(executionName: string): Promise<string | null>;
}

/** How an execution ends without finishing its month: the tick starts the month again. */
const ENDED_UNFINISHED: ReadonlySet<string> = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** What Step Functions accepts as an execution name (a local runner, `host:pid`, is none). */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** One cycle the tick found due, and what came of starting it. */
export interface CycleStart {
  readonly cycle: CycleId;
  /**
   * `due-today` or `missed`: its payment date is today, or passed and it never ran. `restart`:
   * it ran, and its last execution ended unfinished (`restartOf`).
   */
  readonly trigger: 'due-today' | 'missed' | 'restart';
  /** 0 when due today; otherwise how many days after its payment date the tick caught it. */
  readonly daysLate: number;
  readonly executionName: string;
  /** False when a run of that name already existed (another tick started it), or the cycle is on hold. */
  readonly started: boolean;
  /** Ops put the cycle on hold: the tick leaves it until it is released. */
  readonly onHold: boolean;
  /**
   * Its run exists and ended without paying the month (it waited for approval, or failed before its
   * gate and could not be started again today): the tick does not move past it.
   */
  readonly endedWithoutRun: boolean;
  /** The execution that ended unfinished, and how, when this start is the month's next attempt. */
  readonly restartOf: { readonly executionName: string; readonly status: string } | null;
}

export interface DueCycles {
  readonly today: IsoDate;
  readonly toStart: readonly CycleStart[];
}

/** The run's name for a cycle, `cycle-2026-12`: the same for every tick, so a cycle runs once. */
export function cycleExecutionName(cycle: CycleId): string {
  return `cycle-${cycle}`;
}

/**
 * The name of the month's next attempt after an unfinished execution, `cycle-2026-12-retry-20261211`:
 * the same for every tick of that day, so a day starts it at most once.
 */
export function cycleRetryExecutionName(cycle: CycleId, today: IsoDate): string {
  return `${cycleExecutionName(cycle)}-retry-${today.replaceAll('-', '')}`;
}

export async function startDueCycles(
  deps: StartDueCyclesDeps,
  _input: Readonly<Record<string, never>> = {},
): Promise<DueCycles> {
  const today = riyadhDateOf(deps.clock.now());
  // Started means a run began: a cycle only planned (ahead, or by a dry run) does not count.
  const records = (await deps.cycles.listCycles()).map((item) =>
    parseStored(cycleRecordSchema, item, 'a stored cycle'),
  );
  const held = new Set(
    records.filter((record) => record.hold !== null).map((record) => record.cycle),
  );
  const started = records.filter((record) => record.runs.length > 0);
  const lastStarted = [...started].sort((a, b) => a.cycle.localeCompare(b.cycle)).at(-1);
  const hasRun = new Set(started.map((record) => record.cycle));
  const calendar = await withStoredOverrides(deps.calendar, deps.calendarOverrides);
  const toStart: CycleStart[] = [];

  // The last month started, if its last execution ended unfinished: its next attempt, oldest first.
  if (lastStarted && lastStarted.status !== 'completed' && !held.has(lastStarted.cycle)) {
    const runner = lastStarted.runs.at(-1)?.runner;
    const again =
      runner !== undefined && EXECUTION_NAME.test(runner)
        ? await startAgainIfUnfinished(deps, lastStarted.cycle, runner, today)
        : null;
    if (again) {
      toStart.push({
        cycle: lastStarted.cycle,
        trigger: 'restart',
        daysLate: Math.max(0, daysBetween(lastStarted.paymentDate, today)),
        onHold: false,
        endedWithoutRun: false,
        ...again,
      });
    }
  }

  // One at a time, oldest first: a failure stops here, and the retried tick starts the rest in order.
  for (const { disbursement, trigger, daysLate } of decideTick(calendar, {
    today,
    lastStartedCycle: lastStarted?.cycle ?? null,
  })) {
    const cycle = disbursement.cycle;
    const scheduled = cycleExecutionName(cycle);
    const due = { cycle, trigger, daysLate };
    if (held.has(cycle)) {
      // Stop here: starting a later month would move past the held one, which would never start.
      toStart.push({
        ...due,
        executionName: scheduled,
        started: false,
        onHold: true,
        endedWithoutRun: false,
        restartOf: null,
      });
      break;
    }
    const first = await deps.starter.start({ cycle, executionName: scheduled });
    // Its execution exists: if it failed before the month ran, the month starts again.
    const attempt = first.started
      ? { executionName: scheduled, started: true, restartOf: null }
      : ((await startAgainIfUnfinished(deps, cycle, scheduled, today)) ?? {
          executionName: scheduled,
          started: false,
          restartOf: null,
        });
    const endedWithoutRun = !attempt.started && !hasRun.has(cycle);
    toStart.push({ ...due, ...attempt, onHold: false, endedWithoutRun });
    // Starting a later month would move past this one, which would then never be caught up.
    if (endedWithoutRun) break;
  }
  return { today, toStart };
}

/**
 * Starts the month again under today's attempt name if `executionName` ended unfinished; null when
 * it did not (it runs, it succeeded, it waits for approval, or it cannot be asked).
 */
async function startAgainIfUnfinished(
  deps: StartDueCyclesDeps,
  cycle: CycleId,
  executionName: string,
  today: IsoDate,
): Promise<Pick<CycleStart, 'executionName' | 'started' | 'restartOf'> | null> {
  const status = (await deps.executions?.statusOf(executionName)) ?? null;
  if (status === null || !ENDED_UNFINISHED.has(status)) return null;
  const retry = cycleRetryExecutionName(cycle, today);
  // A second tick the same day finds today's attempt there and starts nothing.
  const { started } = await deps.starter.start({ cycle, executionName: retry });
  return { executionName: retry, started, restartOf: { executionName, status } };
}
