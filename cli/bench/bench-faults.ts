import '../local-powertools.ts';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import type { CycleDefinition } from '../../infra/local/cycle-definition.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../../shared/adapters/dynamodb/table-specs.ts';
import { SEND_RETRY } from '../../shared/adapters/retry-policy.ts';
import { SesEmailSender } from '../../shared/adapters/ses/ses-email-sender.ts';
import { addDays, type CycleId, cycleOf } from '../../shared/calendar/calendar-date.ts';
import { riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import { UsageError } from '../cli-errors.ts';
import { parseCommandLine, processIo } from '../cli-io.ts';
import { progressReporter } from '../commands/cycle-command.ts';
import { parseHouseholdCount } from '../commands/seed-command.ts';
import { localCycleFlow, synthesizedCycleDefinition } from '../cycle-flow.ts';
import {
  localCycleDeps,
  localNotificationSettings,
  localNotifierDeps,
  localOpsDeps,
} from '../local-context.ts';
import { drainNotifyQueue } from '../local-stack/drain-notify-queue.ts';
import { startFaultProxy } from '../local-stack/fault-proxy.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import type { LocalStack } from '../local-stack/local-stack.ts';
import { localExecutionName } from '../local-stack/process-alive.ts';
import { readSesInbox } from '../local-stack/ses-local.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { seedRegister } from '../seed/seed-register.ts';
import { runWithLocalStack } from './run-with-local-stack.ts';

/**
 * `npm run bench:faults -- --households 3000 --throttle 30`: how much slower a month goes when the
 * services throttle. In one run, on one DynamoDB Local and one SES server, the same register is paid
 * twice on tables of its own: once straight, once through the fault proxy answering the given share
 * of DynamoDB calls with ThrottlingException; then each month's email is drained, straight and with
 * the same share of SES sends throttled. It prints both, the ratio, and what the throttling cost
 * (calls throttled, segment retries); it fails if a throttled month or drain does not finish.
 */

const io = processIo;
const USAGE = 'usage: npm run bench:faults -- [--households N] [--throttle PERCENT]';

interface Pass {
  readonly cycleSeconds: number;
  readonly drainSeconds: number;
  readonly status: string;
  readonly segmentAttempts: number;
  readonly emailsSent: number;
  readonly sesForwarded: number;
  readonly dynamodbThrottled: number;
  readonly sesThrottled: number;
}

async function main(stack: LocalStack): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      households: { type: 'string', default: '3000' },
      throttle: { type: 'string', default: '30' },
    },
    USAGE,
    0,
  );
  const households = parseHouseholdCount(values.households);
  const throttle = Number(values.throttle);
  if (!/^\d+$/.test(values.throttle) || throttle > 90) {
    throw new UsageError(
      `--throttle takes a whole percentage from 0 to 90, not "${values.throttle}"`,
    );
  }
  const today = riyadhDateOf(new Date());
  const cycle = cycleOf(addDays(today, 31));
  const definition = await synthesizedCycleDefinition();

  const straight = await pass(stack, { households, cycle, definition, throttleRate: 0 });
  const throttled = await pass(stack, {
    households,
    cycle,
    definition,
    throttleRate: throttle / 100,
  });

  const rate = (seconds: number) => (households / seconds).toFixed(0);
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  io.out(
    `\n${renderTable(
      [
        { header: 'Measure' },
        { header: 'Straight', align: 'right' },
        { header: `${throttle}% throttled`, align: 'right' },
        { header: 'Ratio', align: 'right' },
      ],
      [
        ['cycle status', straight.status, throttled.status, ''],
        [
          'cycle time',
          `${straight.cycleSeconds.toFixed(1)} s`,
          `${throttled.cycleSeconds.toFixed(1)} s`,
          `${ratio(throttled.cycleSeconds, straight.cycleSeconds)}x slower`,
        ],
        [
          'cycle: households per second',
          rate(straight.cycleSeconds),
          rate(throttled.cycleSeconds),
          ratio(straight.cycleSeconds, throttled.cycleSeconds),
        ],
        ['DynamoDB calls throttled', '0', throttled.dynamodbThrottled.toLocaleString('en-US'), ''],
        [
          'segment attempts (the state machine retries a failed one)',
          String(straight.segmentAttempts),
          String(throttled.segmentAttempts),
          '',
        ],
        [
          'email drain time',
          `${straight.drainSeconds.toFixed(1)} s`,
          `${throttled.drainSeconds.toFixed(1)} s`,
          `${ratio(throttled.drainSeconds, straight.drainSeconds)}x slower`,
        ],
        [
          'emails sent, each once (recorded sent = accepted by SES)',
          straight.emailsSent.toLocaleString('en-US'),
          throttled.emailsSent.toLocaleString('en-US'),
          '',
        ],
        ['SES sends throttled', '0', throttled.sesThrottled.toLocaleString('en-US'), ''],
        [
          'SES sends passed on by the proxy (a send lost on the way is sent again)',
          straight.sesForwarded.toLocaleString('en-US'),
          throttled.sesForwarded.toLocaleString('en-US'),
          '',
        ],
        ['households', households.toLocaleString('en-US'), '', ''],
        ['node', process.version, '', ''],
      ],
    )}`,
  );
  io.out(JSON.stringify({ households, throttle, straight, throttled }));
}

