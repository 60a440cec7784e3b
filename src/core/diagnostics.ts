import { compareText } from './order.js';

/**
 * Diagnostics are how Roster tells a user about a mistake or a risk: collected, never thrown, each
 * with a place (file position or plan address) and, where possible, the next step.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface Diagnostic {
  readonly severity: Severity;
  /** A stable identifier of the rule, e.g. `config.unknown-key`, `target.address-without-country`. */
  readonly code: string;
  readonly message: string;
  /** The next step for the user: a fix, the allowed values, a flag. */
  readonly hint?: string;
  /** Where in the configuration the problem is. */
  readonly origin?: SourcePosition;
  /** The dotted configuration path, e.g. `applications.ringcentral.provisioning.mappings`. */
  readonly path?: string;
  /** The plan address the diagnostic is about, e.g. `ringcentral/user/alice@example.com`. */
  readonly address?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts by file, line, column, then severity and message, so output is stable. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.origin?.file ?? '', b.origin?.file ?? '') ||
      (a.origin?.line ?? 0) - (b.origin?.line ?? 0) ||
      (a.origin?.column ?? 0) - (b.origin?.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      compareText(a.address ?? '', b.address ?? '') ||
      compareText(a.message, b.message),
  );
}
