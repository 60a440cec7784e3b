/**
 * What `roster explain` reads: what plan reads (the IdP's applications, the directory with the
 * groups that are or will be bound, every account of each provisioned application), except that
 * only the explained user's accounts are read in full. A plan reads every account it compares in
 * full where the target's lists omit attributes (RingCentral: addresses, phone numbers); explain
 * compares one user's, so one detail read per application is enough, however large the tenant.
 * Where the target has groups, they are read as plan reads them (readTargetGroups: members of those
 * the plan may change), into each target's `groups`: explain's plan plans them, and explain says
 * which of them the user is in (ExplainInput.targetGroups).
 */
import type { DesiredState } from '../../core/desired.js';
import { accountRelation, findUser } from '../../core/explain.js';
import type { DirectoryUser, TargetAccount } from '../../core/model.js';
import type { TargetInput } from '../../core/plan.js';
import type { Providers } from '../../engine/providers.js';
import { applicationLabels, membershipGroupNames, readTargetGroups, type ActualState } from '../../engine/refresh.js';

export interface ExplainState extends ActualState {
  /** Undefined when no IdP user has this id, email or username. */
  readonly user?: DirectoryUser;
}

export async function readForExplain(desired: DesiredState, providers: Providers, query: string): Promise<ExplainState> {
  const idpApplications = await providers.idp.readApplications(applicationLabels(desired));
  const directory = await providers.idp.readDirectory({ groupNames: membershipGroupNames(desired, idpApplications) });
  const user = findUser(directory.users, query);
  const targets: Record<string, TargetInput> = {};
  if (!user) return { directory, idpApplications, targets };

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
    const groups = await readTargetGroups(app, directory, provider);
    targets[app.name] = { system: provider.system, accounts, ...(groups ? { groups } : {}), capabilities: provider.capabilities, normalizer: provider.normalizer };
  }
  return { directory, idpApplications, targets, user };
}
