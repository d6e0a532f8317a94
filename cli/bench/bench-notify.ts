import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { recordCallsTo } from '../../shared/adapters/call-recorder.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { mapWithConcurrency } from '../../shared/concurrency/map-with-concurrency.ts';
import type { NotifierDeps } from '../../shared/notifications/deliver-notification.ts';
import type { Notification } from '../../shared/notifications/notification.ts';
import { normalizeSaudiMobile } from '../../shared/notifications/saudi-mobile.ts';
import { renderEmail, renderSms } from '../../shared/notifications/templates.ts';
import { parseCommandLine, processIo } from '../cli-io.ts';
import { localNotificationSettings, localNotifierDeps, localTableNames } from '../local-context.ts';
import { drainNotifyQueue } from '../local-stack/drain-notify-queue.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import type { LocalStack } from '../local-stack/local-stack.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { runWithLocalStack } from './run-with-local-stack.ts';
import { syntheticNotifications } from './synthetic-notifications.ts';

/**
 * `npm run bench:notify -- --messages 10000`: messages a second through the local notify queue and
 * the notifier (SQS receive, claim, render, send, record, delete) into the local SES server and the
 * local SMS outbox; in the same run and at the same concurrency, the rate of the same messages'
 * bare sends (their SMS and email through the same senders, nothing else), and the ratio; and the
 * DynamoDB writes each message cost, by table (an item of a batch counts as one write), and the
 * requests (reads too), since DynamoDB Local's cost is per request.
 */

const io = processIo;

async function main(stack: LocalStack): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      messages: { type: 'string', default: '10000' },
      concurrency: { type: 'string', default: '32' },
    },
    'usage: npm run bench:notify -- [--messages N] [--concurrency N]',
    0,
  );
  const count = Number(values.messages);
  const concurrency = Number(values.concurrency);
  const tableNames = localTableNames();
  const dynamodb = new DynamoDBClient(localAwsClientConfig(stack.dynamodb.endpoint));
  await createTables(dynamodb, tableNames);
  dynamodb.destroy();
  const settings = {
    ...localNotificationSettings,
    sms: { ...localNotificationSettings.sms, quietHours: null },
  };
  const counter = countDynamoDbWrites();
  const { writes, requests } = counter;
  const notifier = localNotifierDeps(
    { dynamodb: stack.dynamodb.endpoint, ses: stack.ses.endpoint, sqs: stack.sqs.endpoint },
    settings,
  );
  const notifications = syntheticNotifications(count);
  await notifier.queue.enqueue(notifications);

  const bar = createProgressBar('Messages  ', count);
  counter.start();
  const started = performance.now();
  const summary = await drainNotifyQueue(notifier, {
    concurrency,
    waitUpToMs: 1_000,
    onProgress: (done) => bar.advance(done),
  });
  bar.finish();
  const seconds = (performance.now() - started) / 1000;
  counter.stop();
  const smsSent = summary.byChannel.sms.sent ?? 0;
  const emailSent = summary.byChannel.email.sent ?? 0;

  // The baseline, same run and concurrency: each message's sends alone, through the very senders
  // the notifier used (the SMS outbox, the SES server), with no queue, no claim and no record.
  const sample = notifications.slice(0, Math.min(count, 5_000));
  const bareStarted = performance.now();
  await mapWithConcurrency(sample, concurrency, (notification) =>
    sendBare(notifier.deps, notification),
  );
  const bareRate = sample.length / ((performance.now() - bareStarted) / 1000);
  const rate = summary.messages / seconds;
  const writesPerMessage = (table: string) => (writes.get(table) ?? 0) / summary.messages;
  const deliveryWrites = writesPerMessage(tableNames.deliveries);

  io.out(
    `\n${renderTable(
      [{ header: 'Measure' }, { header: 'Figure', align: 'right' }],
      [
        ['messages (notifications)', count.toLocaleString('en-US')],
        ['concurrency', String(concurrency)],
        ['time', `${seconds.toFixed(1)} s`],
        ['messages per second through the notifier', rate.toFixed(0)],
        [
          'SMS sent to the outbox / emails sent to SES',
          `${smsSent.toLocaleString('en-US')} / ${emailSent.toLocaleString('en-US')}`,
        ],
        [
          "bare sends per second (each message's SMS and email, nothing else)",
          `${bareRate.toFixed(0)} (${sample.length.toLocaleString('en-US')} messages)`,
        ],
        ['ratio notifier / bare sends', (rate / bareRate).toFixed(2)],
        ['DynamoDB writes per message: deliveries', deliveryWrites.toFixed(2)],
        [
          'DynamoDB writes per message: all tables (incl. the local SMS outbox)',
          ([...writes.values()].reduce((sum, n) => sum + n, 0) / summary.messages).toFixed(2),
        ],
        ...[...requests].map(([table, n]): [string, string] => [
          `DynamoDB requests per message (reads too): ${table}`,
          (n / summary.messages).toFixed(2),
        ]),
        ['still queued / unreadable', `${summary.stillQueued} / ${summary.unreadable}`],
      ],
    )}`,
  );
  io.out(
    JSON.stringify({
      messages: summary.messages,
      seconds,
      messagesPerSecond: rate,
      smsSent,
      emailSent,
      bareSendsPerSecond: bareRate,
      ratio: rate / bareRate,
      writesPerMessage: Object.fromEntries(
        [...writes].map(([table, n]) => [table, n / summary.messages]),
      ),
      requestsPerMessage: Object.fromEntries(
        [...requests].map(([table, n]) => [table, n / summary.messages]),
      ),
    }),
  );
}

/** One message's sends and nothing else: SMS to its mobile, email to its address if it has one. */
async function sendBare(deps: NotifierDeps, notification: Notification): Promise<void> {
  const { mobile, email } = notification.contact;
  await Promise.all([
    mobile === null
      ? undefined
      : deps.sms.send({
          to: normalizeSaudiMobile(mobile),
          body: renderSms(notification).body,
          deliveryId: `bare#${notification.notificationId}#sms`,
        }),
    email === null
      ? undefined
      : deps.email.send({
          to: email,
          ...renderEmail(notification),
          deliveryId: `bare#${notification.notificationId}#email`,
        }),
  ]);
}

/**
 * DynamoDB writes by table (an item of a batch counts as one), noted from the clients made after
 * this is called, while `counting`.
 */
function countDynamoDbWrites() {
  const writes = new Map<string, number>();
  /** Requests of any kind (reads too), by table: DynamoDB Local's cost is per request. */
  const requests = new Map<string, number>();
  const add = (table: string, n: number) => writes.set(table, (writes.get(table) ?? 0) + n);
  const addRequest = (table: string) => requests.set(table, (requests.get(table) ?? 0) + 1);
  let counting = false;
  recordCallsTo((call) => {
    if (!counting || !call.client.startsWith('DynamoDB')) return;
    if (/^(Put|Update|Delete)(Item)?Command$/.test(call.command)) {
      add(String(call.input.TableName), 1);
    } else if (/^(BatchWrite|TransactWrite)(Items?)?Command$/.test(call.command)) {
      const batches = (call.input.RequestItems ?? {}) as Record<string, unknown[]>;
      for (const [table, items] of Object.entries(batches)) add(table, items.length);
    }
    const batches = call.input.RequestItems as Record<string, unknown> | undefined;
    for (const table of batches ? Object.keys(batches) : [String(call.input.TableName)]) {
      addRequest(table);
    }
  });
  return {
    writes,
    requests,
    start() {
      counting = true;
    },
    stop() {
      counting = false;
      recordCallsTo(undefined);
    },
  };
}

runWithLocalStack(main);
