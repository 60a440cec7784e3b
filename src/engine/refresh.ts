/**
 * Reading the actual state: the directory and SSO applications from the IdP, the accounts of
 * every provisioned application, with detail reads only where lists omit compared attributes
 * and the refresh cache cannot vouch for them.
 */
import { accountComparer } from '../core/account-comparison.js';
import type { DesiredApplication, DesiredState } from '../core/desired.js';
import { DEFAULT_GROUPS, targetDisplayName } from '../core/diff-groups.js';
import type { TargetProvider } from '../core/ports.js';
import { detailReadDiagnostics, detailReadsNeeded, omittedManagedAttributes, removalsToConfirm } from '../core/detail-reads.js';
import type { Directory, FlatAttributes, IdpApplication, TargetAccount, TargetGroup } from '../core/model.js';
import { WORK_EMAIL_PATH } from '../core/ownership.js';
import type { TargetInput } from '../core/plan.js';
import { unchangedAccounts } from '../core/refresh-cache.js';
import type { Providers } from './providers.js';
import { CompareAhead } from './compare-ahead.js';
import { mapAhead } from './map-ahead.js';
import { mappedUsers, type RefreshCacheStore } from './refresh-cache.js';

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

export interface RefreshOptions {
  /** Skips the detail reads it vouches for, and records what is read (refresh-cache.ts). */
  readonly cache?: RefreshCacheStore;
}

/**
 * The target's groups, when it has /Groups: every group from the list pages (Roster's own are
 * found by externalId, even those no longer provisioned), with members only for the groups the
 * plan may change — those carrying a provisioned IdP group's id, or the displayName one would get.
 */
export async function readTargetGroups(app: DesiredApplication, directory: Directory, provider: TargetProvider): Promise<TargetGroup[] | undefined> {
  if (!app.provisioning?.enabled || !provider.capabilities.groups || !provider.readGroups) return undefined;
  const settings = app.provisioning.groups ?? DEFAULT_GROUPS;
  const names = settings.mode === 'none' ? [] : settings.mode === 'bound' ? app.groups : settings.names;
  const idpGroups = directory.groups.filter((g) => names.includes(g.name));
  const ids = new Set(idpGroups.map((g) => g.id));
  const displayNames = new Set(idpGroups.map((g) => targetDisplayName(settings, g.name).toLowerCase()));
  return provider.readGroups({ withMembers: (g) => (g.externalId !== undefined && ids.has(g.externalId)) || displayNames.has(g.displayName.toLowerCase()) });
}

/** The groups whose membership a plan needs: those configured and those bound in the IdP, sorted. */
export function membershipGroupNames(desired: DesiredState, idpApplications: readonly IdpApplication[]): string[] {
  const names = new Set<string>();
  for (const app of desired.applications) for (const g of [...app.groups, ...(app.provisioning?.groups?.names ?? [])]) names.add(g);
  for (const app of idpApplications) for (const g of app.boundGroups) names.add(g.name);
  return [...names].sort();
}

