import type { Sandbox } from '../../src/sandbox/index.js';
import { client, type Reply } from './client.js';

export const GS_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GS_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const GS_ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GS_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const GS_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * HTTP helpers for the generic SCIM target: `gs` sends the target's bearer token to a path
 * under `/generic-scim/v2`; `admin` reaches `/_sandbox`.
 */
export function genericScim(sandbox: Sandbox) {
  const http = client(sandbox);
  const gs = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
    http.raw(method, `/generic-scim/v2${path}`, {
      ...(body !== undefined ? { body } : {}),
      headers: { authorization: `Bearer ${sandbox.genericScimToken}`, 'content-type': 'application/scim+json', ...headers },
    });
  const createUser = async (userName: string, extra: Record<string, unknown> = {}): Promise<Record<string, any>> => {
    const res = await gs('POST', '/Users', { schemas: [GS_USER], userName, emails: [{ type: 'work', value: userName, primary: true }], ...extra });
    if (res.status !== 201) throw new Error(`create ${userName}: ${res.status} ${res.text}`);
    return res.body;
  };
  const createGroup = async (displayName: string, members: string[] = [], extra: Record<string, unknown> = {}): Promise<Record<string, any>> => {
    const res = await gs('POST', '/Groups', { schemas: [GS_GROUP], displayName, members: members.map((value) => ({ value })), ...extra });
    if (res.status !== 201) throw new Error(`create group ${displayName}: ${res.status} ${res.text}`);
    return res.body;
  };
  return { gs, admin: http.admin, raw: http.raw, createUser, createGroup };
}

export const patchOp = (...operations: Record<string, unknown>[]): Record<string, unknown> => ({ schemas: [GS_PATCH], Operations: operations });

export const memberIds = (group: { members?: { value: string }[] }): string[] => (group.members ?? []).map((m) => m.value);
