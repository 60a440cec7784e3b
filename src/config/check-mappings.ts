/**
 * Provisioning mappings: each entry's SCIM path and directory property, removals of catalog
 * entries, the attributes the target needs at creation, and the catalog's declared rules (values
 * the target ignores, owns, or does not accept).
 */
import type { TargetRules } from '../core/desired.js';
import { parseScimPath } from '../core/scim-path.js';
import { checkSource } from './check-source.js';
import { checkTargetPath } from './check-target-path.js';
import { catalogOf, effectiveMappings } from './effective.js';
import type { ConfigPath, ConfigProblem } from './problem.js';
import type { ApplicationConfig } from './schema.js';
import { containsReference } from './schema-formats.js';

function matchesPrefix(path: string, prefixes: readonly string[]): string | undefined {
  return prefixes.find((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
}

/** What the target does with a mapped path, per the catalog's rules; undefined when it takes it. */
function ruleWarning(target: string, rules: TargetRules, title: string): { message: string; hint: string } | undefined {
  const attribute = target.endsWith('[]') ? target.slice(0, -2) : target;
  if (matchesPrefix(attribute, rules.ignored)) return { message: `${title} ignores ${target}: it is never sent`, hint: 'remove this mapping' };
  const owned = matchesPrefix(attribute, rules.targetOwned);
  if (owned) return { message: `${title} assigns ${owned} itself: Roster never sends or compares it`, hint: 'remove this mapping' };
  const parsed = parseScimPath(target);
  const accepted = parsed?.valueType !== undefined ? rules.valueTypes[parsed.attribute] : undefined;
  if (parsed?.valueType !== undefined && accepted && !accepted.includes(parsed.valueType)) {
    return { message: `${title} accepts ${parsed.attribute} of type ${accepted.join(', ')} only: ${target} is never sent`, hint: `map \`${parsed.attribute}[type eq "${accepted[0]}"]…\`` };
  }
  return undefined;
}

export function checkMappings(app: ApplicationConfig, at: ConfigPath): ConfigProblem[] {
  const provisioning = app.provisioning;
  if (!provisioning) return [];
  const catalog = catalogOf(app);
  const { rules } = catalog.provisioning;
  const title = catalog.title;
  const mappingsAt = [...at, 'provisioning', 'mappings'];
  const problems: ConfigProblem[] = [];
  const report = (severity: 'error' | 'warning', code: string, path: ConfigPath, message: string, hint?: string, target?: 'key' | 'value') =>
    problems.push({ severity, code, message, ...(hint ? { hint } : {}), path, ...(target ? { target } : {}) });

  for (const [target, source] of Object.entries(provisioning.mappings ?? {})) {
    const path = [...mappingsAt, target];
    if (source === null) {
      if (!Object.hasOwn(catalog.provisioning.mappings, target)) {
        report('warning', 'config.nothing-to-remove', path, `the ${catalog.name} catalog has no mapping for ${target}: nothing to remove`, 'remove this line', 'key');
      }
      continue;
    }
    const targetCheck = checkTargetPath(target);
    if (targetCheck.problem) report(targetCheck.problem.severity, 'config.mapping-target', path, targetCheck.problem.message, targetCheck.problem.hint, 'key');
    if (targetCheck.shape === undefined || containsReference(source)) continue;
    const sourceCheck = checkSource(source);
    if (sourceCheck.problem) {
      report('error', 'config.mapping-source', path, sourceCheck.problem.message, sourceCheck.problem.hint);
      continue;
    }
    if (targetCheck.shape === 'multi-valued' && source !== target) {
      report('error', 'config.mapping-shape', path, `${target} maps whole values and takes ${target} only`, `write \`${target}: ${target}\`, or map single fields such as \`${target.slice(0, -2)}[type eq "work"]…\``);
    } else if (targetCheck.shape === 'scalar' && sourceCheck.shape === 'multi-valued') {
      report('error', 'config.mapping-shape', path, `${source} has several values and cannot fill the single value ${target}`, `pick one value, e.g. \`${source.slice(0, -2)}[type eq "work"].${source === 'addresses[]' ? 'country' : 'number'}\``);
    } else {
      const warning = ruleWarning(target, rules, title);
      if (warning) report('warning', 'config.target-rule', path, warning.message, warning.hint, 'key');
    }
  }

  const mappings = effectiveMappings(app);
  const sourceOf = (target: string) => mappings.find((m) => m.target === target)?.source;
  const anchor = (target: string): { path: ConfigPath; target?: 'key' } =>
    provisioning.mappings?.[target] !== undefined ? { path: [...mappingsAt, target], target: 'key' } : { path: provisioning.mappings ? mappingsAt : [...at, 'provisioning'], target: 'key' };

  for (const required of rules.requiredAtCreate) {
    if (sourceOf(required) !== undefined) continue;
    const place = anchor(required);
    report('error', 'config.required-mapping', place.path, `${title} needs ${required} to create an account, and nothing maps it`, `map it, e.g. \`${required}: ${catalog.provisioning.mappings[required] ?? 'email'}\``, place.target);
  }

  const userName = sourceOf('userName');
  const workEmail = sourceOf('emails[type eq "work"].value');
  if (rules.userNameIsWorkEmail && userName !== undefined && workEmail !== undefined && userName !== workEmail) {
    const place = anchor('userName');
    report(
      'warning',
      'config.username-not-email',
      place.path,
      `${title} requires userName to equal the work email, but userName maps from ${userName} and the work email from ${workEmail}`,
      `map \`userName: ${workEmail}\`; accounts of users whose ${userName} differs from their ${workEmail} can neither be created nor renamed to it`,
      place.target,
    );
  }
  return problems;
}
