/**
 * IdP applications Roster created or adopted whose configured application is gone (idp-match.ts):
 * deleted with their bindings, which `--allow delete:<app>` must acknowledge (safety.ts).
 *
 * What happens to the accounts Roster provisioned there, the record says (idp-record.ts), since
 * the YAML block that said it is gone:
 *   - `onRemove: keep` (the default): the IdP application is deleted and the accounts are left as
 *     they are in the target (active ones stay active), no longer managed by anyone. The plan warns.
 *   - `onRemove: deprovision`: deprovisioning needs the target's URL and credentials, which left
 *     with the block. The delete is blocked (a skip with the way out) until the accounts are
 *     deprovisioned and the record says `keep`.
 */
import { ssoAddress } from './address.js';
import type { Change } from './change.js';
import type { Diagnostic } from './diagnostics.js';
import { digestOf } from './digest.js';
import { RECORD_APP, RECORD_ON_REMOVE, RECORD_PROVISIONING } from './idp-record.js';
import type { IdpApplication } from './model.js';
import type { SsoReviewer } from './sso-review.js';

export interface RemovedPlan {
  readonly changes: Change[];
  readonly diagnostics: Diagnostic[];
}

export function planRemovedApplication(application: IdpApplication, reviewer: SsoReviewer | undefined, now: string): RemovedPlan {
  const app = String(application.settings[RECORD_APP] ?? application.app);
  const address = ssoAddress(app);
  const provisioned = application.settings[RECORD_PROVISIONING] !== undefined;
  const deprovision = application.settings[RECORD_ON_REMOVE] === 'deprovision';
  const label = String(application.settings['label'] ?? app);
  const base = {
    address,
    app,
    kind: 'sso_app' as const,
    before: application.settings,
    fields: Object.keys(application.settings)
      .sort()
      .map((path) => ({ path, before: application.settings[path]! })),
    reason: { code: 'config' as const, message: `${app} is no longer in the configuration` },
    precondition: { version: application.id, digest: digestOf(application.settings) },
  };

  if (provisioned && deprovision) {
    const problem: Diagnostic = {
      severity: 'error',
      code: 'idp.remove-needs-deprovision',
      message: `${app} was removed from the configuration, and its IdP application "${label}" records provisioning.onRemove: deprovision; deprovisioning its accounts needs the target's settings, which were removed with it`,
      hint: `put the application back with \`groups: []\` and \`provisioning.onRemove: keep\`, and apply: every account is deprovisioned (within the safety limits) and the record says keep; then remove the application again`,
      address,
    };
    return { changes: [{ ...base, action: 'skip', blockedAction: 'delete', steps: [], problems: [problem] }], diagnostics: [] };
  }

  let change: Change = { ...base, action: 'delete', steps: [{ op: 'idp.app.delete', app, appId: application.id }], problems: [] };
  const diagnostics: Diagnostic[] = [];
  if (provisioned) {
    diagnostics.push({
      severity: 'warning',
      code: 'idp.remove-keeps-accounts',
      message: `${app}: the accounts Roster provisioned in ${app} are left as they are when its IdP application is deleted: active ones stay active, and nobody manages them any more (provisioning.onRemove: keep)`,
      hint: 'to deprovision them first, put the application back with `groups: []`, apply, then remove it',
      address,
    });
  }
  if (reviewer) {
    const review = reviewer({ app, action: 'delete', actual: application, now });
    diagnostics.push(...review.diagnostics);
    if (review.documents.length > 0) change = { ...change, documents: review.documents };
  }
  return { changes: [change], diagnostics };
}
