/**
 * Plain-text tables for the terminal. Widths count what a terminal shows: Arabic letters take one
 * cell and combining marks none. No box borders, so that a terminal that lays Arabic lines out
 * right-to-left still shows a clean table, its first column on the right.
 */

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

const COMBINING_MARK = /\p{M}/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    if (!COMBINING_MARK.test(character)) width += 1;
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
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join('\n');
}
