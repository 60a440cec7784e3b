/**
 * Changes the world around Roster for end-to-end tests, over the sandbox's vendor APIs (as an
 * admin would in the consoles) and its admin API: directory users and groups in JumpCloud,
 * accounts in RingCentral, and the request log that proves what Roster sent.
 */
import type { Sandbox } from '../../src/sandbox/index.js';

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface LoggedRequest {
  readonly vendor: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface DirectoryEntry {
  readonly _id: string;
  readonly username: string;
  readonly email: string;
}

export function world(sandbox: Sandbox) {
  async function call<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const jc = <T>(method: string, path: string, body?: unknown) => call<T>(method, path, { 'x-api-key': sandbox.apiKey }, body);
  const rc = <T>(method: string, path: string, body?: unknown) => call<T>(method, path, { authorization: `Bearer ${sandbox.scimToken}` }, body);
  const admin = <T>(method: string, path: string, body?: unknown) => call<T>(method, `/_sandbox${path}`, {}, body);

  return {
    /** Every JumpCloud user, in creation order. */
    async users(): Promise<DirectoryEntry[]> {
      const all: DirectoryEntry[] = [];
      for (let skip = 0; ; skip += 100) {
        const page = await jc<{ totalCount: number; results: DirectoryEntry[] }>('GET', `/api/systemusers?limit=100&skip=${skip}&fields=username%20email`);
        all.push(...page.results);
        if (all.length >= page.totalCount || page.results.length === 0) return all;
      }
    },
    async createUser(username: string, extra: Record<string, unknown> = {}): Promise<DirectoryEntry> {
      return jc('POST', '/api/systemusers', { username, email: `${username}@example.com`, firstname: username, lastname: 'Example', ...extra });
    },
    async updateUser(id: string, changes: Record<string, unknown>): Promise<void> {
      await jc('PUT', `/api/systemusers/${id}`, changes);
    },
    async groupId(name: string): Promise<string> {
      const groups = await jc<Array<{ id: string; name: string }>>('GET', `/api/v2/usergroups?filter=name:eq:${encodeURIComponent(name)}`);
      const found = groups.find((g) => g.name === name);
      if (!found) throw new Error(`no user group ${name}`);
      return found.id;
    },
    async createGroup(name: string): Promise<string> {
      return (await jc<{ id: string }>('POST', '/api/v2/usergroups', { name })).id;
    },
    async addMember(groupId: string, userId: string): Promise<void> {
      await jc('POST', `/api/v2/usergroups/${groupId}/members`, { op: 'add', type: 'user', id: userId });
    },
    async nestGroup(parentId: string, childId: string): Promise<void> {
      await admin('POST', `/jumpcloud/usergroups/${parentId}/subgroups`, { op: 'add', id: childId });
    },
    /** A RingCentral account as an admin would create it; pending until activated. */
    async createAccount(email: string, externalId?: string): Promise<string> {
      const [given = 'Test', family = 'User'] = (email.split('@')[0] ?? '').split('.');
      const created = await rc<{ id: string }>('POST', '/scim/v2/Users', {
        schemas: [USER_SCHEMA],
        userName: email,
        name: { givenName: given, familyName: family },
        emails: [{ type: 'work', value: email }],
        ...(externalId ? { externalId } : {}),
      });
      return created.id;
    },
    async activateAccount(id: string): Promise<void> {
      await admin('POST', `/ringcentral/users/${id}/activate`);
    },
    async patchAccount(id: string, operations: Array<{ op: string; path: string; value: unknown }>): Promise<void> {
      await rc('PATCH', `/scim/v2/Users/${id}`, { schemas: [PATCH_OP], Operations: operations });
    },
    async findAccount(userName: string): Promise<{ id: string; active: boolean; externalId?: string } | undefined> {
      const list = await rc<{ Resources?: Array<{ id: string; active: boolean; externalId?: string }> }>(
        'GET',
        `/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
      );
      return list.Resources?.[0];
    },
    /** The next `times` requests matching `path` are delayed, failed or dropped (docs/sandbox.md). */
    async fault(spec: { method?: string; path: string; delayMs?: number; status?: number; times?: number }): Promise<void> {
      await admin('POST', '/faults', spec);
    },
    async clearFaults(): Promise<void> {
      await admin('DELETE', '/faults');
    },
    async setLicences(available: number): Promise<void> {
      await admin('PUT', '/ringcentral/licences', { available });
    },
    async clearRequests(): Promise<void> {
      await admin('DELETE', '/requests');
    },
    async requests(): Promise<LoggedRequest[]> {
      return admin('GET', '/requests');
    },
  };
}

export type World = ReturnType<typeof world>;

/**
 * Requests that could change something: anything but a read (GET, SCIM `/.search`) and the OAuth
 * token request that turns RingCentral's JWT credential into an access token (RFC 6749 §4: it
 * changes nothing in the account; every command that reads RingCentral with `auth` sends it).
 */
export function writesIn(requests: readonly LoggedRequest[]): LoggedRequest[] {
  return requests.filter(
    (r) => r.method !== 'GET' && !(r.method === 'POST' && (r.path.endsWith('/.search') || r.path === '/restapi/oauth/token')),
  );
}
