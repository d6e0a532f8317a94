import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeferredStore } from '../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { DynamoDbNotificationQueue } from '../shared/adapters/dynamodb/dynamodb-notification-queue.ts';
import { DynamoDbSmsOutbox } from '../shared/adapters/dynamodb/dynamodb-sms-outbox.ts';
import { DynamoDbSuppressionList } from '../shared/adapters/dynamodb/dynamodb-suppression-list.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../shared/adapters/dynamodb/table-specs.ts';
import { BULK_RETRY, SEND_RETRY } from '../shared/adapters/retry-policy.ts';
import { SesEmailSender } from '../shared/adapters/ses/ses-email-sender.ts';
import {
  defaultNotificationSettings,
  type NotificationSettings,
} from '../shared/config/notification-settings.ts';
import { opsSettingsFromEnvironment } from '../shared/config/ops-settings.ts';
import type { CycleDeps, CycleTuning } from '../shared/cycles/cycle-deps.ts';
import type { NotifierDeps } from '../shared/notifications/deliver-notification.ts';
import { createRateLimiter } from '../shared/notifications/rate-limiter.ts';
import * as z from '../shared/validation/zod.ts';
import { LocalStackError } from './local-stack/errors.ts';
import { localAwsClientConfig } from './local-stack/local-aws-config.ts';
import { isProcessAlive } from './local-stack/process-alive.ts';
import { cycleDepsOnTables, opsDepsOnTables } from './table-context.ts';

/**
 * The composition root of the local commands: which local stack to talk to, and the use cases'
 * dependencies wired to it. A running stack (`dafaa local up`) leaves its endpoints in
 * `.dafaa/local-stack.json`; `DAFAA_DYNAMODB_ENDPOINT` overrides it.
 */

/**
 * The local tables: `dafaa-local-households`, ...; `DAFAA_TABLE_PREFIX` gives another set (the
 * tests use one per file, so that they can share one DynamoDB Local).
 */
export function localTableNames(env: NodeJS.ProcessEnv = process.env): DafaaTableNames {
  const prefix = env.DAFAA_TABLE_PREFIX ?? 'dafaa-local-';
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(prefix)) {
    throw new LocalStackError(
      `DAFAA_TABLE_PREFIX may hold letters, digits, _ . - only, not "${prefix}"`,
    );
  }
  return tableNamesWithPrefix(prefix);
}

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

/** The running local stack's DynamoDB endpoint: `DAFAA_DYNAMODB_ENDPOINT`, or `local up`'s state file. */
export function localDynamoDbEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return localEndpoint(env, 'DAFAA_DYNAMODB_ENDPOINT', 'dynamodbEndpoint');
}

/** The running local stack's SES endpoint: `DAFAA_SES_ENDPOINT`, or `local up`'s state file. */
export function localSesEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return localEndpoint(env, 'DAFAA_SES_ENDPOINT', 'sesEndpoint');
}

function localEndpoint(
  env: NodeJS.ProcessEnv,
  variable: string,
  key: 'dynamodbEndpoint' | 'sesEndpoint',
): string {
  const fromEnv = env[variable];
  if (fromEnv) {
    if (!z.url().safeParse(fromEnv).success) {
      throw new LocalStackError(`${variable} is not a URL: "${fromEnv}"`);
    }
    return fromEnv;
  }
  if (existsSync(STATE_FILE)) {
    const state = stateSchema.safeParse(JSON.parse(readFileSync(STATE_FILE, 'utf8')));
    if (state.success && isProcessAlive(state.data.pid)) return state.data[key];
  }
  throw new LocalStackNotRunningError(
    `no local stack is running: start one with "npm run -s dafaa -- local up" in another terminal (or set ${variable})`,
  );
}

const localDocumentClient = (endpoint: string) =>
  createDocumentClient({ ...localAwsClientConfig(endpoint), ...BULK_RETRY });

/** The cycle's dependencies against DynamoDB at `endpoint`, on the local tables or the ones named. */
export function localCycleDeps(
  endpoint: string,
  tuning: Partial<CycleTuning> = {},
  tableNames: DafaaTableNames = localTableNames(),
): CycleDeps {
  const client = localDocumentClient(endpoint);
  return cycleDepsOnTables(
    client,
    tableNames,
    new DynamoDbNotificationQueue(client, tableNames.outbox),
    tuning,
  );
}

/**
 * The notifier's dependencies against the local stack: claims in DynamoDB Local, email to the local
 * SES server, SMS into the local SMS outbox table (no SMS emulator exists).
 */
export function localNotifierDeps(
  endpoints: { dynamodb: string; ses: string },
  settings: NotificationSettings = localNotificationSettings,
  tableNames: DafaaTableNames = localTableNames(),
) {
  const client = localDocumentClient(endpoints.dynamodb);
  const clock = { now: () => new Date() };
  const sleep = (milliseconds: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, milliseconds));
  const smsOutbox = new DynamoDbSmsOutbox(client, tableNames.smsOutbox, clock);
  const deps: NotifierDeps = {
    deliveries: new DynamoDbDeliveryRepository(client, tableNames.deliveries),
    sms: smsOutbox,
    email: new SesEmailSender(
      new SESClient({ ...localAwsClientConfig(endpoints.ses), ...SEND_RETRY }),
      settings.email,
    ),
    suppressions: new DynamoDbSuppressionList(client, tableNames.suppressions),
    settings,
    clock,
    limiters: {
      sms: createRateLimiter(settings.sms.ratePerSecond, clock, sleep),
      email: createRateLimiter(settings.email.ratePerSecond, clock, sleep),
    },
  };
  return {
    deps,
    smsOutbox,
    queue: new DynamoDbNotificationQueue(client, tableNames.outbox),
    deferred: new DynamoDbDeferredStore(client, tableNames.deferred),
    sleep,
  };
}

/** Locally the providers' quotas do not apply: the rates are high, the rest as in production. */
export const localNotificationSettings: NotificationSettings = {
  ...defaultNotificationSettings,
  sms: { ...defaultNotificationSettings.sms, ratePerSecond: 2_000 },
  email: { ...defaultNotificationSettings.email, ratePerSecond: 2_000 },
};

/** The ops commands' dependencies (audit, approvals, deliveries, overrides, objections) on the local stack. */
export function localOpsDeps(
  endpoint: string,
  tableNames: DafaaTableNames = localTableNames(),
  env: NodeJS.ProcessEnv = process.env,
) {
  return opsDepsOnTables(
    localDocumentClient(endpoint),
    tableNames,
    localCycleDeps(endpoint, {}, tableNames),
    opsSettingsFromEnvironment(env),
  );
}
