import { displayWidth } from './table.ts';

/**
 * Horizontal bar charts for the terminal: one line per row with its label, a bar of block
 * characters (eighths of a cell at the tip, so small differences still show), the value and its
 * share. Labels are padded by what the terminal shows (`displayWidth`), so Arabic labels line up.
 */

export interface BarRow {
  readonly label: string;
  /** A non-negative number: the bar's length and the share are computed from it. */
  readonly value: number;
  /** What to print for the value (say `1,296.00 SAR`); the value with thousands separators if absent. */
  readonly display?: string;
}

export interface BarOptions {
  /**
   * What shares are a share of: the sum of the rows if absent. Give it when rows overlap (reasons
   * under a total, a household counted under each of its reasons).
   */
  readonly total?: number;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/** The rows as bars scaled so that the largest value fills `width` cells. */
export function renderBars(rows: readonly BarRow[], width = 40, options: BarOptions = {}): string {
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(`a bar chart needs a width of at least 1 cell, not ${width}`);
  }
  const bad = rows.find((row) => !Number.isFinite(row.value) || row.value < 0);
  if (bad) {
    throw new RangeError(`bar "${bad.label}" has ${bad.value}: bars show non-negative numbers`);
  }
  if (rows.length === 0) return '';
  const max = Math.max(...rows.map((row) => row.value));
  const total = options.total ?? rows.reduce((sum, row) => sum + row.value, 0);
  const labelWidth = Math.max(...rows.map((row) => displayWidth(row.label)));
  const shown = rows.map((row) => row.display ?? row.value.toLocaleString('en-US'));
  const valueWidth = Math.max(...shown.map(displayWidth));
  return rows
    .map((row, index) => {
      const label = row.label + ' '.repeat(labelWidth - displayWidth(row.label));
      const bar = barOf(max > 0 ? (row.value / max) * width : 0);
      const value = (shown[index] ?? '').padStart(valueWidth);
      const share = total > 0 ? `${((row.value / total) * 100).toFixed(1)}%` : '—';
      return `${label}  ${bar}${' '.repeat(width - displayWidth(bar))}  ${value}  ${share.padStart(6)}`;
    })
    .join('\n');
}

/** A bar `cells` long: full blocks, then the eighth block nearest the rest; a sliver for any value. */
function barOf(cells: number): string {
  const eighths = Math.round(cells * 8);
  const bar = '█'.repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? '');
  return bar === '' && cells > 0 ? '▏' : bar;
}
