/**
 * One table, printed two ways: aligned text for the terminal, GitHub markdown for the doc.
 */
export interface Table {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

export function textTable(table: Table): string {
  const widths = table.columns.map((column, i) => Math.max(column.length, ...table.rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [table.title, line(table.columns), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

export function markdownTable(table: Table): string {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [row(table.columns), row(table.columns.map((_, i) => (i === 0 ? '---' : '---:'))), ...table.rows.map(row)].join('\n');
}

export const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
export const megabytes = (mb: number) => mb.toFixed(0);
export const count = (n: number) => n.toLocaleString('en-US');
export const ratio = (r: number) => r.toFixed(2);
/** Minutes, for times at RingCentral's real limits. */
export const minutes = (min: number) => (min < 10 ? min.toFixed(1) : min.toFixed(0));
