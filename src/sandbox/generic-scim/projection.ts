import type { SandboxRequest } from '../http.js';

/** Attributes returned whatever `attributes`/`excludedAttributes` say (RFC 7643 §3.1 `id`, §3 `schemas`: returned "always"). */
const ALWAYS = new Set(['id', 'schemas']);

/** A requested attribute as lower-cased path segments: `["name", "givenname"]`, `["urn:…:enterprise:2.0:user", "department"]`. */
type AttributePath = string[];

export interface Projection {
  readonly attributes?: AttributePath[];
  readonly excluded?: AttributePath[];
}

/**
 * Reads `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): comma-separated
 * attribute names, optionally prefixed by the core schema URN or naming an extension schema's
 * attribute in full (`urn:…:enterprise:2.0:User:department`, RFC 7644 §3.10). When both are
 * given, `attributes` wins. `ignoreExcluded` makes the target ignore `excludedAttributes` (a
 * target that does not support it).
 */
export function readProjection(req: SandboxRequest, coreSchema: string, extensions: readonly string[], ignoreExcluded: boolean): Projection {
  const parse = (raw: string | null): AttributePath[] | undefined => {
    if (raw === null || raw.trim() === '') return undefined;
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .map((item) => attributePath(item, coreSchema, extensions));
  };
  const attributes = parse(req.query.get('attributes'));
  if (attributes) return { attributes };
  const excluded = ignoreExcluded ? undefined : parse(req.query.get('excludedAttributes'));
  return excluded ? { excluded } : {};
}

function attributePath(item: string, coreSchema: string, extensions: readonly string[]): AttributePath {
  const lower = item.toLowerCase();
  const core = `${coreSchema.toLowerCase()}:`;
  if (lower.startsWith(core)) return lower.slice(core.length).split('.');
  for (const extension of extensions) {
    const urn = extension.toLowerCase();
    if (lower === urn) return [urn];
    if (lower.startsWith(`${urn}:`)) return [urn, ...lower.slice(urn.length + 1).split('.')];
  }
  return lower.split('.');
}

/** Whether a top-level attribute (lower-cased) is returned under `projection`. */
export function returns(projection: Projection, name: string): boolean {
  if (ALWAYS.has(name)) return true;
  if (projection.attributes) return projection.attributes.some((path) => path[0] === name);
  if (projection.excluded) return !projection.excluded.some((path) => path.length === 1 && path[0] === name);
  return true;
}

/** The resource as `projection` shapes it; the input is not changed. */
export function project(resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  if (projection.attributes) return shape(resource, projection.attributes, true, true);
  if (projection.excluded) return shape(resource, projection.excluded, false, true);
  return resource;
}

/**
 * `keep`: only the attributes `paths` name (`attributes`); otherwise all but them
 * (`excludedAttributes`). A path that ends at an attribute takes or leaves it whole; a longer one
 * goes on into its sub-attributes, in each value of a multi-valued attribute.
 */
function shape(value: Record<string, unknown>, paths: AttributePath[], keep: boolean, top: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const name = key.toLowerCase();
    if (top && ALWAYS.has(name)) {
      out[key] = child;
      continue;
    }
    const matching = paths.filter((path) => path[0] === name);
    const whole = matching.some((path) => path.length === 1);
    if (keep ? matching.length === 0 : whole) continue;
    if (keep ? whole : matching.length === 0) {
      out[key] = child;
      continue;
    }
    const rest = matching.map((path) => path.slice(1));
    const inner = (item: unknown) => (isObject(item) ? shape(item, rest, keep, false) : item);
    out[key] = Array.isArray(child) ? child.map(inner) : inner(child);
  }
  return out;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
