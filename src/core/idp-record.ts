/**
 * Roster's record on an IdP application: what makes it Roster's, and what Roster must still know
 * once the application's YAML block is gone. It lives in a field the IdP stores and Roster controls
 * (JumpCloud: the end of the application's `description`, see docs/sso.md "Which IdP applications
 * are Roster's"), as one bracketed tag that administrators can read:
 *
 *   Company phone system [roster app=ringcentral onRemove=keep provisioning=1a2b3c4d certificate=0f1e2d3c4b5a6978]
 *
 * In the flat settings each field is a key of its own (`roster.app`, …), so a change to the record
 * shows, and is applied, like any other setting:
 *
 *   roster.app           the configured application the IdP application belongs to
 *   roster.onRemove      `keep` | `deprovision`: `provisioning.onRemove`, for when the block is removed
 *   roster.provisioning  a digest of the SCIM URL Roster provisions accounts at; absent when Roster
 *                        does not provision the application
 *   roster.certificate   the start of the SHA-256 fingerprint of the IdP signing certificate the
 *                        application's admin was last given (set by the provider when it creates
 *                        the application, and by a plan that reports a new certificate)
 */
import { digestOf } from './digest.js';
import type { AttributeValue, FlatAttributes } from './model.js';

export const RECORD_APP = 'roster.app';
export const RECORD_ON_REMOVE = 'roster.onRemove';
export const RECORD_PROVISIONING = 'roster.provisioning';
export const RECORD_CERTIFICATE = 'roster.certificate';

const RECORD_PREFIX = 'roster.';
/** Field order in the tag. */
const FIELDS = [RECORD_APP, RECORD_ON_REMOVE, RECORD_PROVISIONING, RECORD_CERTIFICATE] as const;

/** JumpCloud's `description` is at most 256 characters (specs/jumpcloud-v1 `application.description`). */
export const DESCRIPTION_LIMIT = 256;

const PROVISIONING_DIGEST_LENGTH = 8;
const CERTIFICATE_RECORD_LENGTH = 16;
/** The longest value of each field but the application's name. */
const LONGEST_ON_REMOVE = 'deprovision';

export function isRecordKey(key: string): boolean {
  return key.startsWith(RECORD_PREFIX);
}

/** What the record keeps of the provisioning target: a digest of its URL, which changes when the target does. */
export function provisioningRecord(url: string): string {
  return digestOf(url.trim().replace(/\/+$/, '')).slice(0, PROVISIONING_DIGEST_LENGTH);
}

/** What the record keeps of a certificate: the start of its SHA-256 fingerprint, lower-case hex. */
export function certificateRecord(fingerprintSha256: string): string {
  return fingerprintSha256.replace(/:/g, '').toLowerCase().slice(0, CERTIFICATE_RECORD_LENGTH);
}

/** The tag for the record keys among `settings`, or '' when there are none. */
export function formatRecord(settings: FlatAttributes): string {
  const parts = FIELDS.filter((key) => settings[key] !== undefined && settings[key] !== '').map((key) => `${key.slice(RECORD_PREFIX.length)}=${String(settings[key])}`);
  return parts.length === 0 ? '' : `[roster ${parts.join(' ')}]`;
}

/** The tag at the end of a text; values never contain spaces or brackets. */
const TAG = /(?:^|\s)\[roster((?: [A-Za-z]+=[^\s[\]]+)+)\]\s*$/;

/** Splits a text into what people wrote and Roster's record (as flat `roster.*` keys). */
export function parseRecord(text: string): { readonly text: string; readonly record: Readonly<Record<string, AttributeValue>> } {
  const match = TAG.exec(text);
  if (!match) return { text: text.trim(), record: {} };
  const record: Record<string, AttributeValue> = {};
  for (const part of match[1]!.trim().split(' ')) {
    const [name, value] = part.split('=', 2) as [string, string];
    const key = `${RECORD_PREFIX}${name}`;
    if ((FIELDS as readonly string[]).includes(key)) record[key] = value;
  }
  return { text: text.slice(0, match.index).trim(), record };
}

/** A text and a record together: the text, a space, the tag. */
export function joinRecord(text: string, record: FlatAttributes): string {
  return [text.trim(), formatRecord(record)].filter((part) => part !== '').join(' ');
}

/** The most characters the record of application `app` can take in the field, with the space before it. */
export function longestRecord(app: string): number {
  return (
    1 +
    formatRecord({
      [RECORD_APP]: app,
      [RECORD_ON_REMOVE]: LONGEST_ON_REMOVE,
      [RECORD_PROVISIONING]: 'x'.repeat(PROVISIONING_DIGEST_LENGTH),
      [RECORD_CERTIFICATE]: 'x'.repeat(CERTIFICATE_RECORD_LENGTH),
    }).length
  );
}
