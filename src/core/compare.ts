/**
 * Normalised equality per attribute, so that a value the target rewrites on storage (a country
 * code stored as its name, an email with different case) is not reported as drift.
 *
 * Generic SCIM rules live here; a target's own normalisation (country names, phone formats) is
 * injected as a TargetNormalizer by its provider, keeping the core free of I/O and vendor code.
 */
import type { FieldDiff } from './change.js';
import type { AttributeValue, FlatAttributes } from './model.js';
import { rememberedPerPath } from './per-path.js';

/** A target's normalisation of one value, applied after the generic rules. */
export type TargetNormalizer = (path: string, value: AttributeValue) => AttributeValue;

export const identityNormalizer: TargetNormalizer = (_path, value) => value;

/**
 * The normaliser with its answers remembered per path and value. A target's normalisation may be
 * slow (parsing a phone number, looking a country name up) and a plan asks it about the same
 * values over and over: every account's country, and each value once per side of a comparison.
 */
export function rememberingNormalizer(target: TargetNormalizer): TargetNormalizer {
  const byPath = new Map<string, Map<AttributeValue, AttributeValue>>();
  return (path, value) => {
    let answers = byPath.get(path);
    if (!answers) byPath.set(path, (answers = new Map()));
    let answer = answers.get(value);
    if (answer === undefined) answers.set(value, (answer = target(path, value)));
    return answer;
  };
}

/**
 * RFC 7643 §4.1: `userName` and email values are case-insensitive (caseExact: false). Remembered
 * for the process, within a bound on what accounts with unusual attributes can make it hold.
 */
const isCaseInsensitive = rememberedPerPath((path) => path === 'userName' || /^emails\[type eq "[^"]*"\]\.value$/.test(path), 10_000);

/** The generic rules: surrounding space, and case where SCIM ignores it. */
function genericValue(path: string, value: AttributeValue): AttributeValue {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return isCaseInsensitive(path) ? trimmed.toLowerCase() : trimmed;
}

export function normalizeValue(path: string, value: AttributeValue, target: TargetNormalizer): AttributeValue {
  return target(path, genericValue(path, value));
}

export function sameValue(
  path: string,
  a: AttributeValue | undefined,
  b: AttributeValue | undefined,
  target: TargetNormalizer,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  const left = genericValue(path, a);
  const right = genericValue(path, b);
  // The target's normalisation is a function: equal values stay equal without asking it.
  return left === right || target(path, left) === target(path, right);
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
  const diffs: FieldDiff[] = [];
  const compare = (path: string) => {
    if (path === 'active' || path === 'externalId' || !isManaged(path)) return;
    const after = desired[path];
    const before = actual[path];
    if (sameValue(path, after, before, normalizer)) return;
    diffs.push({ path, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  };
  // for…in, not Object.keys: no array of keys per account (flat attributes are plain objects).
  for (const path in desired) compare(path);
  for (const path in actual) if (!Object.hasOwn(desired, path)) compare(path);
  // Sorting the differences, not every path: most accounts have none.
  return diffs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
