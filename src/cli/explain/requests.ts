/**
 * The SCIM requests a change's steps become, as the SCIM provider sends them (providers/scim/
 * write.ts): a create POSTs the whole resource; an update is one PATCH (providers/scim/patch.ts)
 * or, for a target without PATCH, a PUT of the account merged with the changes; a delete is a
 * DELETE. Shown by `roster explain`; built with the provider's own functions so they cannot differ.
 */
import type { Change } from '../../core/change.js';
import type { TargetAccount } from '../../core/model.js';
import type { Capabilities } from '../../core/ports.js';
import { schemasFor, unflattenAttributes } from '../../core/scim-path.js';
import { buildPatch } from '../../providers/scim/patch.js';

export interface ScimRequest {
  readonly method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Below the SCIM base URL. */
  readonly path: string;
  readonly body?: unknown;
}

export function scimRequestsFor(change: Change, capabilities: Capabilities, accounts: readonly TargetAccount[]): ScimRequest[] {
  return change.steps.flatMap((step): ScimRequest[] => {
    switch (step.op) {
      case 'scim.create':
        return [{ method: 'POST', path: '/Users', body: { schemas: schemasFor(step.attributes), ...unflattenAttributes(step.attributes) } }];
      case 'scim.update': {
        const path = `/Users/${encodeURIComponent(step.id)}`;
        if (capabilities.patch) return [{ method: 'PATCH', path, body: buildPatch(step.set, step.unset, step.addValues) }];
        const current = accounts.find((a) => a.id === step.id)?.attributes ?? {};
        const merged = { ...current, ...step.set };
        for (const key of step.unset) delete merged[key];
        return [{ method: 'PUT', path, body: { schemas: schemasFor(merged), id: step.id, ...unflattenAttributes(merged) } }];
      }
      case 'scim.delete':
        return [{ method: 'DELETE', path: `/Users/${encodeURIComponent(step.id)}` }];
      default:
        // IdP steps belong to SSO and binding changes, never to an account's.
        return [];
    }
  });
}
