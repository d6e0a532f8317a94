import { describe, expect, it } from 'vitest';
import { renderCycleCsv, renderCycleSummary } from '../../../cli/render/cycle-summary.ts';
import { cycleRecordSchema } from '../../../shared/cycles/cycle-record.ts';
import { type CycleTally, emptyTally } from '../../../shared/cycles/cycle-tally.ts';

const cycleWith = (totals: CycleTally) =>
  cycleRecordSchema.parse({
    cycle: '2026-12',
    paymentNumber: 109,
    paymentDate: '2026-12-10',
    paymentDateReason: 'the 10th',
    policyVersion: '2023-10',
    calendarVersion: 'test',
    status: 'completed',
    totalSegments: 4,
    householdEstimate: 1000,
    plannedAt: '2026-12-01T09:00:00Z',
    runs: [],
    totals,
    finalizedAt: '2026-12-01T10:00:00Z',
    incompleteSegments: [],
  });

const paid = { ...emptyTally(), householdsSeen: 1000, paid: 1000, newlyWritten: 1000 };

describe('the cycle summary', () => {
  it('shows the contact problems by reason, the households assessed as usual', () => {
    const cycle = cycleWith({
      ...paid,
      contactProblems: { 'invalid-mobile': 3, 'invalid-email': 12 },
    });

    const lines = renderCycleSummary(cycle).split('\n');

    const at = lines.findIndex((line) => line.includes('Contact problems'));
    expect(lines[at]).toMatch(
      /Contact problems .*channels skipped \(households assessed as usual\) .* 15/,
    );
    expect(lines[at + 1]).toMatch(/^\S*\s+\S*\s+invalid-email\s+.*12\b/);
    expect(lines[at + 2]).toMatch(/invalid-mobile\s+.*3\b/);
    expect(renderCycleCsv(cycle).split('\n').slice(-2)).toEqual([
      '2026-12,109,2026-12-10,completed,contact-problem,invalid-email,12,',
      '2026-12,109,2026-12-10,completed,contact-problem,invalid-mobile,3,',
    ]);
  });

  it('says nothing of contact problems when there are none', () => {
    const cycle = cycleWith({ ...paid, contactProblems: { 'invalid-email': 0 } });

    expect(renderCycleSummary(cycle)).not.toContain('Contact problems');
    expect(renderCycleSummary(cycle)).not.toContain('invalid-email');
    expect(renderCycleCsv(cycle)).not.toContain('contact-problem');
  });
});
