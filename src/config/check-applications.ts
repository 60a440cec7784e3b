/**
 * Rules about whole applications and between applications: group bindings, Roster's record on the
 * IdP application, and the IdP application's identity (Roster finds it by its label, and its IdP
 * URL is unique in the IdP).
 */
import type { SourcePosition } from '../core/diagnostics.js';
import { DESCRIPTION_LIMIT, longestRecord } from '../core/idp-record.js';
import { checkGroupProvisioning } from './check-groups.js';
import { checkMappings } from './check-mappings.js';
import { checkProvisioning } from './check-provisioning.js';
import { checkSso, type SsoCheckContext } from './check-sso.js';
import { effectiveLabel, effectiveSsoUrl } from './effective.js';
import type { ConfigPath, ConfigProblem } from './problem.js';
import type { ApplicationConfig } from './schema.js';

function checkGroups(app: ApplicationConfig, at: ConfigPath): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (app.groups.length === 0) {
    const provisioned = app.provisioning?.enabled === true;
    problems.push({
      severity: 'warning',
      code: 'config.no-groups',
      message: `no user groups are bound: nobody has access${provisioned ? ', and every account Roster manages would be deprovisioned' : ''}`,
      hint: 'list the groups whose members should have access, e.g. `groups: [Sales]`',
      path: [...at, 'groups'],
      target: 'key',
    });
  }
  const seen = new Set<string>();
  app.groups.forEach((group, index) => {
    if (seen.has(group)) problems.push({ severity: 'warning', code: 'config.listed-twice', message: `group "${group}" is listed twice`, hint: 'remove one of them', path: [...at, 'groups', index] });
    seen.add(group);
  });
  return problems;
}

/**
 * Roster keeps its record of the IdP application (core/idp-record.ts) at the end of the IdP
 * application's description, which is at most 256 characters; and `onRemove` is only known once
 * the application is removed through that record, which exists only when Roster manages the IdP
 * application (`sso`).
 */
function checkRecord(name: string, app: ApplicationConfig, at: ConfigPath): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const room = DESCRIPTION_LIMIT - longestRecord(name);
  if (app.sso && app.description !== undefined && app.description.length > room) {
    problems.push({
      severity: 'error',
      code: 'config.description-too-long',
      message: `the description is ${app.description.length} characters; with Roster's record of the IdP application (up to ${longestRecord(name)} characters) it must be at most ${room}`,
      hint: 'shorten the description: the IdP keeps at most 256 characters',
      path: [...at, 'description'],
    });
  }
  if (!app.sso && app.provisioning?.onRemove === 'deprovision') {
    problems.push({
      severity: 'warning',
      code: 'config.on-remove-without-sso',
      message: 'onRemove: deprovision has no effect without `sso`: Roster records it on the IdP application it manages, and knows it once this block is removed only from there',
      hint: 'add `sso:` so that Roster manages the IdP application, or deprovision by emptying `groups` before removing the application',
      path: [...at, 'provisioning', 'onRemove'],
    });
  }
  return problems;
}

/** Every rule that reads one application. `context` says where its YAML file is. */
export function checkApplication(name: string, app: ApplicationConfig, context: SsoCheckContext): ConfigProblem[] {
  const at = ['applications', name];
  return [...checkGroups(app, at), ...checkRecord(name, app, at), ...checkSso(app, at, context), ...checkMappings(app, at), ...checkProvisioning(app, at), ...checkGroupProvisioning(app, at)];
}

/**
 * Values that must differ between applications that have an IdP application: the portal label
 * (Roster finds the IdP application by it) and the IdP URL.
 */
export function checkAcrossApplications(applications: ReadonlyMap<string, ApplicationConfig>, locate: (path: ConfigPath) => SourcePosition | undefined): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const unique = (what: string, valueOf: (name: string, app: ApplicationConfig) => string | undefined, pathOf: (name: string, app: ApplicationConfig) => ConfigPath, hint: string) => {
    const first = new Map<string, string>();
    for (const [name, app] of applications) {
      if (!app.sso) continue;
      const value = valueOf(name, app);
      if (value === undefined) continue;
      const owner = first.get(value);
      if (owner === undefined) {
        first.set(value, name);
        continue;
      }
      const there = locate(pathOf(owner, applications.get(owner)!));
      problems.push({
        severity: 'error',
        code: 'config.not-unique',
        message: `applications ${owner} and ${name} have the same ${what} "${value}"${there ? ` (also at ${there.file}:${there.line}:${there.column})` : ''}`,
        hint,
        path: pathOf(name, app),
        target: 'key',
      });
    }
  };
  const labelPath = (name: string, app: ApplicationConfig): ConfigPath => (app.label !== undefined ? ['applications', name, 'label'] : ['applications', name]);
  unique('label', (name, app) => effectiveLabel(name, app), labelPath, 'Roster finds the IdP application by its label: give each application its own');
  unique('IdP URL', (name, app) => effectiveSsoUrl(name, app), (name, app) => (app.sso?.ssoUrl !== undefined ? ['applications', name, 'sso', 'ssoUrl'] : ['applications', name, 'sso']), 'each IdP application has its own ssoUrl');
  return problems;
}
