import type { DrainSummary } from '../../shared/notifications/drain-notifications.ts';
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
  if (summary.setAside > 0)
    lines.push(`${summary.setAside} unreadable messages set aside in the queue, with the reason.`);
  return lines.join('\n');
}
