/**
 * Reading the actual state: the directory and SSO applications from the IdP, the accounts of
 * every provisioned application, with detail reads only where lists omit compared attributes.
 */
import { resolveAccess } from '../core/access.js';
import type { DesiredState } from '../core/desired.js';
import { detailReadsNeeded } from '../core/detail-reads.js';
import { mapUser } from '../core/mapping.js';
import type { Directory, IdpApplication, TargetAccount } from '../core/model.js';
import { WORK_EMAIL_PATH } from '../core/ownership.js';
import type { TargetInput } from '../core/plan.js';
import type { Providers } from './providers.js';

export interface ActualState {
  readonly directory: Directory;
  readonly idpApplications: readonly IdpApplication[];
  readonly targets: Record<string, TargetInput>;
}

/** Labels identify the IdP applications of configured applications. */
export function applicationLabels(desired: DesiredState): Array<{ app: string; label: string }> {
  return desired.applications
    .filter((a) => a.sso)
    .map((a) => ({ app: a.name, label: String(a.sso!.settings['label'] ?? a.name) }));
}

export async function readActualState(desired: DesiredState, providers: Providers): Promise<ActualState> {
  const idpApplications = await providers.idp.readApplications(applicationLabels(desired));
  const groupNames = new Set<string>();
  for (const app of desired.applications) for (const g of app.groups) groupNames.add(g);
  for (const app of idpApplications) for (const g of app.boundGroups) groupNames.add(g.name);
  const directory = await providers.idp.readDirectory({ groupNames: [...groupNames].sort() });

  const targets: Record<string, TargetInput> = {};
  for (const app of desired.applications) {
    const provider = providers.targets.get(app.name);
    const provisioning = app.provisioning;
    if (!provider || !provisioning?.enabled) continue;
    const listed = await provider.readAccounts();
    const access = resolveAccess(directory, app.groups);
    const candidateKeys = new Set<string>();
    for (const { user } of access.granted) {
      const mapped = mapUser(user, provisioning.mappings, provisioning.rules).attributes;
      for (const value of [mapped['userName'], mapped[WORK_EMAIL_PATH]]) if (typeof value === 'string') candidateKeys.add(value.toLowerCase());
    }
    const ids = detailReadsNeeded({
      provisioning,
      accounts: listed,
      listOmits: provider.capabilities.listOmits,
      usersWithAccess: new Set(access.granted.map((g) => g.user.id)),
      candidateKeys,
    });
    const details = new Map((await provider.readAccountDetails(ids)).map((a) => [a.id, a]));
    const accounts: TargetAccount[] = listed.map((a) => {
      const full = details.get(a.id);
      // The list knows the state (e.g. pending) from sources the detail read may not repeat.
      return full ? { ...full, state: a.state } : a;
    });
    targets[app.name] = { system: provider.system, accounts, capabilities: provider.capabilities, normalizer: provider.normalizer };
  }
  return { directory, idpApplications, targets };
}
