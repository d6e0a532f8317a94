import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbCycleRepository } from '../shared/adapters/dynamodb/dynamodb-cycle-repository.ts';
import { DynamoDbHouseholdRepository } from '../shared/adapters/dynamodb/dynamodb-household-repository.ts';
import { DynamoDbNotificationQueue } from '../shared/adapters/dynamodb/dynamodb-notification-queue.ts';
import { DynamoDbPaymentRepository } from '../shared/adapters/dynamodb/dynamodb-payment-repository.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../shared/adapters/dynamodb/table-specs.ts';
import { createBundledBankCalendar } from '../shared/calendar/bundled-calendar.ts';
import { defaultPaymentSchedule } from '../shared/calendar/payment-schedule.ts';
import { defaultProgramRules } from '../shared/config/program-rules.ts';
import {
  type CycleDeps,
  type CycleTuning,
  defaultCycleTuning,
} from '../shared/cycles/cycle-deps.ts';
import { bundledEntitlementPolicies } from '../shared/entitlement/entitlement-policy.ts';
import { LocalStackError } from './local-stack/errors.ts';
import { localAwsClientConfig } from './local-stack/local-aws-config.ts';
import { isProcessAlive } from './local-stack/process-alive.ts';

/**
 * The composition root of the local commands: which local stack to talk to, and the use cases'
 * dependencies wired to it. A running stack (`dafaa local up`) leaves its endpoints in
 * `.dafaa/local-stack.json`; `DAFAA_DYNAMODB_ENDPOINT` overrides it.
 */

export const LOCAL_TABLE_PREFIX = 'dafaa-local-';
export const localTableNames = tableNamesWithPrefix(LOCAL_TABLE_PREFIX);

const STATE_FILE = join(process.cwd(), '.dafaa', 'local-stack.json');
const stateSchema = z.object({ dynamodbEndpoint: z.url(), sesEndpoint: z.url(), pid: z.int() });
export type LocalStackState = z.infer<typeof stateSchema>;

export class LocalStackNotRunningError extends LocalStackError {
  override readonly name: string = 'LocalStackNotRunningError';
}

export function writeLocalStackState(state: LocalStackState): string {
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  return STATE_FILE;
}

export function removeLocalStackState(): void {
  rmSync(STATE_FILE, { force: true });
}

export function localDynamoDbEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DAFAA_DYNAMODB_ENDPOINT;
  if (fromEnv) {
    if (!z.url().safeParse(fromEnv).success) {
      throw new LocalStackError(`DAFAA_DYNAMODB_ENDPOINT is not a URL: "${fromEnv}"`);
    }
    return fromEnv;
  }
  if (existsSync(STATE_FILE)) {
    const state = stateSchema.safeParse(JSON.parse(readFileSync(STATE_FILE, 'utf8')));
    if (state.success && isProcessAlive(state.data.pid)) return state.data.dynamodbEndpoint;
  }
  throw new LocalStackNotRunningError(
    'no local stack is running: start one with "npm run -s dafaa -- local up" in another terminal (or set DAFAA_DYNAMODB_ENDPOINT)',
  );
}

/** The cycle's dependencies against DynamoDB at `endpoint`, on the local tables or the ones named. */
export function localCycleDeps(
  endpoint: string,
  tuning: Partial<CycleTuning> = {},
  tableNames: DafaaTableNames = localTableNames,
): CycleDeps {
  const client = createDocumentClient({ ...localAwsClientConfig(endpoint), maxAttempts: 3 });
  return {
    households: new DynamoDbHouseholdRepository(client, tableNames.households),
    payments: new DynamoDbPaymentRepository(client, tableNames.payments, tableNames.households),
    cycles: new DynamoDbCycleRepository(client, tableNames.cycles),
    notifications: new DynamoDbNotificationQueue(client, tableNames.outbox),
    calendar: { calendar: createBundledBankCalendar(), schedule: defaultPaymentSchedule },
    policies: bundledEntitlementPolicies(),
    rules: defaultProgramRules,
    clock: { now: () => new Date() },
    tuning: { ...defaultCycleTuning, ...tuning },
  };
}
