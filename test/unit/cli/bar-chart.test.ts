import { describe, expect, it } from 'vitest';
import { renderCycleBreakdown } from '../../../cli/commands/cycle-ops-command.ts';
import { renderBars } from '../../../cli/render/bar-chart.ts';
import { displayWidth } from '../../../cli/render/table.ts';
import { cycleRecordSchema } from '../../../shared/cycles/cycle-record.ts';
import { emptyTally } from '../../../shared/cycles/cycle-tally.ts';

/** The display width of a line up to where its bar starts. */
const barColumn = (line: string) => displayWidth(line.slice(0, line.search(/[█▏▎▍▌▋▊▉]/)));
const blocks = (line: string) => (line.match(/█/g) ?? []).length;

describe('renderBars', () => {
  it('scales the largest value to the width and prints each value and share', () => {
    const lines = renderBars(
      [
        { label: 'paid', value: 3000 },
        { label: 'not eligible', value: 1500 },
      ],
      20,
    ).split('\n');

    expect(lines).toHaveLength(2);
    expect(blocks(lines[0] ?? '')).toBe(20);
    expect(blocks(lines[1] ?? '')).toBe(10);
    expect(lines[0]).toMatch(/^paid {10}█{20} {2}3,000 {3}66\.7%$/);
    expect(lines[1]).toMatch(/^not eligible {2}█{10} {10} {2}1,500 {3}33\.3%$/);
  });

  it('lines Arabic labels up by what the terminal shows, marks included', () => {
    const lines = renderBars([
      { label: 'مدفوع', value: 10 },
      { label: 'مُسْتَحَقّ', value: 4 }, // harakat take no cell
      { label: 'paid to households', value: 1 },
    ]).split('\n');

    expect(new Set(lines.map(barColumn)).size).toBe(1);
    expect(barColumn(lines[0] ?? '')).toBe(displayWidth('paid to households') + 2);
    expect(lines.map(displayWidth)).toEqual(lines.map(() => displayWidth(lines[0] ?? '')));
  });

  it('ends a bar with an eighth block, and never hides a small value', () => {
    const lines = renderBars(
      [
        { label: 'a', value: 1000 },
        { label: 'b', value: 140 }, // 1.12 of 8 cells: one block and an eighth
        { label: 'c', value: 1 },
      ],
      8,
    ).split('\n');

    expect(lines[1]).toContain('█▏');
    expect(lines[2]).toContain('▏');
    expect(blocks(lines[2] ?? '')).toBe(0);
  });

  it('takes shares of a given total, and prints the value as told', () => {
    const text = renderBars(
      [
        { label: 'not eligible', value: 40 },
        { label: '  abroad', value: 30 },
        { label: '  age', value: 20, display: '20 households' },
      ],
      10,
      { total: 200 },
    );

    expect(text).toMatch(/not eligible .* 20\.0%$/m);
    expect(text).toMatch(/ {2}abroad .* 15\.0%$/m);
    expect(text).toMatch(/ {2}age .* 20 households {3}10\.0%$/m);
  });

  it('draws no bar and no share when everything is zero, and nothing for no rows', () => {
    expect(renderBars([{ label: 'paid', value: 0 }], 5)).toBe('paid         0       —');
    expect(renderBars([])).toBe('');
  });

  it('refuses a negative value or a width under one cell', () => {
    expect(() => renderBars([{ label: 'paid', value: -1 }])).toThrow(RangeError);
    expect(() => renderBars([{ label: 'paid', value: Number.NaN }])).toThrow(RangeError);
    expect(() => renderBars([{ label: 'paid', value: 1 }], 0)).toThrow(RangeError);
  });
});

describe('renderCycleBreakdown', () => {
  const cycle = (totals: ReturnType<typeof emptyTally> | null) =>
    cycleRecordSchema.parse({
      cycle: '2026-12',
      paymentNumber: 109,
      paymentDate: '2026-12-10',
      paymentDateReason: 'the 10th',
      policyVersion: '2023-10',
      calendarVersion: 'test',
      status: totals ? 'completed' : 'planned',
      totalSegments: 4,
      householdEstimate: 1000,
      plannedAt: '2026-12-01T09:00:00Z',
      runs: [],
      totals,
      finalizedAt: null,
      incompleteSegments: [],
    });

  it('shows paid, each reason for not eligible, nothing due and set aside, as shares of all', () => {
    const text = renderCycleBreakdown(
      cycle({
        ...emptyTally(),
        householdsSeen: 1000,
        paid: 700,
        notEligible: 200,
        nothingDue: 90,
        setAside: 10,
        byReason: {
          'abroad-over-limit': 120,
          'not-saudi-citizen': 100,
          'income-above-cutoff': 90,
          'invalid:contact': 10,
        },
      }),
    );

    const lines = text.split('\n');
    expect(lines[0]).toBe('Households in cycle 2026-12: 1,000 seen');
    expect(lines.slice(1).map((line) => line.trim().split(/\s{2,}/)[0])).toEqual([
      'paid',
      'not eligible',
      'abroad-over-limit',
      'not-saudi-citizen',
      'nothing due',
      'set aside',
    ]);
    expect(lines[1]).toMatch(/ 700 {3}70\.0%$/);
    expect(lines[3]).toMatch(/^ {2}abroad-over-limit .* 120 {3}12\.0%$/);
    expect(blocks(lines[1] ?? '')).toBe(40);
  });

  it('says so when the cycle has no totals yet', () => {
    expect(renderCycleBreakdown(cycle(null))).toBe('Cycle 2026-12 is planned: no totals yet.');
  });
});
