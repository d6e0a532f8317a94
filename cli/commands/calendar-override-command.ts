import { parseCycleId } from '../../shared/calendar/calendar-date.ts';
import {
  type OverrideDeps,
  recordOverride,
  removeOverride,
} from '../../shared/calendar/manage-overrides.ts';
import { riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { renderTable } from '../render/table.ts';

export const OVERRIDE_USAGE =
  'usage: dafaa calendar override YYYY-MM --date YYYY-MM-DD | close YYYY-MM-DD | open YYYY-MM-DD | unset payment-date|closed-day|open-day KEY | overrides; with --reason TEXT --by OPERATOR';

/**
 * `dafaa calendar override|close|open|unset|overrides`: the overrides ops record at run time, stored
 * and audited, honoured by the tick and shown by `dafaa calendar`.
 */
export async function calendarOverrideCommand(
  deps: () => OverrideDeps,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    { date: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' } },
    OVERRIDE_USAGE,
    3,
  );
  const [action, key, extra] = positionals;
  // The words each action takes, itself included: `unset` names a kind and a key.
  const words: Record<string, number> = { overrides: 1, override: 2, close: 2, open: 2, unset: 3 };
  const stray = positionals[words[action ?? ''] ?? 3];
  if (stray !== undefined) throw new UsageError(`unexpected "${stray}"; ${OVERRIDE_USAGE}`);
  if (action === 'overrides') {
    const stored = await deps().overrides.list();
    io.out(
      renderTable(
        [
          { header: 'Kind' },
          { header: 'Month or day' },
          { header: 'Date' },
          { header: 'Reason' },
          { header: 'By' },
          { header: 'On' },
        ],
        stored.map((item) => {
          const override = item as Record<string, string>;
          return [
            override.kind ?? '',
            override.cycle ?? override.date ?? '',
            override.date ?? '',
            override.reason ?? '',
            override.recordedBy ?? '',
            override.recordedAt ?? '',
          ];
        }),
      ),
    );
    return 0;
  }
  if (!values.reason?.trim())
    throw new UsageError(`${action ?? 'an override'} needs --reason TEXT: every override says why`);
  if (!values.by?.trim())
    throw new UsageError(`${action ?? 'an override'} needs --by OPERATOR: every override says who`);
  const recorded = {
    reason: values.reason,
    recordedBy: values.by,
    recordedAt: riyadhDateOf(io.now()),
  };
  switch (action) {
    case 'override': {
      if (!key || !values.date)
        throw new UsageError(
          'override needs the month and --date: dafaa calendar override 2027-03 --date 2027-03-03',
        );
      const override = await recordOverride(deps(), {
        kind: 'payment-date',
        cycle: parseCycleId(key),
        date: values.date,
        ...recorded,
      });
      io.out(`Cycle ${key} now pays on ${override.date} (${override.reason}).`);
      return 0;
    }
    case 'close':
    case 'open': {
      if (!key)
        throw new UsageError(`${action} needs the day: dafaa calendar ${action} 2027-01-05`);
      await recordOverride(deps(), {
        kind: action === 'close' ? 'closed-day' : 'open-day',
        date: key,
        ...recorded,
      });
      io.out(
        `${key} is now a bank ${action === 'close' ? 'holiday' : 'working day'} (${values.reason}).`,
      );
      return 0;
    }
    case 'unset': {
      if ((key !== 'payment-date' && key !== 'closed-day' && key !== 'open-day') || !extra) {
        throw new UsageError(
          'unset needs the kind and the key: dafaa calendar unset payment-date 2027-03',
        );
      }
      await removeOverride(deps(), {
        kind: key,
        key: extra,
        actor: values.by,
        reason: values.reason,
      });
      io.out(`Removed the ${key} override for ${extra}.`);
      return 0;
    }
    default:
      throw new UsageError(OVERRIDE_USAGE);
  }
}
