/**
 * One line per diagnostic, compiler style, then the configuration path and the hint:
 *
 *   configs/roster.yaml:12:7: error: unknown key "deprovison"
 *     at applications.ringcentral.provisioning
 *     hint: did you mean `deprovision`?
 */
import type { Diagnostic } from '../core/diagnostics.js';

export function formatDiagnostic(d: Diagnostic): string {
  const place = d.origin ? `${d.origin.file}:${d.origin.line}:${d.origin.column}: ` : d.address ? `${d.address}: ` : '';
  const lines = [`${place}${d.severity}: ${d.message}`];
  if (d.path) lines.push(`  at ${d.path}`);
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n');
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map(formatDiagnostic).join('\n');
}
