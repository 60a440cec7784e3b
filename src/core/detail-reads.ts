/**
 * Which accounts must be read one by one before planning. List pages of some targets omit
 * attributes (RingCentral: phones and addresses); comparing those needs a detail read, but only
 * for accounts Roster owns or may adopt, only when the mapping manages such attributes, and not
 * when the refresh cache shows the account unchanged since Roster last saw it in full.
 */
import type { AccountComparer } from './account-comparison.js';
import type { DesiredProvisioning } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import { isManagedPath, isMultiValuedTarget } from './mapping.js';
import type { FlatAttributes, TargetAccount } from './model.js';
import { rememberedPerPath } from './per-path.js';
import { WORK_EMAIL_PATH } from './ownership.js';
import { parseScimPath, valuePath } from './scim-path.js';

export interface DetailReadInput {
  readonly provisioning: DesiredProvisioning;
  readonly accounts: readonly TargetAccount[];
  readonly listOmits: readonly string[];
  /** Ids of IdP users with access: their linked accounts are compared attribute by attribute. */
  readonly usersWithAccess: ReadonlySet<string>;
  /** Lower-cased userNames and emails of users with access (adoption candidates). */
  readonly candidateKeys: ReadonlySet<string>;
  /** Accounts whose omitted attributes are known to hold what is desired (refresh-cache.ts): not read. */
  readonly unchanged?: ReadonlySet<string>;
}

/** The attributes a mapping manages that list pages do not return. */
export function omittedManagedAttributes(provisioning: DesiredProvisioning, listOmits: readonly string[]): string[] {
  const omitted = new Set(listOmits);
  const managed = new Set<string>();
  for (const { target } of provisioning.mappings) {
    const attribute = isMultiValuedTarget(target) ? target.slice(0, -2) : parseScimPath(target)?.attribute;
    if (attribute && omitted.has(attribute)) managed.add(attribute);
  }
  return [...managed].sort();
}

export function detailReadsNeeded(input: DetailReadInput): string[] {
  if (omittedManagedAttributes(input.provisioning, input.listOmits).length === 0) return [];
  const ids: string[] = [];
  for (const account of input.accounts) {
    // Pending accounts cannot be updated, so their omitted attributes are not worth a read.
    if (account.detail === 'full' || account.state === 'pending' || input.unchanged?.has(account.id)) continue;
    const owned = account.externalId !== undefined && input.usersWithAccess.has(account.externalId);
    const email = account.attributes[WORK_EMAIL_PATH];
    const candidate =
      input.candidateKeys.has(account.userName.toLowerCase()) || (typeof email === 'string' && input.candidateKeys.has(email.toLowerCase()));
    if (owned || candidate) ids.push(account.id);
  }
  return ids;
}

/**
 * Why accounts are read in full although the target shows omitted attributes beside its list
 * (RingCentral: the extension record's contact): one info line per reason, with how many.
 * `gaps` holds the target's reason by account id; accounts without one are not mentioned.
 */
export function detailReadDiagnostics(app: string, ids: readonly string[], gaps: ReadonlyMap<string, string>): Diagnostic[] {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const reason = gaps.get(id);
    if (reason !== undefined) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([reason, n]) => ({
      severity: 'info' as const,
      code: 'refresh.read-in-full',
      message: `${app}: ${n} ${n === 1 ? 'account' : 'accounts'} read in full: ${reason}`,
      hint: 'with the refresh cache, later plans read them again only when they change (docs/refresh-cache.md)',
    }));
}

export interface RemovalInput {
  readonly provisioning: DesiredProvisioning;
  /** Accounts as listed; those `full` from a list took their omitted attributes from another source. */
  readonly accounts: readonly TargetAccount[];
  readonly listOmits: readonly string[];
  /** The mapped attributes of a user with access, by IdP user id. */
  readonly desired: (userId: string) => FlatAttributes | undefined;
  /**
   * The plan's comparer for these accounts, when at hand: an account it finds no difference in
   * is passed over, since a plan removes nothing from it (most accounts, and they are compared
   * already).
   */
  readonly compare?: AccountComparer;
}

/**
 * Accounts whose omitted attributes came from beside the list (RingCentral: the extension record)
 * and hold a value their user has none of: a plan would remove it on that source's word alone.
 * RingCentral's `businessAddress` defaults to the company's address (ContactBusinessAddressInfo),
 * which SCIM need not show; a detail read says whether the account really holds it.
 */
export function removalsToConfirm(input: RemovalInput): string[] {
  const omitted = new Set(input.listOmits);
  const { mappings, rules } = input.provisioning;
  // Per path, the typed value it belongs to (null for none): every account has the same few paths.
  const heldValue = rememberedPerPath((path): string | null => {
    const parsed = parseScimPath(path);
    return parsed?.valueType !== undefined && omitted.has(parsed.attribute) && isManagedPath(path, mappings, rules) ? valuePath(parsed.attribute, parsed.valueType) : null;
  });
  const wantedValue = rememberedPerPath((path): string | null => {
    const parsed = parseScimPath(path);
    return parsed?.valueType !== undefined ? valuePath(parsed.attribute, parsed.valueType) : null;
  });
  const ids: string[] = [];
  for (const account of input.accounts) {
    // Pending accounts cannot be updated: nothing would be removed.
    if (account.detail !== 'full' || account.state === 'pending' || account.externalId === undefined) continue;
    const wanted = input.desired(account.externalId);
    if (!wanted || input.compare?.(wanted, account).length === 0) continue;
    const held = new Set<string>();
    for (const path in account.attributes) {
      const value = heldValue(path);
      if (value !== null) held.add(value);
    }
    if (held.size === 0) continue;
    for (const path in wanted) {
      const value = wantedValue(path);
      if (value !== null) held.delete(value);
    }
    if (held.size > 0) ids.push(account.id);
  }
  return ids;
}
