import { maskMobile } from '../../shared/notifications/saudi-mobile.ts';
import { countSmsSegments } from '../../shared/notifications/sms-segments.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import type { localNotifierDeps } from '../local-context.ts';
import { countQueued, drainNotifyQueue } from '../local-stack/drain-notify-queue.ts';
import { renderDrainSummary } from '../render/drain-summary.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';

type LocalNotifier = ReturnType<typeof localNotifierDeps>;

/**
 * `dafaa notify drain`: delivers what the local notify queue holds, as SQS's event source and the
 * notifier Lambda do in AWS.
 */
export async function notifyCommand(
  notifier: () => LocalNotifier,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    {
      'quiet-hours': { type: 'string', default: 'on' },
      concurrency: { type: 'string', default: '16' },
    },
    'usage: dafaa notify drain [--quiet-hours on|off] [--concurrency N]',
    1,
  );
  if (positionals[0] !== 'drain') throw new UsageError('usage: dafaa notify drain');
  if (!['on', 'off'].includes(values['quiet-hours']))
    throw new UsageError('--quiet-hours takes on or off');
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new UsageError(
      `--concurrency takes a whole number from 1 to 256, not "${values.concurrency}"`,
    );
  }
  io.out(
    await drainWithProgress(notifier(), {
      quietHours: values['quiet-hours'] === 'on',
      concurrency,
    }),
  );
  return 0;
}

export async function drainWithProgress(
  local: LocalNotifier,
  options: { quietHours: boolean; concurrency: number },
): Promise<string> {
  const { visible, delayed } = await countQueued(local.queue);
  const bar = createProgressBar('Messages  ', visible + delayed);
  const settings = options.quietHours
    ? local.deps.settings
    : { ...local.deps.settings, sms: { ...local.deps.settings.sms, quietHours: null } };
  const started = performance.now();
  const summary = await drainNotifyQueue(
    { ...local, deps: { ...local.deps, settings } },
    {
      concurrency: options.concurrency,
      waitUpToMs: settings.retry.maxDelayMs,
      onProgress: (done) => bar.advance(done),
    },
  );
  bar.finish();
  return renderDrainSummary(summary, (performance.now() - started) / 1000);
}

/** `dafaa outbox`: the SMS the local SMS channel has "sent", with their segment counts. */
export async function outboxCommand(
  notifier: () => LocalNotifier,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values } = parseCommandLine(
    args,
    { limit: { type: 'string', default: '20' } },
    'usage: dafaa outbox [--limit N]',
    0,
  );
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 0)
    throw new UsageError(`--limit takes a whole number, not "${values.limit}"`);
  const messages = await notifier().smsOutbox.list();
  const total = messages.reduce((sum, message) => sum + countSmsSegments(message.body).segments, 0);
  io.out(
    renderTable(
      [
        { header: 'Sent at' },
        { header: 'To' },
        { header: 'Segments', align: 'right' },
        { header: 'Text' },
      ],
      messages
        .slice(-limit)
        .map((message) => [
          message.sentAt.slice(0, 19).replace('T', ' '),
          maskMobile(message.to),
          String(countSmsSegments(message.body).segments),
          message.body.replaceAll('\n', ' ⏎ '),
        ]),
    ),
  );
  io.out(
    `\n${messages.length.toLocaleString('en-US')} SMS in the outbox, ${total.toLocaleString('en-US')} segments.`,
  );
  return 0;
}
