/**
 * JumpCloud SSO applications (v1 /applications) and their user-group bindings
 * (v2 /applications/{id}/associations). Updates are GET-merge-PUT because PUT is a full replace
 * that resets omitted fields (jumpcloud-api.md §2).
 */
import type { AttributeValue, FlatAttributes, IdpApplication } from '../../core/model.js';
import type { HttpClient } from '../http/client.js';
import { readV2List, PAGE_SIZE } from './directory.js';
import { applicationSchema, graphConnectionSchema, v1List, type Application } from './wire.js';

/** Roster's flat settings ↔ the application object. */
export function settingsOf(app: Application): Record<string, AttributeValue> {
  const settings: Record<string, AttributeValue> = {};
  if (app.displayLabel) settings['label'] = app.displayLabel;
  if (app.description) settings['description'] = app.description;
  settings['portal'] = app.sso?.hidden ? 'hidden' : 'visible';
  if (app.ssoUrl) settings['ssoUrl'] = app.ssoUrl;
  for (const [key, descriptor] of Object.entries(app.config ?? {})) {
    const value = (descriptor as { value?: unknown } | null)?.value;
    if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') settings[`config.${key}`] = value;
  }
  for (const entry of app.databaseAttributes ?? []) {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && typeof value === 'string') settings[`attributes.${name}`] = value;
  }
  return settings;
}

/** Applies flat settings onto an application object, keeping every field Roster does not manage. */
export function mergeSettings(base: Record<string, unknown>, set: FlatAttributes, unset: readonly string[] = []): Record<string, unknown> {
  const app: Record<string, unknown> = structuredClone(base);
  const config = { ...((app['config'] as Record<string, unknown> | undefined) ?? {}) };
  const sso = { ...((app['sso'] as Record<string, unknown> | undefined) ?? {}) };
  const attributes = new Map<string, string>();
  for (const entry of (app['databaseAttributes'] as unknown[] | undefined) ?? []) {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name === 'string' && typeof value === 'string') attributes.set(name, value);
  }
  for (const [key, value] of Object.entries(set)) {
    if (key === 'label') {
      app['displayLabel'] = value;
      app['displayName'] ??= value;
    } else if (key === 'description') app['description'] = value;
    else if (key === 'portal') sso['hidden'] = value === 'hidden';
    else if (key === 'ssoUrl') app['ssoUrl'] = value;
    else if (key.startsWith('config.')) {
      const name = key.slice('config.'.length);
      config[name] = { ...((config[name] as Record<string, unknown> | undefined) ?? {}), value };
    } else if (key.startsWith('attributes.')) attributes.set(key.slice('attributes.'.length), String(value));
  }
  for (const key of unset) {
    if (key.startsWith('attributes.')) attributes.delete(key.slice('attributes.'.length));
    else if (key.startsWith('config.')) delete config[key.slice('config.'.length)];
    else if (key === 'description') app['description'] = '';
  }
  app['config'] = config;
  app['sso'] = sso;
  app['databaseAttributes'] = [...attributes].map(([name, value]) => ({ name, value }));
  return app;
}

export async function listApplications(http: HttpClient): Promise<Application[]> {
  const apps: Application[] = [];
  const schema = v1List(applicationSchema);
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await http.json({ method: 'GET', path: '/api/applications', query: { limit: PAGE_SIZE, skip, sort: '_id' } }, schema);
    apps.push(...page.results);
    if (page.results.length < PAGE_SIZE || skip + PAGE_SIZE >= page.totalCount) break;
  }
  return apps;
}

export async function readBoundGroups(http: HttpClient, appId: string, groupNames: ReadonlyMap<string, string>) {
  const edges = await readV2List(http, `/api/v2/applications/${encodeURIComponent(appId)}/associations`, graphConnectionSchema, { targets: 'user_group' });
  return edges
    .filter((e) => e.to.type === 'user_group')
    .map((e) => ({ id: e.to.id, name: groupNames.get(e.to.id) ?? e.to.id }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The IdP applications of configured applications. An application is recognised by its portal
 * label, which Roster sets from the configuration.
 */
export async function readApplications(
  http: HttpClient,
  wanted: ReadonlyArray<{ app: string; label: string }>,
  groupNames: ReadonlyMap<string, string>,
): Promise<IdpApplication[]> {
  const apps = await listApplications(http);
  const result: IdpApplication[] = [];
  for (const { app, label } of wanted) {
    const found = apps.find((a) => a.displayLabel === label);
    if (!found) continue;
    result.push({ id: found._id, app, settings: settingsOf(found), boundGroups: await readBoundGroups(http, found._id, groupNames) });
  }
  return result;
}

export async function createApplication(http: HttpClient, catalog: string, settings: FlatAttributes): Promise<string> {
  const body = mergeSettings({ name: catalog, config: {} }, settings);
  const created = await http.json({ method: 'POST', path: '/api/applications', body }, applicationSchema, [200, 201]);
  return created._id;
}

export async function updateApplication(http: HttpClient, appId: string, set: FlatAttributes, unset: readonly string[]): Promise<void> {
  const path = `/api/applications/${encodeURIComponent(appId)}`;
  const current = await http.json({ method: 'GET', path }, applicationSchema);
  await http.json({ method: 'PUT', path, body: mergeSettings(current, set, unset) }, applicationSchema);
}

export async function deleteApplication(http: HttpClient, appId: string): Promise<void> {
  await http.expect({ method: 'DELETE', path: `/api/applications/${encodeURIComponent(appId)}` }, [200, 204]);
}

export async function changeBinding(http: HttpClient, appId: string, groupId: string, op: 'add' | 'remove'): Promise<void> {
  await http.expect(
    { method: 'POST', path: `/api/v2/applications/${encodeURIComponent(appId)}/associations`, body: { op, type: 'user_group', id: groupId } },
    [204],
  );
}
