/**
 * Loading a configuration folder: read → parse (keeping positions) → merge → interpolate →
 * validate → normalise. Every problem found on the way is returned as a diagnostic; nothing
 * throws for a user's mistake.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { canonicalJson } from '../core/digest.js';
import type { DesiredState } from '../core/desired.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { toDesiredState } from './desired.js';
import { readConfigFiles } from './files.js';
import { interpolate, SECRET_KEYS } from './interpolate.js';
import { mergeSources } from './merge.js';
import type { RosterConfig } from './schema.js';
import { validateConfig } from './validate.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

export interface LoadOptions {
  readonly dir: string;
  readonly cwd: string;
  /** Resolve `${NAME}` references from this environment; omit to only check them (validate). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedConfig {
  readonly config: RosterConfig;
  readonly desired: DesiredState;
  /** Digest of the configuration (secrets excluded), recorded in plans to detect a changed config. */
  readonly digest: string;
}

export interface LoadResult {
  readonly loaded?: LoadedConfig;
  readonly diagnostics: Diagnostic[];
  readonly files: readonly string[];
}

/** The configuration with secret values replaced, so digests do not change when a secret rotates. */
function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '(secret)' : withoutSecrets(v)]));
  }
  return value;
}

export function configDigest(config: RosterConfig): string {
  return createHash('sha256').update(canonicalJson(withoutSecrets(config))).digest('hex');
}

export async function loadConfig(options: LoadOptions): Promise<LoadResult> {
  const dir = resolve(options.cwd, options.dir);
  const read = await readConfigFiles(dir, options.cwd);
  const diagnostics: Diagnostic[] = [...read.diagnostics];
  const sources: YamlSource[] = [];
  for (const file of read.files) {
    const parsed = parseYamlSource(file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.source) sources.push(parsed.source);
  }
  const files = read.files.map((f) => f.display);
  if (hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), files };

  const { merged, diagnostics: mergeDiagnostics } = mergeSources(sources);
  diagnostics.push(...mergeDiagnostics);
  const interpolated = interpolate(merged, options.env ? { env: options.env } : {});
  diagnostics.push(...interpolated.diagnostics);
  const validated = validateConfig(interpolated.data, merged);
  diagnostics.push(...validated.diagnostics);
  if (!validated.config || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), files };

  const config = validated.config;
  return {
    loaded: { config, desired: toDesiredState(config), digest: configDigest(config) },
    diagnostics: sortDiagnostics(diagnostics),
    files,
  };
}
