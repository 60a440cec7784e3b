/**
 * One line per diagnostic, compiler style, then the configuration path and the hint:
 *
 *   configs/roster.yaml:12:7: error: unknown key "deprovison"
 *     at applications.ringcentral.provisioning
 *     hint: did you mean `deprovision`?
 */
import type { Diagnostic } from '../core/diagnostics.js';
import { printable } from './printable.js';

/** Where a diagnostic is: `file:line:column`, else its plan address, else nothing. */
export function diagnosticPlace(d: Diagnostic): string | undefined {
  return d.origin ? `${d.origin.file}:${d.origin.line}:${d.origin.column}` : d.address;
}

/** Lines of printable text (printable.ts): a message quoting vendor data cannot forge a line. */
export function formatDiagnostic(d: Diagnostic): string {
  const place = diagnosticPlace(d);
  const lines = [`${place !== undefined ? `${place}: ` : ''}${d.severity}: ${d.message}`];
  if (d.path) lines.push(`  at ${d.path}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.map(printable).join('\n');
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}
