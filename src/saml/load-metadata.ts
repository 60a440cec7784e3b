/**
 * One call for what a plan needs from `sso.spMetadata`: resolve the reference, read it within the
 * caps, parse it. The only I/O in Roster's SAML handling is here and in source.ts.
 */
import type { Diagnostic } from '../core/diagnostics.js';
import type { SpMetadata } from './metadata.js';
import { parseSpMetadata } from './parse-metadata.js';
import { readMetadataSource, resolveMetadataSource, type DeclaringFile, type MetadataSource, type ReadMetadataOptions, type SourceSetting } from './source.js';

export interface SpMetadataRequest {
  /** The value of `sso.spMetadata`: a path relative to `declaredIn`, or an https URL. */
  readonly reference: string;
  readonly declaredIn: DeclaringFile;
  readonly setting: SourceSetting;
  /** The configured SP entity id: picks the entity out of an aggregate. */
  readonly entityId?: string;
  /** PEM certificates the metadata's signature must verify with (see ParseMetadataOptions). */
  readonly trustedCertificates?: readonly string[];
}

export interface LoadedSpMetadata {
  readonly source?: MetadataSource;
  readonly metadata?: SpMetadata;
  readonly diagnostics: readonly Diagnostic[];
}

export async function loadSpMetadata(request: SpMetadataRequest, options: ReadMetadataOptions = {}): Promise<LoadedSpMetadata> {
  const resolved = resolveMetadataSource(request.reference, request.declaredIn, request.setting);
  if (!resolved.source) return { diagnostics: resolved.diagnostics };
  const source = resolved.source;
  const read = await readMetadataSource(source, request.setting, options);
  if (!read.bytes) return { source, diagnostics: read.diagnostics };
  const parsed = parseSpMetadata(
    read.bytes,
    { app: request.setting.app, source: source.display, ...(request.setting.path !== undefined ? { path: request.setting.path } : {}) },
    {
      ...(request.entityId !== undefined ? { entityId: request.entityId } : {}),
      ...(request.trustedCertificates ? { trustedCertificates: request.trustedCertificates } : {}),
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    },
  );
  return { source, ...(parsed.metadata ? { metadata: parsed.metadata } : {}), diagnostics: parsed.diagnostics };
}
