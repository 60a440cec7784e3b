/**
 * Plain text wrapped for a terminal at word boundaries, so that a long line (a manual step, a
 * failure) never breaks mid-word. A continuation line keeps the line's indentation and hangs
 * under a list marker (`- `, `1. `); a word longer than the width alone is cut.
 */

const MARKER = /^(\s*)(- |\d+\. )?/;

/** Display width, as a terminal counts it for the plain text Roster prints (one column per code point). */
const width = (text: string): number => [...text].length;

function wrapLine(line: string, columns: number): string[] {
  if (width(line) <= columns) return [line];
  const [, indent = '', marker = ''] = MARKER.exec(line) ?? [];
  const hang = ' '.repeat(Math.min(width(indent) + width(marker), Math.floor(columns / 2)));
  const words = line.slice(indent.length + marker.length).split(' ');
  const rows: string[] = [];
  let row = `${indent}${marker}`;
  let empty = true;
  for (let word of words) {
    while (true) {
      const candidate = empty ? `${row}${word}` : `${row} ${word}`;
      if (width(candidate) <= columns) {
        row = candidate;
        empty = false;
        break;
      }
      if (!empty) {
        rows.push(row);
        row = hang;
        empty = true;
        continue;
      }
      // A word wider than the row: cut it at the edge.
      const room = Math.max(1, columns - width(row));
      const chars = [...word];
      rows.push(`${row}${chars.slice(0, room).join('')}`);
      word = chars.slice(room).join('');
      row = hang;
      if (word === '') break;
    }
  }
  if (!empty) rows.push(row);
  return rows;
}

export function wrapText(text: string, columns: number): string {
  if (!Number.isFinite(columns) || columns < 20) return text;
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, columns))
    .join('\n');
}
