import { describe, expect, it } from 'vitest';
import { renderMessageEndings } from '../../../cli/render/message-endings.ts';
import { emptyMessageCounts } from '../../../shared/notifications/delivery-record.ts';

describe('renderMessageEndings', () => {
  it('counts a cycle messages per channel, leaving out the endings nobody reached', () => {
    const counts = emptyMessageCounts();
    counts.email.delivered = 1_200;
    counts.email['permanent-failure'] = 30;
    counts.sms.delivered = 1_190;
    counts.sms.unknown = 40;

    const table = renderMessageEndings('2026-12', counts);

    expect(table.split('\n')).toEqual([
      'Messages of cycle 2026-12, by how each ended',
      expect.stringMatching(/^Status +Email +SMS +Meaning$/),
      expect.stringMatching(/^─+/),
      expect.stringMatching(/^delivered +1,200 +1,190 +the provider delivered it$/),
      expect.stringMatching(/^permanent-failure +30 +0 +address or number wrong/),
      expect.stringMatching(/^unknown +0 +40 +no receipt within 72 hours$/),
      expect.stringMatching(/^total +1,230 +1,230/),
    ]);
  });

  it('says so when the cycle has no message recorded with it', () => {
    expect(renderMessageEndings('2026-11', emptyMessageCounts())).toMatch(/none recorded/);
  });
});