export async function readActualState(desired: DesiredState, providers: Providers, options: RefreshOptions = {}): Promise<ActualState> {
  // Target lists do not depend on the directory: they are read while the IdP is, a different system.
  const lists = new Map<string, Promise<TargetAccount[]>>();
  const ahead = new CompareAhead();
  for (const app of desired.applications) {
    const provider = providers.targets.get(app.name);
    const provisioning = app.provisioning;
    if (!provider || !provisioning?.enabled) continue;
    const compared = options.cache?.readsInFull ? [] : omittedManagedAttributes(provisioning, provider.capabilities.listOmits);
    const listed = provider.readAccounts({ compared });
    // Compared with the comparer the plan will use (the capabilities are discovered once the list has come).
    // The list is awaited below; until then a failure must not go unhandled if the IdP fails first.
    listed
      .then((accounts) => ahead.accounts(app.name, accounts, accountComparer(provisioning, provider.capabilities.listOmits, provider.normalizer)))
      .catch(() => {});
    lists.set(app.name, listed);
  }
  // The users need no group names: the directory is read while the IdP's applications (whose
  // bindings name groups too) are.
  const applicationsRead = providers.idp.readApplications(applicationLabels(desired));
  const groupNames = applicationsRead.then((idpApplications) => membershipGroupNames(desired, idpApplications));
  const progress = mapAhead(desired.applications, ahead.mapped);
  let idpApplications: IdpApplication[];
  let directory: Directory;
  try {
    // Promise.all handles both: a failure of one does not leave the other's unhandled.
    [idpApplications, directory] = await Promise.all([applicationsRead, providers.idp.readDirectory({ groupNames, ...(progress ? { onProgress: progress } : {}) })]);
  } finally {
    ahead.stop();
  }

  const targets: Record<string, TargetInput> = {};
  const mapped = new Map<string, ReadonlyMap<string, FlatAttributes>>();
  for (const app of desired.applications) {
    const provider = providers.targets.get(app.name);
    const provisioning = app.provisioning;
    const list = lists.get(app.name);
    if (!provider || !provisioning || !list) continue;
    // Mapped, most of it, while the directory was read (mapAhead): here the mappings are collected.
    const mappedByUser = mappedUsers(directory, app);
    mapped.set(app.name, mappedByUser);
    const candidateKeys = new Set<string>();
    for (const attributes of mappedByUser.values()) {
      for (const value of [attributes['userName'], attributes[WORK_EMAIL_PATH]]) if (typeof value === 'string') candidateKeys.add(value.toLowerCase());
    }
    const listed = await list;
    const cached = options.cache?.lookup(app, provider);
    const ids = detailReadsNeeded({
      provisioning,
      accounts: listed,
      listOmits: provider.capabilities.listOmits,
      usersWithAccess: new Set(mappedByUser.keys()),
      candidateKeys,
      ...(cached ? { unchanged: unchangedAccounts({ accounts: listed, entries: cached.entries, desired: (id) => mappedByUser.get(id), digests: cached.digests }) } : {}),
    });
    // Values from beside the list that the plan would remove are confirmed by a detail read.
    const confirm = removalsToConfirm({
      provisioning,
      accounts: listed,
      listOmits: provider.capabilities.listOmits,
      desired: (id) => mappedByUser.get(id),
      compare: accountComparer(provisioning, provider.capabilities.listOmits, provider.normalizer),
    });
    const details = new Map((await provider.readAccountDetails([...ids, ...confirm])).map((a) => [a.id, a]));
    const accounts: TargetAccount[] = listed.map((a) => {
      const full = details.get(a.id);
      // The list knows the state (e.g. pending) from sources the detail read may not repeat.
      return full ? { ...full, state: a.state } : a;
    });
    const fromLists = provider.capabilities.listOmits.length > 0 ? new Set(listed.filter((a) => a.detail === 'full' && !details.has(a.id)).map((a) => a.id)) : undefined;
    const gaps = provider.listGaps?.();
    const diagnostics = gaps ? detailReadDiagnostics(app.name, ids, gaps) : [];
    if (confirm.length > 0) {
      diagnostics.push({
        severity: 'info',
        code: 'refresh.read-in-full',
        message: `${app.name}: ${confirm.length} ${confirm.length === 1 ? 'account' : 'accounts'} read in full: beside the list they show a value their user has none of, which only a full read confirms`,
      });
    }
    const groups = await readTargetGroups(app, directory, provider);
    targets[app.name] = {
      system: provider.system,
      accounts,
      ...(groups ? { groups } : {}),
      capabilities: provider.capabilities,
      normalizer: provider.normalizer,
      ...(diagnostics.length > 0 ? { diagnostics } : {}),
      ...(fromLists && fromLists.size > 0 ? { comparedFromLists: fromLists } : {}),
    };
  }
  options.cache?.record(desired, { directory, targets, mapped });
  return { directory, idpApplications, targets };
}
