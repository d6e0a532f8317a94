import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { addDays, cycleOf } from '../../shared/calendar/calendar-date.ts';
import { riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import type { HouseholdRepository } from '../../shared/households/ports.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { localTableNames } from '../local-context.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { seedRegister } from '../seed/seed-register.ts';

export const SEED_USAGE = 'usage: dafaa seed [--households N] [--seed S]';

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
    { households: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' } },
    SEED_USAGE,
    0,
  );
  const households = parseHouseholdCount(values.households);
  const seed = Number(values.seed);
  if (!/^\d+$/.test(values.seed) || seed > 2 ** 32 - 1) {
    throw new UsageError(`--seed takes a whole number from 0 to 4294967295, not "${values.seed}"`);
  }
  const { endpoint, households: repository } = deps();
  const seconds = await seedLocalRegister(endpoint, repository, { households, seed }, io.now());
  io.out(
    `Seeded ${households.toLocaleString('en-US')} households (seed ${seed}) in ${seconds.toFixed(1)} s.`,
  );
  return 0;
}

/** Creates the tables if needed and writes the register, with a progress bar. Returns seconds taken. */
export async function seedLocalRegister(
  endpoint: string,
  repository: HouseholdRepository,
  options: { households: number; seed: number },
  now: Date,
): Promise<number> {
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
  await seedRegister(repository, { ...options, arrearsDueBy: cycleOf(today), asOf }, (written) =>
    bar.advance(written),
  );
  bar.finish();
  return (performance.now() - started) / 1000;
}
