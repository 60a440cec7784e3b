/**
 * Content digests for preconditions and the configuration digest. The core has no access to
 * node:crypto (it is pure and portable), and these digests detect change rather than resist
 * attack, so a 64-bit FNV-1a over canonical JSON is enough: two passes with different offsets
 * give 16 hex digits.
 */

/** JSON with object keys sorted, so equal data always serialises the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function fnv1a32(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function digestOf(value: unknown): string {
  const text = canonicalJson(value);
  const high = fnv1a32(text, 0x811c9dc5).toString(16).padStart(8, '0');
  const low = fnv1a32(text, 0x050c5d1f).toString(16).padStart(8, '0');
  return high + low;
}
