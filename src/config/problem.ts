/**
 * A problem found in the configuration, addressed by its configuration path. Checks produce
 * problems without knowing about files; the loader turns them into positioned diagnostics.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { MergedConfig } from './merge.js';
import type { PositionTarget } from './yaml-position.js';

export type ConfigPath = readonly PropertyKey[];

export interface ConfigProblem {
  readonly severity: 'error' | 'warning';
  /** Stable rule identifier, e.g. `config.unknown-key`. */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly path: ConfigPath;
  /** Point at the key rather than its value: for problems with a name rather than a value. */
  readonly target?: PositionTarget;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `applications.ringcentral.provisioning.mappings['name.givenName']`. */
export function formatPath(path: ConfigPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(String(segment))) text += text ? `.${String(segment)}` : String(segment);
    else text += `['${String(segment)}']`;
  }
  return text;
}

export function toDiagnostic(problem: ConfigProblem, merged: MergedConfig): Diagnostic {
  const origin = merged.locate(problem.path, problem.target);
  const path = formatPath(problem.path);
  return {
    severity: problem.severity,
    code: problem.code,
    message: problem.message,
    ...(problem.hint ? { hint: problem.hint } : {}),
    ...(origin ? { origin } : {}),
    ...(path ? { path } : {}),
  };
}
