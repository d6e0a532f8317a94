import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { mapWithConcurrency } from '../../shared/concurrency/map-with-concurrency.ts';
import { renderEmail } from '../../shared/notifications/templates.ts';
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
 * local SMS outbox, and in the same run the rate of bare SES SendEmail calls at the same
 * concurrency, for scale.
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
  const dynamodb = new DynamoDBClient(localAwsClientConfig(stack.dynamodb.endpoint));
  await createTables(dynamodb, localTableNames());
  dynamodb.destroy();
  const settings = {
    ...localNotificationSettings,
    sms: { ...localNotificationSettings.sms, quietHours: null },
  };
  const notifier = localNotifierDeps(
    { dynamodb: stack.dynamodb.endpoint, ses: stack.ses.endpoint, sqs: stack.sqs.endpoint },
    settings,
  );
  const notifications = syntheticNotifications(count);
  await notifier.queue.enqueue(notifications);

  const bar = createProgressBar('Messages  ', count);
  const started = performance.now();
  const summary = await drainNotifyQueue(notifier, {
    concurrency,
    waitUpToMs: 1_000,
    onProgress: (done) => bar.advance(done),
  });
  bar.finish();
  const seconds = (performance.now() - started) / 1000;
  const smsSent = summary.byChannel.sms.sent ?? 0;
  const emailSent = summary.byChannel.email.sent ?? 0;

  const ses = new SESClient(localAwsClientConfig(stack.ses.endpoint));
  const sample = notifications.slice(0, Math.min(count, 5_000));
  const rawStarted = performance.now();
  await mapWithConcurrency(sample, concurrency, async (notification) => {
    const email = renderEmail(notification);
    await ses.send(
      new SendEmailCommand({
        Source: settings.email.from,
        Destination: { ToAddresses: ['bench@example.sa'] },
        Message: {
          Subject: { Data: email.subject, Charset: 'UTF-8' },
          Body: {
            Text: { Data: email.text, Charset: 'UTF-8' },
            Html: { Data: email.html, Charset: 'UTF-8' },
          },
        },
      }),
    );
  });
  const rawRate = sample.length / ((performance.now() - rawStarted) / 1000);
  ses.destroy();

  io.out(
    `\n${renderTable(
      [{ header: 'Measure' }, { header: 'Figure', align: 'right' }],
      [
        ['messages (notifications)', count.toLocaleString('en-US')],
        ['concurrency', String(concurrency)],
        ['time', `${seconds.toFixed(1)} s`],
        ['messages per second through the notifier', (summary.messages / seconds).toFixed(0)],
        [
          'SMS sent to the outbox / emails sent to SES',
          `${smsSent.toLocaleString('en-US')} / ${emailSent.toLocaleString('en-US')}`,
        ],
        ['deliveries per second (SMS + email)', ((smsSent + emailSent) / seconds).toFixed(0)],
        [
          'bare SES SendEmail per second, same concurrency',
          `${rawRate.toFixed(0)} (${sample.length.toLocaleString('en-US')} emails)`,
        ],
        ['still queued / unreadable', `${summary.stillQueued} / ${summary.unreadable}`],
      ],
    )}`,
  );
  io.out(
    JSON.stringify({
      messages: summary.messages,
      seconds,
      messagesPerSecond: summary.messages / seconds,
      smsSent,
      emailSent,
      rawSesRate: rawRate,
    }),
  );
}

runWithLocalStack(main);
