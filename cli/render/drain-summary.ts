import { NOTIFY_QUEUE } from '../../shared/config/notify-queue.ts';
import type { DrainSummary } from '../local-stack/drain-notify-queue.ts';
import { renderTable } from './table.ts';

/** What a drain did, per channel and outcome: `sent`, `skipped:opted-out`, `failed:invalid-number`... */
export function renderDrainSummary(summary: DrainSummary, seconds: number): string {
  const outcomes = [
    ...new Set([...Object.keys(summary.byChannel.sms), ...Object.keys(summary.byChannel.email)]),
  ].sort((a, b) => (a === 'sent' ? -1 : b === 'sent' ? 1 : a.localeCompare(b)));
  const table = renderTable(
    [{ header: 'Outcome' }, { header: 'SMS', align: 'right' }, { header: 'Email', align: 'right' }],
    outcomes.map((outcome) => [
      outcome,
      (summary.byChannel.sms[outcome] ?? 0).toLocaleString('en-US'),
      (summary.byChannel.email[outcome] ?? 0).toLocaleString('en-US'),
    ]),
  );
  const deliveries = Object.values(summary.byChannel)
    .flatMap((outcomes) => Object.values(outcomes))
    .reduce((sum, count) => sum + count, 0);
  const rate = seconds > 0 ? Math.round(deliveries / seconds) : 0;
  const lines = [
    table,
    `${deliveries.toLocaleString('en-US')} deliveries settled in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} a second); ${summary.messages.toLocaleString('en-US')} messages done on every channel.`,
  ];
  if (summary.stillQueued > 0) {
    lines.push(
      `${summary.stillQueued.toLocaleString('en-US')} still queued (quiet hours or a later retry), next due ${summary.nextDue?.toISOString() ?? 'later'}.`,
    );
  }
  if (summary.unreadable > 0) {
    lines.push(
      `${summary.unreadable.toLocaleString('en-US')} unreadable messages left with SQS: they go to the dead-letter queue after ${NOTIFY_QUEUE.maxReceiveCount} receives.`,
    );
  }
  if (summary.deadLetterQueue > 0) {
    lines.push(
      `${summary.deadLetterQueue.toLocaleString('en-US')} messages in the dead-letter queue.`,
    );
  }
  return lines.join('\n');
}
