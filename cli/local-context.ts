import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from '../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbDeferredStore } from '../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import { DynamoDbDeliveryRepository } from '../shared/adapters/dynamodb/dynamodb-delivery-repository.ts';
import { DynamoDbSmsOutbox } from '../shared/adapters/dynamodb/dynamodb-sms-outbox.ts';
import { DynamoDbSuppressionList } from '../shared/adapters/dynamodb/dynamodb-suppression-list.ts';
import { cycleDepsOnTables, opsDepsOnTables } from '../shared/adapters/dynamodb/table-context.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../shared/adapters/dynamodb/table-specs.ts';
import { BULK_RETRY, SEND_RETRY } from '../shared/adapters/retry-policy.ts';
import { SesEmailSender } from '../shared/adapters/ses/ses-email-sender.ts';
import { SqsNotificationQueue } from '../shared/adapters/sqs/sqs-notification-queue.ts';
import type { AuditLog } from '../shared/audit/ports.ts';
import {
  defaultNotificationSettings,
  type NotificationSettings,
} from '../shared/config/notification-settings.ts';
import { opsSettingsFromEnvironment } from '../shared/config/ops-settings.ts';
import type { CycleDeps, CycleTuning } from '../shared/cycles/cycle-deps.ts';
import type { ReleaseQueue, RetryQueue } from '../shared/notifications/deferral.ts';
import type { NotifierDeps } from '../shared/notifications/deliver-notification.ts';
import type { NotificationQueue } from '../shared/notifications/ports.ts';
import { createRateLimiter } from '../shared/notifications/rate-limiter.ts';
import * as z from '../shared/validation/zod.ts';
import { LocalStackError } from './local-stack/errors.ts';
import { localAwsClientConfig } from './local-stack/local-aws-config.ts';
import { createNotifyQueues, type LocalNotifyQueues } from './local-stack/local-sqs.ts';
import { isProcessAlive } from './local-stack/process-alive.ts';

/**
 * The composition root of the local commands: which local stack to talk to, and the use cases'
 * dependencies wired to it. A running stack (`dafaa local up`) leaves its endpoints in
 * `.dafaa/local-stack.json`; `DAFAA_DYNAMODB_ENDPOINT`, `DAFAA_SES_ENDPOINT` and
 * `DAFAA_SQS_ENDPOINT` override it.
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
const stateSchema = z.object({
  dynamodbEndpoint: z.url(),
  sesEndpoint: z.url(),
  sqsEndpoint: z.url(),
  /** The ops API and the console (`npm start`, `dafaa local up`). */
  opsApiUrl: z.optional(z.url()),
  pid: z.int(),
});
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

/** The running local stack's ops API and console, when it runs one. */
export function localOpsApiUrl(): string | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  const state = stateSchema.safeParse(JSON.parse(readFileSync(STATE_FILE, 'utf8')));
  return state.success && isProcessAlive(state.data.pid) ? state.data.opsApiUrl : undefined;
}

/** The running local stack's SQS endpoint: `DAFAA_SQS_ENDPOINT`, or `local up`'s state file. */
export function localSqsEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  return localEndpoint(env, 'DAFAA_SQS_ENDPOINT', 'sqsEndpoint');
}

