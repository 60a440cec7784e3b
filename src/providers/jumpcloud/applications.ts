/**
 * JumpCloud SSO applications (v1 /applications) and their user-group bindings
 * (v2 /applications/{id}/associations). Updates are GET-merge-PUT because PUT is a full replace
 * that resets omitted fields (docs/vendors/jumpcloud.md §2). Each write returns the attempts it took.
 */
import { certificateRecord, parseRecord, RECORD_APP, RECORD_CERTIFICATE, RECORD_PROVISIONING } from '../../core/idp-record.js';
import type { FlatAttributes } from '../../core/model.js';
import { newTally, type HttpClient, type Tally } from '../http/client.js';
import { ProviderError } from '../http/errors.js';
import { certificateOf, mergeSettings } from './application-settings.js';
import { readV1List, readV2List } from './paging.js';
import { applicationSchema, graphConnectionSchema, type Application } from './wire.js';

export async function listApplications(http: HttpClient): Promise<Application[]> {
  return readV1List(http, '/api/applications', applicationSchema);
}

/** The user groups bound to an application: its direct `user_group` edges (§3). */
export async function readBoundGroupIds(http: HttpClient, appId: string): Promise<string[]> {
  const edges = await readV2List(http, `/api/v2/applications/${encodeURIComponent(appId)}/associations`, graphConnectionSchema, (e) => `${e.to.type}:${e.to.id}`, { targets: 'user_group' });
  return edges.filter((e) => e.to.type === 'user_group').map((e) => e.to.id);
}

const appPath = (appId: string) => `/api/applications/${encodeURIComponent(appId)}`;

/** The configured application an IdP application's record names. */
export const recordedApp = (app: Application): string | undefined => {
  const name = parseRecord(app.description ?? '').record[RECORD_APP];
  return typeof name === 'string' ? name : undefined;
};

/**
 * Creates the application, then records the signing certificate JumpCloud generated for it
 * (docs/vendors/jumpcloud.md §7: generated on activation) in Roster's record, so that a certificate
 * replaced later shows in the plan. POST is not repeatable: when its answer is lost, the
 * application is looked up by Roster's record (or, without one, its label) before it is sent again.
 */
export async function createApplication(http: HttpClient, catalog: string, settings: FlatAttributes): Promise<{ id: string; tally: Tally; lookedUp?: true }> {
  const body = mergeSettings({ name: catalog, config: {} }, settings);
  const tally = newTally();
  const isIt = (app: Application) =>
    settings[RECORD_APP] !== undefined ? recordedApp(app) === settings[RECORD_APP] : app.displayLabel === settings['label'];
  let created: { app: Application; lookedUp?: true } | undefined;
  while (!created) {
    try {
      created = { app: await http.json({ method: 'POST', path: '/api/applications', body, tally }, applicationSchema, [200, 201]) };
    } catch (error) {
      if (!(error instanceof ProviderError && error.outcomeUnknown) || tally.attempts >= 3) throw error;
      const found = (await listApplications(http).catch(() => {
        throw error;
      })).find(isIt);
      if (found) created = { app: found, lookedUp: true };
    }
  }
  const certificate = certificateOf(created.app);
  if (certificate && settings[RECORD_APP] !== undefined) {
    await http.json({ method: 'PUT', path: appPath(created.app._id), body: mergeSettings(created.app, { [RECORD_CERTIFICATE]: certificateRecord(certificate.fingerprintSha256) }), tally }, applicationSchema);
  }
  return { id: created.app._id, tally, ...(created.lookedUp ? { lookedUp: true as const } : {}) };
}

export async function updateApplication(http: HttpClient, appId: string, set: FlatAttributes, unset: readonly string[]): Promise<Tally> {
  const tally = newTally();
  const current = await http.json({ method: 'GET', path: appPath(appId) }, applicationSchema);
  await http.json({ method: 'PUT', path: appPath(appId), body: mergeSettings(current, set, unset), tally }, applicationSchema);
  return tally;
}

/** Writes the provisioning record (`roster.provisioning`), or removes it; nothing else. */
export async function recordProvisioning(http: HttpClient, appId: string, provisioning: string | undefined): Promise<Tally> {
  return provisioning === undefined ? updateApplication(http, appId, {}, [RECORD_PROVISIONING]) : updateApplication(http, appId, { [RECORD_PROVISIONING]: provisioning }, []);
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

/** Where JumpCloud publishes the application's IdP metadata (§2), below the API's base URL. */
export function metadataPath(organization: string, appId: string): string {
  return `/api/organizations/${encodeURIComponent(organization)}/applications/${encodeURIComponent(appId)}/metadata.xml`;
}

/** The IdP metadata XML of an application, as JumpCloud serves it (read with the API key). */
export async function readMetadataXml(http: HttpClient, organization: string, appId: string): Promise<string> {
  const answer = await http.expect({ method: 'GET', path: metadataPath(organization, appId), text: true }, [200]);
  return String(answer.body ?? '');
}
