/**
 * Normalised equality per attribute, so that a value the target rewrites on storage (a country
 * code stored as its name, an email with different case) is not reported as drift.
 *
 * Generic SCIM rules live here; a target's own normalisation (country names, phone formats) is
 * injected as a TargetNormalizer by its provider, keeping the core free of I/O and vendor code.
 */
import type { FieldDiff } from './change.js';
import type { AttributeValue, FlatAttributes } from './model.js';

/** A target's normalisation of one value, applied after the generic rules. */
export type TargetNormalizer = (path: string, value: AttributeValue) => AttributeValue;

export const identityNormalizer: TargetNormalizer = (_path, value) => value;

/** RFC 7643 §4.1: `userName` and email values are case-insensitive (caseExact: false). */
function isCaseInsensitive(path: string): boolean {
  return path === 'userName' || /^emails\[type eq "[^"]*"\]\.value$/.test(path);
}

export function normalizeValue(path: string, value: AttributeValue, target: TargetNormalizer): AttributeValue {
  let normalized: AttributeValue = value;
  if (typeof normalized === 'string') {
    normalized = normalized.trim();
    if (isCaseInsensitive(path)) normalized = normalized.toLowerCase();
  }
  return target(path, normalized);
}

export function sameValue(
  path: string,
  a: AttributeValue | undefined,
  b: AttributeValue | undefined,
  target: TargetNormalizer,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return normalizeValue(path, a, target) === normalizeValue(path, b, target);
}

/**
 * Attribute-level differences between what the mapping yields and what the target holds, over
 * the paths `isManaged` accepts (the caller also excludes paths it could not observe). `active` and `externalId` are lifecycle and ownership, decided
 * elsewhere, and never appear here.
 */
export function diffAttributes(
  desired: FlatAttributes,
  actual: FlatAttributes,
  isManaged: (path: string) => boolean,
  normalizer: TargetNormalizer,
): FieldDiff[] {
  const paths = new Set<string>();
  for (const path of Object.keys(desired)) if (isManaged(path)) paths.add(path);
  for (const path of Object.keys(actual)) if (isManaged(path)) paths.add(path);
  paths.delete('active');
  paths.delete('externalId');
  const diffs: FieldDiff[] = [];
  for (const path of [...paths].sort()) {
    const after = desired[path];
    const before = actual[path];
    if (sameValue(path, after, before, normalizer)) continue;
    diffs.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  }
  return diffs;
}
