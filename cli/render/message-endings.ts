import {
  type CycleMessageCounts,
  MESSAGE_ENDINGS,
  type MessageEnding,
} from '../../shared/notifications/delivery-record.ts';
import { renderTable } from './table.ts';

/** What each ending means to ops, in a few words. */
const MEANING: Record<MessageEnding, string> = {
  delivered: 'the provider delivered it',
  'permanent-failure': 'address or number wrong, or refuses us',
  'temporary-failure': 'inbox or phone could not take it',
  'technical-failure': 'the provider or we could not send it',
  unknown: 'no receipt within 72 hours',
  skipped: 'not sent: opted out, no contact, suppressed',
  'awaiting-receipt': 'sent, receipt not in yet (72 h at most)',
  'in-flight': 'being sent or retried (stuck if it stays)',
};

/**
 * A cycle's messages by how each ended (GOV.UK Notify's statuses, plus the endings without a send),
 * per channel: the `cycle report`'s message table. Endings nobody reached are left out.
 */
export function renderMessageEndings(cycle: string, counts: CycleMessageCounts): string {
  const total = (channel: keyof CycleMessageCounts) =>
    Object.values(counts[channel]).reduce((sum, value) => sum + value, 0);
  if (total('sms') + total('email') === 0) {
    return `Messages of cycle ${cycle}: none recorded with their cycle (deliveries claimed before messages kept their cycle are not counted).`;
  }
  const rows = MESSAGE_ENDINGS.filter(
    (ending) => counts.sms[ending] + counts.email[ending] > 0,
  ).map((ending) => [
    ending,
    counts.email[ending].toLocaleString('en-US'),
    counts.sms[ending].toLocaleString('en-US'),
    MEANING[ending],
  ]);
  rows.push([
    'total',
    total('email').toLocaleString('en-US'),
    total('sms').toLocaleString('en-US'),
    '',
  ]);
  return [
    `Messages of cycle ${cycle}, by how each ended`,
    renderTable(
      [
        { header: 'Status' },
        { header: 'Email', align: 'right' },
        { header: 'SMS', align: 'right' },
        { header: 'Meaning' },
      ],
      rows,
    ),
  ].join('\n');
}
