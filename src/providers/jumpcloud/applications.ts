/**
 * JumpCloud SSO applications (v1 /applications) and their user-group bindings
 * (v2 /applications/{id}/associations). Updates are GET-merge-PUT because PUT is a full replace
 * that resets omitted fields (jumpcloud-api.md §2). Each write returns the attempts it took.
 */
import type { AttributeValue, FlatAttributes } from '../../core/model.js';
import { newTally, type HttpClient, type Tally } from '../http/client.js';
import { ProviderError } from '../http/errors.js';
import { readV1List, readV2List } from './paging.js';
import { applicationSchema, graphConnectionSchema, type Application } from './wire.js';

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
  return readV1List(http, '/api/applications', applicationSchema);
}

/** The user groups bound to an application: its direct `user_group` edges (§3). */
export async function readBoundGroupIds(http: HttpClient, appId: string): Promise<string[]> {
  const edges = await readV2List(http, `/api/v2/applications/${encodeURIComponent(appId)}/associations`, graphConnectionSchema, { targets: 'user_group' });
  return edges.filter((e) => e.to.type === 'user_group').map((e) => e.to.id);
}

const appPath = (appId: string) => `/api/applications/${encodeURIComponent(appId)}`;

/**
 * Creates the application. POST is not repeatable: when its answer is lost, the application is
 * looked up by its portal label (which Roster sets and recognises applications by) before it is
 * sent again.
 */
export async function createApplication(http: HttpClient, catalog: string, settings: FlatAttributes): Promise<{ id: string; tally: Tally; lookedUp?: true }> {
  const body = mergeSettings({ name: catalog, config: {} }, settings);
  const tally = newTally();
  for (;;) {
    try {
      const created = await http.json({ method: 'POST', path: '/api/applications', body, tally }, applicationSchema, [200, 201]);
      return { id: created._id, tally };
    } catch (error) {
      if (!(error instanceof ProviderError && error.outcomeUnknown) || tally.attempts >= 3) throw error;
      const found = (await listApplications(http).catch(() => {
        throw error;
      })).find((app) => app.displayLabel === settings['label']);
      if (found) return { id: found._id, tally, lookedUp: true };
    }
  }
}

export async function updateApplication(http: HttpClient, appId: string, set: FlatAttributes, unset: readonly string[]): Promise<Tally> {
  const tally = newTally();
  const current = await http.json({ method: 'GET', path: appPath(appId) }, applicationSchema);
  await http.json({ method: 'PUT', path: appPath(appId), body: mergeSettings(current, set, unset), tally }, applicationSchema);
  return tally;
}

export async function deleteApplication(http: HttpClient, appId: string): Promise<Tally> {
  const tally = newTally();
  const request = { method: 'DELETE', path: appPath(appId), tally } as const;
  const answer = await http.send(request);
  // A 404 after an attempt whose answer was lost: that attempt deleted it.
  if (!(answer.status === 200 || answer.status === 204 || (answer.status === 404 && tally.uncertain))) throw http.statusError(request, answer);
  return tally;
}

/**
 * Binds or unbinds a group (`GraphOperation-Application`, 204). Adding an edge that exists answers
 * 409 and removing a missing one 404 (§3, inferred): the binding is then as wanted. An add is
 * therefore safe to repeat; a remove's 404 is accepted only after an attempt whose answer was lost,
 * since it may also mean the application or group is gone.
 */
export async function changeBinding(http: HttpClient, appId: string, groupId: string, op: 'add' | 'remove'): Promise<Tally> {
  const tally = newTally();
  const request = {
    method: 'POST',
    path: `/api/v2/applications/${encodeURIComponent(appId)}/associations`,
    body: { op, type: 'user_group', id: groupId },
    idempotent: true,
    tally,
  } as const;
  const answer = await http.send(request);
  const done = answer.status === 204 || (op === 'add' && answer.status === 409) || (op === 'remove' && answer.status === 404 && tally.uncertain);
  if (!done) throw http.statusError(request, answer);
  return tally;
}
