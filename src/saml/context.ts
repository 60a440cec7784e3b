/**
 * Where SAML diagnostics point: the application's SSO address, the configuration setting that
 * names the metadata, and, for problems inside a metadata document, its line and column.
 */
import { ssoAddress } from '../core/address.js';
import type { Diagnostic, Severity } from '../core/diagnostics.js';

export interface MetadataContext {
  /** The application, by its key under `applications:`. */
  readonly app: string;
  /** The metadata as the user knows it: a file path or a URL. */
  readonly source: string;
  /** The configuration path that names the metadata, e.g. `applications.ringcentral.sso.spMetadata`. */
  readonly path?: string;
}

export interface SamlProblem {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** 1-based position inside the metadata document, when known. */
  readonly line?: number;
  readonly column?: number;
}

export function samlDiagnostic(context: MetadataContext, problem: SamlProblem): Diagnostic {
  const { line, column, ...rest } = problem;
  return {
    ...rest,
    address: ssoAddress(context.app),
    ...(context.path !== undefined ? { path: context.path } : {}),
    ...(line !== undefined ? { origin: { file: context.source, line, column: column ?? 1 } } : {}),
  };
}