function localEndpoint(
  env: NodeJS.ProcessEnv,
  variable: string,
  key: 'dynamodbEndpoint' | 'sesEndpoint' | 'sqsEndpoint',
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

/** A DynamoDB client for the local stack, retrying as the bulk work does in AWS. */
export const localDocumentClient = (endpoint: string) =>
  createDocumentClient({ ...localAwsClientConfig(endpoint), ...BULK_RETRY });

/**
 * The local notify queue of a set of tables, `<prefix>notify` with its dead-letter queue
 * `<prefix>notify-dlq`, on the local SQS API: the same adapter as in AWS (SqsNotificationQueue).
 * The queues are made on first use, as the stack makes them (local-sqs.ts), and the SQS endpoint
 * is looked up then: commands that never queue need no SQS.
 */
export interface LocalNotifyQueue extends NotificationQueue, ReleaseQueue, RetryQueue {
  /** The SQS client and the queues' URLs, the queues made if they were not yet. */
  connect(): Promise<{ readonly client: SQSClient; readonly urls: LocalNotifyQueues }>;
}

export function localNotifyQueue(
  sqsEndpoint: string | undefined,
  tableNames: DafaaTableNames,
): LocalNotifyQueue {
  let connected:
    | Promise<{ client: SQSClient; urls: LocalNotifyQueues; adapter: SqsNotificationQueue }>
    | undefined;
  const connect = () => {
    connected ??= (async () => {
      const endpoint = sqsEndpoint ?? localSqsEndpoint();
      const client = new SQSClient({ ...localAwsClientConfig(endpoint), ...BULK_RETRY });
      const urls = await createNotifyQueues(endpoint, localPrefixOf(tableNames));
      return { client, urls, adapter: new SqsNotificationQueue(client, urls.queueUrl) };
    })();
    // A failed attempt (no stack yet) is not kept: the next use tries again.
    connected.catch(() => {
      connected = undefined;
    });
    return connected;
  };
  return {
    connect,
    enqueue: async (notifications) => (await connect()).adapter.enqueue(notifications),
    sendDelayed: async (messages) => (await connect()).adapter.sendDelayed(messages),
    sendAgainAfter: async (body, notBefore, now) =>
      (await connect()).adapter.sendAgainAfter(body, notBefore, now),
  };
}

/** The prefix the local tables were named with (`dafaa-local-`, a test's own): the queues take it too. */
function localPrefixOf(tableNames: DafaaTableNames): string {
  if (!tableNames.households.endsWith('households')) {
    throw new LocalStackError(
      `the local notify queue is named after the tables' prefix, and "${tableNames.households}" has none`,
    );
  }
  return tableNames.households.slice(0, -'households'.length);
}

/**
 * The cycle's dependencies against DynamoDB at `endpoint`, on the local tables or the ones named;
 * messages go to the local notify queue on `sqsEndpoint` (by default the running stack's).
 */
export function localCycleDeps(
  endpoint: string,
  tuning: Partial<CycleTuning> = {},
  tableNames: DafaaTableNames = localTableNames(),
  sqsEndpoint?: string,
): CycleDeps {
  const client = localDocumentClient(endpoint);
  return cycleDepsOnTables(client, tableNames, localNotifyQueue(sqsEndpoint, tableNames), tuning);
}

/** The local servers the notifier talks to; SQS defaults to the running stack's. */
export interface LocalNotifierEndpoints {
  readonly dynamodb: string;
  readonly ses: string;
  readonly sqs?: string;
}

/**
 * The notifier's dependencies against the local stack: claims in DynamoDB Local, email to the local
 * SES server, SMS into the local SMS outbox table (no SMS emulator exists), and the notify queue
 * on the local SQS API, with the deferred table, for the messages that must wait.
 */
export function localNotifierDeps(
  endpoints: LocalNotifierEndpoints,
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
    queue: localNotifyQueue(endpoints.sqs, tableNames),
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

/**
 * The ops commands' dependencies (audit, approvals, deliveries, overrides, objections) on the local
 * stack; `recording` decorates every audit entry they append (the CLI's `localCliRecording`).
 */
export function localOpsDeps(
  endpoint: string,
  tableNames: DafaaTableNames = localTableNames(),
  env: NodeJS.ProcessEnv = process.env,
  sqsEndpoint?: string,
  recording?: (log: AuditLog) => AuditLog,
) {
  return opsDepsOnTables(
    localDocumentClient(endpoint),
    tableNames,
    localCycleDeps(endpoint, {}, tableNames, sqsEndpoint),
    opsSettingsFromEnvironment(env),
    recording,
  );
}

/**
 * The local CLI acts without signing in: each entry it records says so (`via.channel` local-cli,
 * the login that ran it), and the first entry for each name tells the operator on stderr whose name
 * went into the audit log.
 */
export function localCliRecording(say: (line: string) => void, login = userInfo().username) {
  const announced = new Set<string>();
  return (log: AuditLog): AuditLog => ({
    async append(entry) {
      await log.append({ ...entry, via: { channel: 'local-cli', actorName: login } });
      if (announced.has(entry.actor)) return;
      announced.add(entry.actor);
      say(`(local, not signed in: recorded in the audit log as "${entry.actor}", run by ${login})`);
    },
  });
}
