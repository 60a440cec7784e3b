/**
 * Rules about whole applications and between applications: group bindings, and the IdP
 * application's identity (Roster finds it by its label, and its IdP URL is unique in the IdP).
 */
import type { SourcePosition } from '../core/diagnostics.js';
import { checkMappings } from './check-mappings.js';
import { checkProvisioning } from './check-provisioning.js';
import { checkSso, type SsoCheckContext } from './check-sso.js';
import { effectiveLabel } from './effective.js';
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

/** Every rule that reads one application. `context` says where its YAML file is. */
export function checkApplication(name: string, app: ApplicationConfig, context: SsoCheckContext): ConfigProblem[] {
  const at = ['applications', name];
  return [...checkGroups(app, at), ...checkSso(app, at, context), ...checkMappings(app, at), ...checkProvisioning(app, at)];
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
  unique('IdP URL', (_, app) => app.sso?.ssoUrl, (name) => ['applications', name, 'sso', 'ssoUrl'], 'each IdP application has its own ssoUrl');
  return problems;
}
