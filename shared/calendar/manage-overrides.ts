import type { AuditLog } from '../audit/ports.ts';
import { type BankCalendar, createBankCalendar } from './bank-calendar.ts';
import {
  type CalendarOverride,
  calendarOverrideSchema,
  parseCalendarFile,
} from './bank-calendar-data.ts';
import { bundledCalendarData } from './bundled-calendar.ts';
import type { DisbursementDeps } from './compute-disbursement-date.ts';
import { InvalidCalendarDataError, InvalidOverrideError } from './errors.ts';
import { type CalendarOverrideRepository, overrideKey } from './ports.ts';

/**
 * Calendar overrides that ops record at run time: a month's announced payment date, an extra closed
 * or open day. Stored, audited, and merged with the shipped data wherever a calendar is built (the
 * tick, the CLI), so an override moves the tick to its new day.
 */

export interface OverrideDeps {
  readonly overrides: CalendarOverrideRepository;
  readonly audit: AuditLog;
}

/** The shipped calendar with the stored overrides on top; a stored override that cannot be read stops it. */
export async function calendarWithStoredOverrides(
  overrides: Pick<CalendarOverrideRepository, 'list'>,
): Promise<BankCalendar> {
  const stored = await overrides.list();
  const { data, overrides: shipped } = bundledCalendarData();
  return createBankCalendar(data, [...withoutReplaced(shipped, stored), ...stored]);
}

/** The calendar deps with the stored overrides applied, when there is a store to read. */
export async function withStoredOverrides(
  calendar: DisbursementDeps,
  overrides: Pick<CalendarOverrideRepository, 'list'> | undefined,
): Promise<DisbursementDeps> {
  return overrides
    ? { ...calendar, calendar: await calendarWithStoredOverrides(overrides) }
    : calendar;
}

/** Attempts at a change while other changes keep landing first. */
const MAX_CHANGE_ATTEMPTS = 5;

/**
 * Records an override.
 * In: the override as ops state it (with reason and operator). Out: the stored override, after
 * checking the calendar still holds together with it (no two overrides for one day or month, a
 * payment date in its month or the one before); the change is audited. It is written only if no
 * other change landed since the check; if one did, it is checked again against that one.
 */
export async function recordOverride(
  deps: OverrideDeps,
  input: unknown,
): Promise<CalendarOverride> {
  const override = asOverrideInput(() =>
    parseCalendarFile(calendarOverrideSchema, input, 'the override'),
  );
  await changeChecked(deps, (stored, revision) => {
    const others = stored.filter(
      (existing) => !sameSlot(existing, override.kind, overrideKey(override)),
    );
    checkCalendar([...others, override]);
    return deps.overrides.put(override, revision);
  });
  await deps.audit.append({
    actor: override.recordedBy,
    action: `calendar.${override.kind}`,
    subject: `calendar:${overrideKey(override)}`,
    reason: override.reason,
    details: { kind: override.kind, key: overrideKey(override), date: override.date },
  });
  return override;
}

/**
 * Removes an override.
 * In: its kind and key, the operator and the reason. Out: nothing; refused if there is none.
 */
export async function removeOverride(
  deps: OverrideDeps,
  input: { kind: CalendarOverride['kind']; key: string; actor: string; reason: string },
): Promise<void> {
  const absent = () =>
    new InvalidOverrideError(`there is no stored ${input.kind} override for ${input.key}`);
  await changeChecked(deps, async (stored, revision) => {
    if (!stored.some((existing) => sameSlot(existing, input.kind, input.key))) throw absent();
    const outcome = await deps.overrides.remove(input.kind, input.key, revision);
    if (outcome === 'absent') throw absent();
    return outcome;
  });
  await deps.audit.append({
    actor: input.actor,
    action: `calendar.remove-${input.kind}`,
    subject: `calendar:${input.key}`,
    reason: input.reason,
    details: { kind: input.kind, key: input.key },
  });
}

/** Reads, checks and writes a change, again while other changes land between its read and write. */
async function changeChecked(
  deps: OverrideDeps,
  change: (
    stored: readonly CalendarOverride[],
    revision: number,
  ) => Promise<'done' | 'changed-meanwhile'>,
): Promise<void> {
  for (let attempt = 1; attempt <= MAX_CHANGE_ATTEMPTS; attempt += 1) {
    const { overrides: stored, revision } = await deps.overrides.read();
    if ((await change(stored, revision)) === 'done') return;
  }
  throw new InvalidOverrideError(
    'the calendar overrides kept changing while this change was checked: see "dafaa calendar overrides" and try again',
  );
}

const sameSlot = (override: CalendarOverride, kind: CalendarOverride['kind'], key: string) =>
  override.kind === kind && overrideKey(override) === key;

/** Builds the calendar with these stored overrides: it refuses a combination that does not hold. */
function checkCalendar(stored: readonly CalendarOverride[]): void {
  asOverrideInput(() => {
    const { data, overrides: shipped } = bundledCalendarData();
    createBankCalendar(data, [...withoutReplaced(shipped, stored), ...stored]);
  });
}

/** What ops asked for does not fit the calendar: their input, not a broken data file. */
function asOverrideInput<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InvalidCalendarDataError) {
      throw new InvalidOverrideError(error.message, { cause: error });
    }
    throw error;
  }
}

/** The shipped overrides that no stored one replaces (a stored override wins for its kind and key). */
function withoutReplaced(
  shipped: readonly CalendarOverride[],
  stored: readonly CalendarOverride[],
): CalendarOverride[] {
  const replaced = new Set(stored.map((override) => `${override.kind}#${overrideKey(override)}`));
  return shipped.filter((override) => !replaced.has(`${override.kind}#${overrideKey(override)}`));
}