/** Seeds a register on tables of its own, pays its month, and drains its email; times both. */
async function pass(
  stack: LocalStack,
  options: {
    households: number;
    cycle: CycleId;
    definition: CycleDefinition;
    throttleRate: number;
  },
): Promise<Pass> {
  const label = options.throttleRate > 0 ? 'throttled' : 'straight';
  const tables = tableNamesWithPrefix(`bench-${label}-${randomUUID().slice(0, 8)}-`);
  await createLocalTables(stack.dynamodb.endpoint, tables);
  const seeding = createProgressBar(`Seeding (${label})`, options.households);
  await seedRegister(
    localCycleDeps(stack.dynamodb.endpoint, {}, tables).households,
    {
      households: options.households,
      seed: 42,
      arrearsDueBy: options.cycle,
      asOf: addDays(riyadhDateOf(new Date()), -35),
    },
    (written) => seeding.advance(written),
  );
  seeding.finish();

  const faults = { throttleRate: options.throttleRate, seed: 11 };
  const dynamodb = await startFaultProxy({ upstream: stack.dynamodb.endpoint, ...faults });
  const ses = await startFaultProxy({ upstream: stack.ses.endpoint, ...faults });
  try {
    const deps = localCycleDeps(dynamodb.endpoint, {}, tables, stack.sqs.endpoint);
    const progress = progressReporter(options.cycle, `Cycle (${label})`);
    const started = performance.now();
    const outcome = await localCycleFlow({
      cycle: deps,
      approvals: localOpsDeps(dynamodb.endpoint, tables).approvals,
      definition: options.definition,
      ...progress.hooks,
    }).run({
      cycle: options.cycle,
      executionName: localExecutionName('run', options.cycle, new Date()),
    });
    progress.finish();
    const cycleSeconds = (performance.now() - started) / 1000;
    const record = await deps.cycles.get(options.cycle);
    if (outcome.ended !== 'finalized' || record?.status !== 'completed') {
      throw new Error(`the ${label} month did not complete: ${JSON.stringify(outcome)}`);
    }
    const segments = await deps.cycles.listSegments(options.cycle);

    const notifier = localNotifierDeps(
      { dynamodb: stack.dynamodb.endpoint, ses: stack.ses.endpoint, sqs: stack.sqs.endpoint },
      localNotificationSettings,
      tables,
    );
    const settings = {
      ...localNotificationSettings,
      sms: { ...localNotificationSettings.sms, quietHours: null },
    };
    const acceptedBefore = (await readSesInbox(stack.ses.endpoint)).length;
    const drainStarted = performance.now();
    const summary = await drainNotifyQueue(
      {
        ...notifier,
        deps: {
          ...notifier.deps,
          settings,
          email: new SesEmailSender(
            new SESClient({ ...localAwsClientConfig(ses.endpoint), ...SEND_RETRY }),
            settings.email,
          ),
        },
      },
      { concurrency: 16, waitUpToMs: settings.retry.maxDelayMs },
    );
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const emailsSent = summary.byChannel.email.sent ?? 0;
    // What the SES server took, not what the proxy passed on: a send that fails on its way (a
    // kept-alive connection the server closes as it goes out) is passed on twice, accepted once.
    const emailsAccepted = (await readSesInbox(stack.ses.endpoint)).length - acceptedBefore;
    if (summary.stillQueued > 0 || emailsSent !== emailsAccepted) {
      throw new Error(
        `the ${label} drain left ${summary.stillQueued} messages, or recorded ${emailsSent} emails sent while SES accepted ${emailsAccepted}`,
      );
    }
    return {
      cycleSeconds,
      drainSeconds,
      status: record.status,
      segmentAttempts: segments.reduce((sum, segment) => sum + segment.attempts, 0),
      emailsSent,
      sesForwarded: ses.counts().forwarded,
      dynamodbThrottled: dynamodb.counts().throttled,
      sesThrottled: ses.counts().throttled,
    };
  } finally {
    await Promise.all([dynamodb.stop(), ses.stop()]);
  }
}

async function createLocalTables(endpoint: string, tables: DafaaTableNames): Promise<void> {
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  try {
    await createTables(client, tables);
  } finally {
    client.destroy();
  }
}

runWithLocalStack(main);
