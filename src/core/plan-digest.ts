/**
 * The content digest of a plan: SHA-256 of the canonical JSON of everything the plan says it
 * will do — its changes, violations, manual steps, summary, diagnostics, estimate, the
 * configuration digest — without `createdAt` (two plans of the same state differ only there, and
 * then have the same digest) and without the digest itself. A reviewer who approved a plan by its
 * digest can have apply refuse any other (`roster apply --expect-digest`).
 */
import { canonicalJson } from './digest.js';
import { sha256Hex } from './sha256.js';

/** The fields a plan's content digest leaves out. */
const NOT_CONTENT = new Set(['digest', 'createdAt']);

/** The digest of a plan's content (64 hex digits); works on a plan as read from a file too. */
export function planDigest(plan: object): string {
  const content = Object.fromEntries(Object.entries(plan).filter(([key]) => !NOT_CONTENT.has(key)));
  return sha256Hex(canonicalJson(content));
}
