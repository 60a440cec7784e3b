/**
 * Which accounts must be read one by one before planning. List pages of some targets omit
 * attributes (RingCentral: phones and addresses); comparing those needs a detail read, but only
 * for accounts Roster owns or may adopt, only when the mapping manages such attributes, and not
 * when the refresh cache shows the account unchanged since Roster last saw it in full.
 */
import type { DesiredProvisioning } from './desired.js';
import { isMultiValuedTarget } from './mapping.js';
import type { TargetAccount } from './model.js';
import { WORK_EMAIL_PATH } from './ownership.js';
import { parseScimPath } from './scim-path.js';

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
