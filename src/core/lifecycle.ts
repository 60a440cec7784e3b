/**
 * A target's lifecycle rules, applied to one account: what Roster may do to it given its state
 * and what the configuration wants. The rules themselves are data (TargetRules, from the
 * catalog); this file is the one place that interprets them.
 */
import type { DeprovisionPolicy, TargetRules } from './desired.js';
import type { Diagnostic } from './diagnostics.js';
import type { AccountState, FlatAttributes } from './model.js';
import { WORK_EMAIL_PATH } from './ownership.js';
import { parseScimPath } from './scim-path.js';

/** What happens to the account's `active` flag and existence. */
export type LifecycleOutcome =
  | { readonly kind: 'keep' } // state stays as it is; attributes may still be updated
  | { readonly kind: 'deactivate' }
  | { readonly kind: 'reactivate' }
  | { readonly kind: 'delete'; readonly reactivateFirst: boolean }
  | { readonly kind: 'blocked'; readonly problem: Omit<Diagnostic, 'address'> };

const PENDING_CANNOT_DEACTIVATE: LifecycleOutcome = {
  kind: 'blocked',
  problem: {
    severity: 'warning',
    code: 'target.pending-cannot-deactivate',
    message: 'the account is pending activation, and the target cannot deactivate a pending account (only delete it)',
    hint: 'delete the account in the application’s admin portal, or set provisioning.deprovision: delete for this application',
  },
};

/** Why an update to a pending account waits. */
export const PENDING_CANNOT_UPDATE: Omit<Diagnostic, 'address'> = {
  severity: 'warning',
  code: 'target.pending-cannot-update',
  message: 'the account is pending activation, and the target does not accept changes to a pending account',
  hint: 'Roster plans the change again once the owner has activated the account from the activation email',
};

/** An account Roster owns, and the user still has access: desired active or inactive. */
export function lifecycleWithAccess(state: AccountState, desiredActive: boolean, policy: DeprovisionPolicy): LifecycleOutcome {
  switch (state) {
    case 'pending':
      // Pending is never drift: the owner activates it. It cannot be deactivated, only deleted.
      if (desiredActive) return { kind: 'keep' };
      // With policy `delete`, removing the pending account is the allowed way to deprovision it.
      return policy === 'delete' ? { kind: 'delete', reactivateFirst: false } : PENDING_CANNOT_DEACTIVATE;
    case 'active':
      return desiredActive ? { kind: 'keep' } : { kind: 'deactivate' };
    case 'inactive':
      return desiredActive ? { kind: 'reactivate' } : { kind: 'keep' };
  }
}

/** An account Roster owns whose user no longer has access. */
export function lifecycleWithoutAccess(state: AccountState, policy: DeprovisionPolicy, rules: TargetRules): LifecycleOutcome {
  if (policy === 'delete') {
    return { kind: 'delete', reactivateFirst: state === 'inactive' && rules.reactivateBeforeDelete };
  }
  switch (state) {
    case 'active':
      return { kind: 'deactivate' };
    case 'inactive':
      return { kind: 'keep' };
    case 'pending':
      return PENDING_CANNOT_DEACTIVATE;
  }
}

/** Problems that stop an account from being created with these attributes. */
export function creationProblems(attributes: FlatAttributes, rules: TargetRules): Omit<Diagnostic, 'address'>[] {
  const problems: Omit<Diagnostic, 'address'>[] = [];
  for (const path of rules.requiredAtCreate) {
    if (attributes[path] === undefined) {
      problems.push({
        severity: 'error',
        code: 'target.required-attribute-missing',
        message: `the target requires ${path}, and the mapping yields no value for this user`,
        hint: `fill in the directory property mapped to ${path} for this user, or map ${path} from a property they have`,
      });
    }
  }
  problems.push(...userNameProblems(attributes, rules, 'when the account is created'));
  problems.push(...addressProblems(attributes, rules));
  return problems;
}

/**
 * The target's rule that userName equals the work email (RingCentral's), for the attributes an
 * account would have after a create or an update.
 */
export function userNameProblems(attributes: FlatAttributes, rules: TargetRules, when: string): Omit<Diagnostic, 'address'>[] {
  if (!rules.userNameIsWorkEmail) return [];
  const userName = attributes['userName'];
  const email = attributes[WORK_EMAIL_PATH];
  if (typeof userName !== 'string' || String(email ?? '').toLowerCase() === userName.toLowerCase()) return [];
  return [
    {
      severity: 'error',
      code: 'target.username-not-work-email',
      message: `userName "${userName}" must equal the work email "${String(email ?? '')}" ${when}`,
      hint: 'map userName from email: `mappings: { userName: email }`',
    },
  ];
}

/** Addresses the target would refuse: RingCentral needs a country on every address it stores. */
export function addressProblems(attributes: FlatAttributes, rules: TargetRules): Omit<Diagnostic, 'address'>[] {
  if (!rules.addressRequiresCountry) return [];
  const types = new Set<string>();
  const withCountry = new Set<string>();
  for (const path of Object.keys(attributes)) {
    const parsed = parseScimPath(path);
    if (parsed?.attribute !== 'addresses' || parsed.valueType === undefined) continue;
    types.add(parsed.valueType);
    if (parsed.sub === 'country') withCountry.add(parsed.valueType);
  }
  return [...types]
    .filter((type) => !withCountry.has(type))
    .map((type) => ({
      severity: 'error' as const,
      code: 'target.address-without-country',
      message: `the ${type} address has no country, and the target refuses addresses without one`,
      hint: `set the country of this user's ${type} address in the IdP`,
    }));
}
