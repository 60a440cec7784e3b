/**
 * Roster's provisioning of an application, as its IdP application records it (kind
 * `provisioning`, address `<app>/provisioning`, record key `roster.provisioning`):
 *
 *   create   switched on, or recorded for the first time   (journal: idm_integration_activate)
 *   update   the SCIM target changed                       (journal: idm_integration_update)
 *   delete   switched off                                  (journal: idm_integration_delete)
 *
 * The change writes the record and nothing else: accounts are never touched by it. Switched off,
 * they are left as they are, and the change says so. Its one step, `idp.provisioning.record`, has
 * no application id when the application is created or replaced earlier in the same apply.
 */
import { provisioningAddress } from './address.js';
import type { Change, FieldDiff } from './change.js';
import type { DesiredApplication } from './desired.js';
import { RECORD_PROVISIONING } from './idp-record.js';
import { desiredProvisioningRecord } from './idp-settings.js';
import type { IdpApplication } from './model.js';

export interface ProvisioningRecordInput {
  /** The application's IdP application as read; absent when it is created in this apply. */
  readonly actual?: IdpApplication;
  /** It is replaced in this apply: the new one carries the old record over (see diff-idp.ts). */
  readonly replaced: boolean;
}

export function planProvisioningRecord(desired: DesiredApplication, input: ProvisioningRecordInput): Change | undefined {
  const app = desired.name;
  const recorded = input.actual?.settings[RECORD_PROVISIONING];
  const wanted = desiredProvisioningRecord(desired);
  if (wanted === recorded) return undefined;
  const url = desired.provisioning?.url ?? '';
  const action = recorded === undefined ? 'create' : wanted === undefined ? 'delete' : 'update';
  const message =
    action === 'create'
      ? `Roster provisions accounts at ${url}`
      : action === 'update'
        ? `Roster provisions accounts at ${url} from now on`
        : `provisioning is switched off: accounts already in ${app} are left as they are, and Roster no longer creates, updates or deprovisions them`;
  const field: FieldDiff = { path: RECORD_PROVISIONING, ...(recorded !== undefined ? { before: recorded } : {}), ...(wanted !== undefined ? { after: wanted } : {}) };
  const appId = input.actual && !input.replaced ? input.actual.id : undefined;
  return {
    address: provisioningAddress(app),
    app,
    kind: 'provisioning',
    action,
    ...(recorded !== undefined ? { before: { [RECORD_PROVISIONING]: recorded } } : {}),
    ...(wanted !== undefined ? { after: { [RECORD_PROVISIONING]: wanted } } : {}),
    fields: [field],
    reason: { code: 'config', message },
    precondition: appId !== undefined ? { version: appId } : {},
    steps: [
      {
        op: 'idp.provisioning.record',
        app,
        ...(appId !== undefined ? { appId } : {}),
        ...(wanted !== undefined ? { provisioning: wanted } : {}),
        ...(recorded !== undefined ? { previous: String(recorded) } : {}),
      },
    ],
    problems: [],
  };
}
