import type { CycleId, IsoDate } from '../calendar/calendar-date.ts';
import type { DisbursementDeps } from '../calendar/compute-disbursement-date.ts';
import { decideTick } from '../calendar/decide-tick.ts';
import { withStoredOverrides } from '../calendar/manage-overrides.ts';
import { riyadhDateOf } from '../calendar/riyadh-clock.ts';
import type { CalendarOverrideRepository } from '../ports/calendar-override-repository.ts';
import type { CycleRepository } from '../ports/cycle-repository.ts';
import type { CycleStarter } from '../ports/cycle-starter.ts';
import { parseStored } from './cycle-deps.ts';
import { cycleRecordSchema } from './cycle-record.ts';

/**
 * Starts the cycles that are due: the daily tick's use case.
 * In: the clock (today is its Riyadh date) and the cycles already planned. Out: today, and each cycle
 * due by today that had not started (a missed one first, with how late it is), with whether this
 * call started it; a start whose run already exists is reported, not an error.
 */

export interface StartDueCyclesDeps {
  readonly cycles: Pick<CycleRepository, 'listCycles'>;
  /** Overrides ops stored: read on every tick, so a change takes effect the next day. */
  readonly calendarOverrides?: Pick<CalendarOverrideRepository, 'list'>;
  readonly starter: CycleStarter;
  readonly calendar: DisbursementDeps;
  readonly clock: { now(): Date };
}

/** One cycle the tick found due, and what came of starting it. */
export interface CycleStart {
  readonly cycle: CycleId;
  readonly trigger: 'due-today' | 'missed';
  /** 0 when due today; otherwise how many days after its payment date the tick caught it. */
  readonly daysLate: number;
  readonly executionName: string;
  /** False when a run of that name already existed (another tick started it), or the cycle is on hold. */
  readonly started: boolean;
  /** Ops put the cycle on hold: the tick leaves it until it is released. */
  readonly onHold: boolean;
  /**
   * Its run exists and ended without paying the month (it waited for approval, or failed before its
   * gate): ops start it again; the tick does not move past it.
   */
  readonly endedWithoutRun: boolean;
}

export interface DueCycles {
  readonly today: IsoDate;
  readonly toStart: readonly CycleStart[];
}

/** The run's name for a cycle, `cycle-2026-12`: the same for every tick, so a cycle runs once. */
export function cycleExecutionName(cycle: CycleId): string {
  return `cycle-${cycle}`;
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
  const started = records.filter((record) => record.runs.length > 0).map((record) => record.cycle);
  const lastStartedCycle = [...started].sort().at(-1) ?? null;
  const hasRun = new Set(started);
  const calendar = await withStoredOverrides(deps.calendar, deps.calendarOverrides);
  const toStart: CycleStart[] = [];
  // One at a time, oldest first: a failure stops here, and the retried tick starts the rest in order.
  for (const { disbursement, trigger, daysLate } of decideTick(calendar, {
    today,
    lastStartedCycle,
  })) {
    const cycle = disbursement.cycle;
    const executionName = cycleExecutionName(cycle);
    if (held.has(cycle)) {
      // Stop here: starting a later month would move past the held one, which would never start.
      toStart.push({
        cycle,
        trigger,
        daysLate,
        executionName,
        started: false,
        onHold: true,
        endedWithoutRun: false,
      });
      break;
    }
    const { started } = await deps.starter.start({ cycle, executionName });
    const endedWithoutRun = !started && !hasRun.has(cycle);
    toStart.push({
      cycle,
      trigger,
      daysLate,
      executionName,
      started,
      onHold: false,
      endedWithoutRun,
    });
    // Starting a later month would move past this one, which would then never be caught up.
    if (endedWithoutRun) break;
  }
  return { today, toStart };
}
