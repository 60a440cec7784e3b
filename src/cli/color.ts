/**
 * Whether output is coloured: only on a terminal, and never with `--no-color` or with NO_COLOR
 * set to a non-empty value (https://no-color.org). Layout on a terminal (widths, wrapping, the
 * live apply view) does not depend on it: only colours and text styles are left out.
 */
import type { CliIO } from './command.js';

export function colorEnabled(io: Pick<CliIO, 'env' | 'noColor'>, stream: { isTTY?: boolean }): boolean {
  if (io.noColor === true) return false;
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  return stream.isTTY === true;
}
