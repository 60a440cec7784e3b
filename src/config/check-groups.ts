/**
 * SCIM group provisioning settings beyond their formats (`provisioning.groups`,
 * `groupDisplayName`, `groupBatchSize`): the template's placeholders, each IdP group listed once,
 * one target group per displayName, and targets that have no /Groups.
 *
 * A listed group that is not among the application's `groups` is not a problem here: it may be
 * nested in a bound group, which only the IdP knows; the plan checks it.
 */
import { catalogOf, listedGroups, type ListedGroup } from './effective.js';
import type { ConfigPath, ConfigProblem } from './problem.js';
import { DEFAULT_GROUP_DISPLAY_NAME, GROUP_PLACEHOLDER, type ApplicationConfig } from './schema.js';

/** `{name}`: a placeholder, named as environment variables are. Other braces are text. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholders of a template other than `{group}`, each once, in order. */
export function unknownPlaceholders(template: string): string[] {
  const found = [...template.matchAll(PLACEHOLDER)].map((match) => match[0]).filter((placeholder) => placeholder !== GROUP_PLACEHOLDER);
  return [...new Set(found)];
}

/** The displayName a template gives an IdP group. */
export function renderGroupDisplayName(template: string, group: string): string {
  return template.replaceAll(GROUP_PLACEHOLDER, group);
}

/**
 * SCIM compares a Group's displayName case-insensitively (RFC 7643 §8.7.1, `caseExact: false`),
 * and a target adopts or refuses groups by it: two groups whose names differ only in case clash.
 */
const displayNameKey = (displayName: string) => displayName.normalize('NFC').toLowerCase();

export function checkGroupProvisioning(app: ApplicationConfig, at: ConfigPath): ConfigProblem[] {
  const provisioning = app.provisioning;
  if (!provisioning) return [];
  const provisioningAt = [...at, 'provisioning'];
  const problems: ConfigProblem[] = [];
  const template = provisioning.groupDisplayName ?? DEFAULT_GROUP_DISPLAY_NAME;
  const templateAt = [...provisioningAt, 'groupDisplayName'];

  const catalog = catalogOf(app);
  if (!catalog.provisioning.groups) {
    const ignored = [
      ...(provisioning.groups !== undefined && provisioning.groups !== 'none' ? ['groups'] : []),
      ...(provisioning.groupDisplayName !== undefined ? ['groupDisplayName'] : []),
      ...(provisioning.groupBatchSize !== undefined ? ['groupBatchSize'] : []),
    ];
    for (const key of ignored) {
      problems.push({
        severity: 'warning',
        code: 'config.groups-unsupported',
        message: `${catalog.title} has no SCIM /Groups; provisioning.${key} is ignored`,
        hint: key === 'groups' ? 'remove it, or write `groups: none`' : 'remove it',
        path: [...provisioningAt, key],
        target: 'key',
      });
    }
    return problems;
  }

  const unknown = unknownPlaceholders(template);
  if (provisioning.groupDisplayName !== undefined && unknown.length > 0) {
    problems.push({
      severity: 'error',
      code: 'config.group-template-placeholder',
      message: `groupDisplayName has the unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the only placeholder is ${GROUP_PLACEHOLDER}, the IdP group’s name`,
      hint: `write e.g. \`groupDisplayName: "JumpCloud ${GROUP_PLACEHOLDER}"\``,
      path: templateAt,
    });
  }
  if (provisioning.groupDisplayName !== undefined && provisioning.groupDisplayName.trim() === '') {
    problems.push({ severity: 'error', code: 'config.group-display-name-empty', message: 'groupDisplayName must not be blank', hint: `remove it for the default, ${GROUP_PLACEHOLDER}`, path: templateAt });
  }

  const listed = listedGroups(provisioning);
  const groupsAt = [...provisioningAt, 'groups'];
  const first = new Map<string, ListedGroup>();
  for (const group of listed) {
    const entryAt = [...groupsAt, group.index];
    if (group.displayName !== undefined && group.displayName.trim() === '') {
      problems.push({ severity: 'error', code: 'config.group-display-name-empty', message: `the displayName of group "${group.name}" must not be blank`, hint: 'remove it to take the name from `groupDisplayName`', path: [...entryAt, 'displayName'] });
    }
    const earlier = first.get(group.name);
    if (earlier) {
      problems.push({
        severity: 'error',
        code: 'config.group-listed-twice',
        message: `group "${group.name}" is listed twice in provisioning.groups (also as groups[${earlier.index}])`,
        hint: 'keep one entry: an IdP group becomes one target group',
        path: entryAt,
      });
    } else first.set(group.name, group);
  }

  // One target group per displayName: the target adopts by it, and many refuse a second.
  if (provisioning.groups === 'none' || unknown.length > 0 || template.trim() === '') return problems;
  const bound = provisioning.groups === undefined || provisioning.groups === 'bound';
  const provisioned: { name: string; displayName?: string; path: ConfigPath }[] = bound
    ? [...new Set(app.groups)].map((name) => ({ name, path: [...at, 'groups', app.groups.indexOf(name)] }))
    : [...first.values()].map((group) => ({
        name: group.name,
        ...(group.displayName !== undefined ? { displayName: group.displayName } : {}),
        path: group.displayName !== undefined ? [...groupsAt, group.index, 'displayName'] : [...groupsAt, group.index],
      }));
  const owners = new Map<string, { name: string; displayName: string; templated: boolean }>();
  for (const group of provisioned) {
    const displayName = group.displayName ?? renderGroupDisplayName(template, group.name);
    const key = displayNameKey(displayName);
    const owner = owners.get(key);
    if (!owner) {
      owners.set(key, { name: group.name, displayName, templated: group.displayName === undefined });
      continue;
    }
    // Both named by a template without {group}: the template is the cause.
    const byTemplate = owner.templated && group.displayName === undefined && !template.includes(GROUP_PLACEHOLDER);
    const clash =
      owner.displayName === displayName
        ? `would both be the target group "${displayName}"`
        : `would be one target group: their displayNames "${owner.displayName}" and "${displayName}" differ only in case, which SCIM ignores`;
    problems.push({
      severity: 'error',
      code: 'config.group-display-name-clash',
      message: `groups "${owner.name}" and "${group.name}" ${clash}`,
      hint: byTemplate ? `put ${GROUP_PLACEHOLDER} in groupDisplayName, or give each group its own displayName` : 'give each group its own displayName',
      path: byTemplate && provisioning.groupDisplayName !== undefined ? templateAt : group.path,
    });
  }
  return problems;
}
