/**
 * Redaction for public outputs (`--redact`): every email address and phone number in a plan is
 * replaced by a stable token such as `[email 3f2a9c01b7de]`, so a public pull request shows who
 * changes as a token that stays the same from one plan to the next, without the person's details.
 *
 * The default token is the core's FNV digest of the normalised value: stable across runs and
 * machines, with collisions negligible for directories of any realistic size. Like any unkeyed
 * hash it does not stop someone who already has a list of candidate addresses from confirming one;
 * the CLI injects a keyed hash instead when a redaction key is configured (see docs/plan-format.md).
 *
 * Only what is shown is redacted: a plan saved for apply keeps the real values it needs.
 */
import { digestOf } from './digest.js';

export type RedactionHash = (value: string) => string;

export const fnvRedactionHash: RedactionHash = (value) => digestOf(value).slice(0, 12);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** International numbers as people write them: a leading `+`, digits, spaces, dots, dashes, brackets. */
const PHONE = /\+\d[\d\s().-]{5,}\d/g;
/** Values of these paths are phone numbers whatever their format (an extension such as `146`). */
const PHONE_PATH = /^phoneNumbers\[/;

function phoneDigits(value: string): string {
  return value.replace(/[^\d+]/g, '');
}

export function redactText(text: string, hash: RedactionHash = fnvRedactionHash): string {
  return text
    .replace(EMAIL, (email) => `[email ${hash(email.toLowerCase())}]`)
    .replace(PHONE, (phone) => `[phone ${hash(phoneDigits(phone))}]`);
}

function redactPhone(value: unknown, hash: RedactionHash): unknown {
  return typeof value === 'string' ? `[phone ${hash(phoneDigits(value))}]` : value;
}

function redactValue(value: unknown, hash: RedactionHash): unknown {
  if (typeof value === 'string') return redactText(value, hash);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, hash));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  // A field diff ({path, before, after}) of a phone path.
  const phoneField = typeof record['path'] === 'string' && PHONE_PATH.test(record['path']);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(record)) {
    if (PHONE_PATH.test(key) || (phoneField && (key === 'before' || key === 'after'))) out[key] = redactPhone(inner, hash);
    else out[key] = redactValue(inner, hash);
  }
  return out;
}

/** A copy of any plan-shaped data with emails and phone numbers replaced by stable tokens. */
export function redact<T>(data: T, hash: RedactionHash = fnvRedactionHash): T {
  return redactValue(data, hash) as T;
}
