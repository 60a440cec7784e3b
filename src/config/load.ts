/**
 * Loading a configuration folder: read → parse (keeping positions) → merge → interpolate →
 * validate the schema → check the rules → normalise. Every problem found on the way is
 * returned as a diagnostic, all of them in one run; nothing throws for a user's mistake.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { canonicalJson } from '../core/digest.js';
import type { DesiredState } from '../core/desired.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../core/diagnostics.js';
import { checkAcrossApplications, checkApplication } from './check-applications.js';
import type { FileProbe } from './check-sso.js';
import { toDesiredState, type Declaration } from './desired.js';
import { displayPath, readConfigFiles, type ConfigFile } from './files.js';
import { interpolate } from './interpolate.js';
import { mergeSources } from './merge.js';
import { toDiagnostic, type ConfigPath, type ConfigProblem } from './problem.js';
import type { RosterConfig } from './schema.js';
import { isSecretPath } from './schema-walk.js';
import { checkableApplications, schemaProblems } from './validate.js';
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
function withoutSecrets(value: unknown, path: ConfigPath): unknown {
  if (path.length > 0 && isSecretPath(path)) return '(secret)';
  if (Array.isArray(value)) return value.map((item, index) => withoutSecrets(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutSecrets(inner, [...path, key])]));
  }
  return value;
}

export function configDigest(config: RosterConfig): string {
  return createHash('sha256').update(canonicalJson(withoutSecrets(config, []))).digest('hex');
}

const probeFile: FileProbe = (path) => {
  const info = statSync(path, { throwIfNoEntry: false });
  return info === undefined ? 'missing' : info.isFile() ? 'file' : 'not-a-file';
};

export interface EvaluateOptions {
  /** Paths on disk are shown relative to this folder. */
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Some files could not be read or parsed: keys missing from the rest may be in them. */
  readonly incomplete?: boolean;
  readonly probe?: FileProbe;
}

/** Whether one path lies on the other's way: equal, an ancestor, or a descendant. */
function related(a: ConfigPath, b: ConfigPath): boolean {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}

function parseFiles(files: readonly ConfigFile[]): { sources: YamlSource[]; diagnostics: Diagnostic[]; failed: boolean } {
  const sources: YamlSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const parsed = parseYamlSource(file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.source) sources.push(parsed.source);
  }
  return { sources, diagnostics, failed: sources.length < files.length };
}

/**
 * Schema problems that are news: a value with a bad reference is reported once, by
 * interpolation; a top-level key missing from an incomplete configuration may be in the file
 * that could not be read.
 */
function newSchemaProblems(schema: readonly ConfigProblem[], interpolation: readonly ConfigProblem[], data: Record<string, unknown>, incomplete: boolean): ConfigProblem[] {
  return schema.filter(
    (problem) =>
      !interpolation.some((other) => other.path.length <= problem.path.length && related(other.path, problem.path)) &&
      !(incomplete && problem.path.length === 1 && !Object.hasOwn(data, String(problem.path[0]))),
  );
}

/** Everything after reading the files. */
export function evaluateConfigFiles(files: readonly ConfigFile[], options: EvaluateOptions): { loaded?: LoadedConfig; diagnostics: Diagnostic[] } {
  const parsed = parseFiles(files);
  const { merged, diagnostics: mergeDiagnostics } = mergeSources(parsed.sources);
  const incomplete = options.incomplete === true || parsed.failed || merged.incomplete;

  const interpolated = interpolate(merged.data, options.env ? { env: options.env } : {});
  const validated = schemaProblems(interpolated.data);
  const checkable = checkableApplications(interpolated.data);
  const folderOf = (name: string) => dirname(merged.sourceOf(['applications', name])?.file.path ?? options.cwd);
  const context = (name: string) => ({ folder: folderOf(name), probe: options.probe ?? probeFile, display: (path: string) => displayPath(path, options.cwd) });
  // Rules see an application without its invalid values; what they say about those is noise.
  const ruleProblems = [...checkable].flatMap(([name, { app, pruned }]) =>
    checkApplication(name, app, context(name)).filter((problem) => !pruned.some((path) => related(['applications', name, ...path], problem.path))),
  );
  const applications = new Map([...checkable].map(([name, { app }]) => [name, app]));
  const problems = [
    ...interpolated.problems,
    ...newSchemaProblems(validated.problems, interpolated.problems, interpolated.data, incomplete),
    ...ruleProblems,
    ...checkAcrossApplications(applications, (path) => merged.locate(path, 'key')),
  ];
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...mergeDiagnostics, ...problems.map((problem) => toDiagnostic(problem, merged))]);

  const config = validated.config;
  if (!config || incomplete || hasErrors(diagnostics)) return { diagnostics };
  const declarationOf = (name: string): Declaration => {
    const file = merged.sourceOf(['applications', name])?.file;
    return {
      file: file ? { path: file.path, display: file.display } : { path: resolve(options.cwd, 'configuration'), display: 'configuration' },
      locate: (path) => merged.locate(path, 'value'),
    };
  };
  return { loaded: { config, desired: toDesiredState(config, declarationOf), digest: configDigest(config) }, diagnostics };
}

export async function loadConfig(options: LoadOptions): Promise<LoadResult> {
  const read = await readConfigFiles(resolve(options.cwd, options.dir), options.cwd);
  const evaluated = evaluateConfigFiles(read.files, { cwd: options.cwd, ...(options.env ? { env: options.env } : {}), incomplete: hasErrors(read.diagnostics) });
  return {
    ...(evaluated.loaded ? { loaded: evaluated.loaded } : {}),
    diagnostics: sortDiagnostics([...read.diagnostics, ...evaluated.diagnostics]),
    files: read.files.map((file) => file.display),
  };
}
