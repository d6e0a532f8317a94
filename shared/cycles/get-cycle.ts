import type { CycleId } from '../calendar/calendar-date.ts';
import { type CycleDeps, parseStored } from './cycle-deps.ts';
import { type CycleRecord, cycleRecordSchema } from './cycle-record.ts';

/** Reads a cycle record, validated; undefined when the month has not been planned. */
export async function getCycle(
  deps: Pick<CycleDeps, 'cycles'>,
  cycle: CycleId,
): Promise<CycleRecord | undefined> {
  const stored = await deps.cycles.get(cycle);
  return stored === undefined
    ? undefined
    : parseStored(cycleRecordSchema, stored, `cycle ${cycle}`);
}
