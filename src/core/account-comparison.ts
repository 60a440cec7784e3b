/**
 * Comparing an account with its user's mapped attributes, as a plan does: over the paths the
 * mapping manages, less those list pages omit when the account was only listed, with the
 * target's normalisation.
 *
 * One comparer exists per (mappings, rules, listOmits, normalizer), and it remembers its answer
 * per account and mapping (both are never changed once made, and mapUser makes one mapping per
 * user). So the comparisons made while the directory is still being read (engine/compare-ahead.ts),
 * the plan's and the refresh cache's are one comparison per account. A remembered answer is only
 * used for the very same account and mapping objects: an account read again, or a user mapped
 * under other rules, is compared anew.
 */
import type { FieldDiff } from './change.js';
import { diffAttributes, rememberingNormalizer, type TargetNormalizer } from './compare.js';
import type { DesiredProvisioning } from './desired.js';
import { isManagedPath } from './mapping.js';
import type { FlatAttributes, TargetAccount } from './model.js';
import { rememberedPerPath } from './per-path.js';
import { parseScimPath } from './scim-path.js';

type ComparisonRules = Pick<DesiredProvisioning, 'mappings' | 'rules'>;

export interface AccountComparer {
  /** The differences, sorted by path; the array is shared and never to be changed. */
  (mapped: FlatAttributes, account: TargetAccount): readonly FieldDiff[];
  /** Whether the application manages a path (compares and changes it). */
  readonly isManaged: (path: string) => boolean;
}

/** Most accounts differ in nothing: they share one answer. */
const NONE: readonly FieldDiff[] = Object.freeze([]);

type Remembered = { readonly mapped: FlatAttributes; readonly fields: readonly FieldDiff[] };

function makeComparer(provisioning: ComparisonRules, listOmits: readonly string[], target: TargetNormalizer): AccountComparer {
  const { mappings, rules } = provisioning;
  const normalizer = rememberingNormalizer(target);
  // Remembered per path: the same few paths recur in every account.
  const isManaged = rememberedPerPath((path) => isManagedPath(path, mappings, rules));
  const omitted = new Set(listOmits);
  const isListed = rememberedPerPath((path) => !omitted.has(parseScimPath(path)?.attribute ?? path));
  const listedOnly = (path: string) => isManaged(path) && isListed(path);
  const answers = new WeakMap<TargetAccount, Remembered>();
  const compare = (mapped: FlatAttributes, account: TargetAccount): readonly FieldDiff[] => {
    const known = answers.get(account);
    if (known !== undefined && known.mapped === mapped) return known.fields;
    const diffs = diffAttributes(mapped, account.attributes, account.detail === 'full' ? isManaged : listedOnly, normalizer);
    const fields = diffs.length === 0 ? NONE : diffs;
    answers.set(account, { mapped, fields });
    return fields;
  };
  return Object.assign(compare, { isManaged });
}

const comparers = new WeakMap<object, WeakMap<object, WeakMap<readonly string[], WeakMap<TargetNormalizer, AccountComparer>>>>();

/** The comparer of these rules, made on first use. */
export function accountComparer(provisioning: ComparisonRules, listOmits: readonly string[], normalizer: TargetNormalizer): AccountComparer {
  let byRules = comparers.get(provisioning.mappings);
  if (!byRules) comparers.set(provisioning.mappings, (byRules = new WeakMap()));
  let byOmits = byRules.get(provisioning.rules);
  if (!byOmits) byRules.set(provisioning.rules, (byOmits = new WeakMap()));
  let byNormalizer = byOmits.get(listOmits);
  if (!byNormalizer) byOmits.set(listOmits, (byNormalizer = new WeakMap()));
  let comparer = byNormalizer.get(normalizer);
  if (!comparer) byNormalizer.set(normalizer, (comparer = makeComparer(provisioning, listOmits, normalizer)));
  return comparer;
}
