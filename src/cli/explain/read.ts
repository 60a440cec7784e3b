/**
 * What `roster explain` reads: what plan reads (the IdP's applications, the directory with the
 * groups that are or will be bound, every account of each provisioned application), except that
 * only the explained user's accounts are read in full. A plan reads every account it compares in
 * full where the target's lists omit attributes (RingCentral: addresses, phone numbers); explain
 * compares one user's, so one detail read per application is enough, however large the tenant.
 * Where the target has groups, they are read with their members (account ids), so that explain can
 * say which target groups the user is in (ExplainInput.targetGroups).
 */
import type { DesiredState } from '../../core/desired.js';
import { accountRelation, findUser } from '../../core/explain.js';
import type { DirectoryUser, TargetAccount, TargetGroup } from '../../core/model.js';
import type { TargetInput } from '../../core/plan.js';
import type { Providers } from '../../engine/providers.js';
import { applicationLabels, type ActualState } from '../../engine/refresh.js';

export interface ExplainState extends ActualState {
  /** Undefined when no IdP user has this id, email or username. */
  readonly user?: DirectoryUser;
  /** Per provisioned application whose target has groups: its groups, with their members. */
  readonly targetGroups: Record<string, TargetGroup[]>;
}

export async function readForExplain(desired: DesiredState, providers: Providers, query: string): Promise<ExplainState> {
  const idpApplications = await providers.idp.readApplications(applicationLabels(desired));
  const groupNames = new Set<string>();
  for (const app of desired.applications) for (const g of [...app.groups, ...(app.provisioning?.groups?.names ?? [])]) groupNames.add(g);
  for (const app of idpApplications) for (const g of app.boundGroups) groupNames.add(g.name);
  const directory = await providers.idp.readDirectory({ groupNames: [...groupNames].sort() });
  const user = findUser(directory.users, query);
  const targets: Record<string, TargetInput> = {};
  const targetGroups: Record<string, TargetGroup[]> = {};
  if (!user) return { directory, idpApplications, targets, targetGroups };

  for (const app of desired.applications) {
    const provider = providers.targets.get(app.name);
    const provisioning = app.provisioning;
    if (!provider || !provisioning?.enabled) continue;
    const listed = await provider.readAccounts();
    const relationOf = accountRelation(user, provisioning);
    const own = listed.filter((a) => relationOf(a) !== undefined);
    const details = new Map((await provider.readAccountDetails(own.map((a) => a.id))).map((a) => [a.id, a]));
    const accounts: TargetAccount[] = listed.map((a) => {
      const full = details.get(a.id);
      // The list knows the state (e.g. pending) from sources the detail read may not repeat.
      return full ? { ...full, state: a.state } : a;
    });
    targets[app.name] = { system: provider.system, accounts, capabilities: provider.capabilities, normalizer: provider.normalizer };
    if (provider.capabilities.groups && provider.readGroups) targetGroups[app.name] = await provider.readGroups();
  }
  return { directory, idpApplications, targets, targetGroups, user };
}
