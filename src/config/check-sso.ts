/**
 * SSO settings beyond their formats: attribute statements (sources, removals of catalog
 * statements the target needs, clashes with constants), the SP metadata file, and whether the
 * IdP application gets the SP's ACS URL and entity ID from somewhere.
 */
import { resolve } from 'node:path';
import { checkSource } from './check-source.js';
import { catalogOf, effectiveAttributes } from './effective.js';
import type { ConfigPath, ConfigProblem } from './problem.js';
import type { ApplicationConfig } from './schema.js';
import { containsReference, looksLikeUrl } from './schema-formats.js';

/** What is at a path on disk. */
export type FileProbe = (path: string) => 'file' | 'missing' | 'not-a-file';

export interface SsoCheckContext {
  /** The folder of the YAML file that declares the application: relative paths start there. */
  readonly folder: string;
  readonly probe: FileProbe;
  /** How a path on disk is shown to the user. */
  readonly display: (path: string) => string;
}

export function spMetadataFile(folder: string, spMetadata: string): string {
  return resolve(folder, spMetadata);
}

export function checkSso(app: ApplicationConfig, at: ConfigPath, context: SsoCheckContext): ConfigProblem[] {
  const sso = app.sso;
  if (!sso) return [];
  const catalog = catalogOf(app);
  const ssoAt = [...at, 'sso'];
  const problems: ConfigProblem[] = [];
  const report = (severity: 'error' | 'warning', code: string, path: ConfigPath, message: string, hint?: string, target?: 'key') =>
    problems.push({ severity, code, message, ...(hint ? { hint } : {}), path, ...(target ? { target } : {}) });

  for (const [name, source] of Object.entries(sso.attributes ?? {})) {
    const path = [...ssoAt, 'attributes', name];
    if (source === null) {
      if (!Object.hasOwn(catalog.sso.attributes, name)) report('warning', 'config.nothing-to-remove', path, `the ${catalog.name} catalog has no attribute statement "${name}": nothing to remove`, 'remove this line', 'key');
      continue;
    }
    if (containsReference(source)) continue;
    const check = checkSource(source);
    if (check.problem) report('error', 'config.attribute-source', path, check.problem.message, check.problem.hint);
    else if (check.shape === 'multi-valued') {
      report('error', 'config.attribute-source', path, `${source} has several values; an attribute statement carries one`, `pick one value, e.g. \`${source.slice(0, -2)}[type eq "work"].${source === 'addresses[]' ? 'country' : 'number'}\``);
    }
  }

  const attributes = effectiveAttributes(app);
  for (const { name, reason: why, severity } of catalog.sso.requirements.attributes) {
    if (Object.hasOwn(attributes, name)) continue;
    const removed = sso.attributes?.[name] === null;
    report(
      severity,
      'config.required-attribute',
      removed ? [...ssoAt, 'attributes', name] : ssoAt,
      `the "${name}" attribute statement is ${severity === 'error' ? 'required' : 'expected'}: ${why}`,
      `map it to a directory property, e.g. \`${name}: ${catalog.sso.attributes[name] ?? 'email'}\``,
      'key',
    );
  }

  for (const name of Object.keys(sso.constantAttributes ?? {})) {
    if (Object.hasOwn(attributes, name)) {
      report('error', 'config.attribute-twice', [...ssoAt, 'constantAttributes', name], `attribute statement "${name}" is both a directory property (attributes) and a constant`, `remove one of them, or write \`${name}: ~\` under attributes to drop the catalog's`, 'key');
    }
  }
  const groups = sso.groupsAttribute;
  if (groups !== undefined && (Object.hasOwn(attributes, groups) || Object.hasOwn(sso.constantAttributes ?? {}, groups))) {
    report('error', 'config.attribute-twice', [...ssoAt, 'groupsAttribute'], `attribute statement "${groups}" would carry both the groups and another value`, 'choose another name for the groups attribute');
  }

  const metadata = sso.spMetadata;
  if (metadata !== undefined && !looksLikeUrl(metadata) && !containsReference(metadata)) {
    const file = spMetadataFile(context.folder, metadata);
    const found = context.probe(file);
    if (found !== 'file') {
      const message = `SP metadata file "${metadata}" ${found === 'missing' ? 'does not exist' : 'is not a regular file'}`;
      report('error', 'config.sp-metadata-missing', [...ssoAt, 'spMetadata'], message, `looked for ${context.display(file)}; a relative path starts at the folder of the YAML file that names it`);
    }
  }

  const acsUrl = sso.acsUrl ?? catalog.sso.acsUrl;
  const spEntityId = sso.spEntityId ?? catalog.sso.spEntityId;
  if (metadata === undefined && (acsUrl === undefined || spEntityId === undefined)) {
    const missing = [acsUrl === undefined ? 'acsUrl' : undefined, spEntityId === undefined ? 'spEntityId' : undefined].filter(Boolean).join(' and ');
    report('error', 'config.sp-settings-missing', ssoAt, `the IdP application needs the service provider's ${missing}, and the ${catalog.name} catalog has no default`, `set spMetadata (the SP's metadata file or URL), or ${missing}`, 'key');
  }
  return problems;
}
