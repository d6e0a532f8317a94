import { NOTIFY_QUEUE } from '../../shared/config/notify-queue.ts';
import { UsageError } from '../cli-errors.ts';
import { parseCommandLine, processIo } from '../cli-io.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { type NightFigures, type NightOptions, simulateNight } from './notify-night-simulation.ts';
import { syntheticNotification } from './synthetic-notifications.ts';

/**
 * `npm run bench:notify-night`: a national night in virtual time. Three million notifications
 * queued at 00:05 Riyadh on a queue that holds at most 120,000 in flight, through the real notifier
 * with the account's send rates: when the last email and the last SMS go, the peak in flight, and
 * what was dead-lettered. In the same run, the design it replaced (SMS parked in flight until 08:00)
 * at a hundredth of the size with everything else scaled alike (cap, rates), for comparison.
 */

const USAGE =
  'usage: npm run bench:notify-night -- [--notifications N] [--sms-rate PER_SECOND] [--email-rate PER_SECOND] [--containers N]';

/** SQS's documented limit of in-flight messages for a standard queue. */
const IN_FLIGHT_CAP = 120_000;
/** The notify queue's visibility timeout and receive count, as the stack makes it. */
const VISIBILITY_TIMEOUT_MS = NOTIFY_QUEUE.visibilityTimeoutSeconds * 1000;
const MAX_RECEIVE_COUNT = NOTIFY_QUEUE.maxReceiveCount;
/** 00:05 Riyadh on a payment night: when the daily tick starts the cycle that queues them. */
const QUEUED_AT = new Date('2026-12-09T21:05:00Z');
const BASELINE_SCALE = 0.01;

const io = processIo;

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} takes a positive number, not "${text}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      notifications: { type: 'string', default: '3000000' },
      'sms-rate': { type: 'string', default: '100' },
      'email-rate': { type: 'string', default: '100' },
      containers: { type: 'string', default: '5' },
    },
    USAGE,
    0,
  );
  const notifications = Math.round(positive('notifications', values.notifications));
  const rates = {
    sms: positive('sms-rate', values['sms-rate']),
    email: positive('email-rate', values['email-rate']),
  };
  const containers = Math.round(positive('containers', values.containers));
  const common: Omit<NightOptions, 'notifications' | 'sqs' | 'accountRates' | 'mode'> = {
    bodyOf: (index) => JSON.stringify(syntheticNotification(index)),
    queuedAt: QUEUED_AT,
    containers,
    batchSize: 10,
    batchOverheadMs: 50,
    horizonMs: 72 * 3_600_000,
  };
  // Every notification has a mobile number; seven in ten an email address (synthetic-notifications.ts).
  const expectedSends = notifications + Math.ceil(notifications * 0.7);

  const bar = createProgressBar('Sends     ', expectedSends);
  const started = performance.now();
  const national = await simulateNight({
    ...common,
    notifications,
    sqs: {
      inFlightCap: IN_FLIGHT_CAP,
      visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    },
    accountRates: rates,
    mode: 'defer',
    onProgress: (done) => bar.advance(done),
  });
  bar.finish();
  const seconds = (performance.now() - started) / 1000;

  const scaled = (value: number) => Math.max(1, Math.round(value * BASELINE_SCALE));
  const baselineCap = scaled(IN_FLIGHT_CAP);
  const baselineOptions = {
    notifications: scaled(notifications),
    sqs: {
      inFlightCap: baselineCap,
      visibilityTimeoutMs: VISIBILITY_TIMEOUT_MS,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    },
    accountRates: { sms: rates.sms * BASELINE_SCALE, email: rates.email * BASELINE_SCALE },
  };
  const parked = await simulateNight({ ...common, ...baselineOptions, mode: 'park' });
  const deferredSmall = await simulateNight({ ...common, ...baselineOptions, mode: 'defer' });

  const time = (instant: Date | null) =>
    instant === null
      ? '–'
      : `${new Intl.DateTimeFormat('en-GB', {
          timeZone: 'Asia/Riyadh',
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
        }).format(instant)}`;
  const row = (label: string, figure: (night: NightFigures, cap: number) => string) => [
    label,
    figure(national, IN_FLIGHT_CAP),
    figure(deferredSmall, baselineCap),
    figure(parked, baselineCap),
  ];
  const count = (value: number) => value.toLocaleString('en-US');
  io.out(
    `\n${renderTable(
      [
        { header: 'Riyadh time (queued Thu 00:05)' },
        { header: `deferred, ${count(notifications)}`, align: 'right' },
        { header: `deferred, ${count(baselineOptions.notifications)}`, align: 'right' },
        { header: `parked in flight, ${count(baselineOptions.notifications)}`, align: 'right' },
      ],
      [
        row('SMS / email quota per second', (_night, cap) =>
          cap === IN_FLIGHT_CAP
            ? `${rates.sms} / ${rates.email}`
            : `${rates.sms * BASELINE_SCALE} / ${rates.email * BASELINE_SCALE}`,
        ),
        row('in-flight cap', (_night, cap) => count(cap)),
        row('emails sent', (night) => count(night.sent.email)),
        row('last email sent', (night) => time(night.lastSent.email)),
        row('SMS sent', (night) => count(night.sent.sms)),
        row('first SMS sent', (night) => time(night.firstSent.sms)),
        row('last SMS sent', (night) => time(night.lastSent.sms)),
        row(
          'peak in flight (share of cap)',
          (night, cap) =>
            `${count(night.peakInFlight)} (${((100 * night.peakInFlight) / cap).toFixed(2)}%)`,
        ),
        row('receives refused at the cap', (night) => count(night.receivesRefusedAtCap)),
        row(
          'peak SMS / email per second',
          (night) => `${night.peakPerSecond.sms} / ${night.peakPerSecond.email}`,
        ),
        row('dead-lettered', (night) => count(night.deadLettered)),
        row('sent twice', (night) => count(night.sentTwice)),
        row('left when the simulation stopped', (night) => count(night.leftOver)),
      ],
    )}\n`,
  );
  io.out(
    `Simulated ${count(notifications)} notifications (${count(national.batches)} batches) in ${seconds.toFixed(0)} s; the last two columns are the same night at ${BASELINE_SCALE * 100}% of the size, cap and rates.\n`,
  );
}

await main();
