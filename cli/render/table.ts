/**
 * Plain-text tables for the terminal. Widths count what a terminal shows: Arabic letters take one
 * cell, combining marks and direction marks none. No box borders, so that a terminal that lays
 * Arabic lines out right-to-left still shows a clean table, its first column on the right. A
 * right-to-left table starts every line with a right-to-left mark, so that the rule line (which has
 * no letters to decide by) turns the same way as the rows.
 */

export type TextDirection = 'ltr' | 'rtl';

const RIGHT_TO_LEFT_MARK = '\u200F';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

const ZERO_WIDTH = /[\p{M}\p{Cf}]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    if (!ZERO_WIDTH.test(character)) width += 1;
  }
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  direction: TextDirection = 'ltr',
): string {
  const widths = columns.map((column, index) =>
    Math.max(displayWidth(column.header), ...rows.map((row) => displayWidth(row[index] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const last = index === columns.length - 1 && column.align !== 'right';
        const cell = cells[index] ?? '';
        return last ? cell : pad(cell, widths[index] ?? 0, column.align ?? 'left');
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '─'.repeat(width)).join('  ');
  const lines = [line(columns.map((column) => column.header)), rule, ...rows.map(line)];
  return (direction === 'rtl' ? lines.map((text) => RIGHT_TO_LEFT_MARK + text) : lines).join('\n');
}
