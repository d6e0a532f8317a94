import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { addDays, cycleOf } from '../../shared/calendar/calendar-date.ts';
import { riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import type { HouseholdRepository, RefusedHousehold } from '../../shared/households/ports.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { localTableNames } from '../local-context.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { seedRegister } from '../seed/seed-register.ts';

export const SEED_USAGE = 'usage: dafaa seed [--households N] [--seed S] [--bad PERCENT]';

export function parseHouseholdCount(text: string): number {
  const households = Number(text);
  if (!/^\d+$/.test(text) || households < 1 || households > 5_000_000) {
    throw new UsageError(`--households takes a whole number from 1 to 5,000,000, not "${text}"`);
  }
  return households;
}

/** `dafaa seed`: writes a deterministic synthetic register into the local household table. */
export async function seedCommand(
  deps: () => { endpoint: string; households: HouseholdRepository },
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values } = parseCommandLine(
    args,
    {
      households: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
      bad: { type: 'string', default: '0' },
    },
    SEED_USAGE,
    0,
  );
  const households = parseHouseholdCount(values.households);
  const seed = Number(values.seed);
  if (!/^\d+$/.test(values.seed) || seed > 2 ** 32 - 1) {
    throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not "${values.seed}"`);
  }
  const bad = Number(values.bad);
  if (!/^\d+$/.test(values.bad) || bad > 100) {
    throw new UsageError(`--bad takes a whole percentage from 0 to 100, not "${values.bad}"`);
  }
  const { endpoint, households: repository } = deps();
  const { seconds, refused } = await seedLocalRegister(
    endpoint,
    repository,
    { households, seed, badShare: bad / 100 },
    io.now(),
  );
  io.out(
    `Seeded ${(households - refused.length).toLocaleString('en-US')} households (seed ${seed}${bad > 0 ? `, ${bad}% drawn from the bad-record corpus` : ''}) in ${seconds.toFixed(1)} s.`,
  );
  if (refused.length > 0) io.out(renderRefused(refused));
  return 0;
}

/** The records the store refused, counted by reason, with a few ids of each (not personal data). */
export function renderRefused(refused: readonly RefusedHousehold[]): string {
  const byReason = new Map<string, string[]>();
  for (const { householdId, reason } of refused) {
    byReason.set(reason, [...(byReason.get(reason) ?? []), householdId]);
  }
  const rows = [...byReason]
    .sort(([, a], [, b]) => b.length - a.length)
    .map(([reason, ids]) => [
      reason,
      ids.length.toLocaleString('en-US'),
      ids
        .slice(0, 3)
        .map((id) => JSON.stringify(id))
        .join(', ') + (ids.length > 3 ? ', ...' : ''),
    ]);
  return `${refused.length.toLocaleString('en-US')} records were refused by the store and not loaded (the rest of their batches were):\n${renderTable(
    [{ header: 'Reason' }, { header: 'Records', align: 'right' }, { header: 'For example' }],
    rows,
  )}`;
}

/**
 * Creates the tables if needed and writes the register, with a progress bar. Returns the seconds
 * taken and the records the store refused.
 */
export async function seedLocalRegister(
  endpoint: string,
  repository: HouseholdRepository,
  options: { households: number; seed: number; badShare?: number },
  now: Date,
): Promise<{ seconds: number; refused: readonly RefusedHousehold[] }> {
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  try {
    await createTables(client, localTableNames());
  } finally {
    client.destroy();
  }
  const today = riyadhDateOf(now);
  // Ages as of five weeks back: nobody in the register is born after this month's payment date.
  const asOf = addDays(today, -35);
  const started = performance.now();
  const bar = createProgressBar('Seeding   ', options.households);
  const refused = await seedRegister(
    repository,
    { ...options, arrearsDueBy: cycleOf(today), asOf },
    (written) => bar.advance(written),
  );
  bar.finish();
  return { seconds: (performance.now() - started) / 1000, refused };
}
