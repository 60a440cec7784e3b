import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import YAML from 'yaml';

/**
 * Validates sandbox responses against the vendors' OpenAPI subsets in `spec/vendors/` (kept in
 * the repository, found from this file's location whatever the working directory), so that the
 * stand-ins cannot drift from the vendors' published shapes.
 */
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: { responses?: Record<string, ResponseObject> } };
type Operation = { responses?: Record<string, ResponseObject> };
type ResponseObject = { $ref?: string; content?: Record<string, { schema?: unknown }> };

interface SpecFile {
  id: string;
  doc: OpenApi;
  /** Strips the server base path from a request path. */
  local(path: string): string | undefined;
  /** The vendor's generic error schema, for statuses an operation does not list. */
  errorSchema(path: string): string;
}

const specDir = new URL('../../spec/vendors/', import.meta.url);
/** The path of one vendor spec subset, e.g. `ringcentral-scim`. */
export const specFile = (name: string): string => fileURLToPath(new URL(`${name}.subset.yaml`, specDir));
const load = (name: string): OpenApi => YAML.parse(readFileSync(specFile(name), 'utf8')) as OpenApi;

const SPECS: SpecFile[] = [
  {
    id: 'jumpcloud-v2',
    doc: load('jumpcloud-v2'),
    local: (p) => (p.startsWith('/api/v2/') ? p.slice('/api/v2'.length) : undefined),
    errorSchema: () => 'jumpcloud-v2#/components/schemas/Error',
  },
  {
    id: 'jumpcloud-v1',
    doc: load('jumpcloud-v1'),
    local: (p) => (p.startsWith('/api/') ? p.slice('/api'.length) : undefined),
    errorSchema: () => 'jumpcloud-v1#/components/schemas/Error',
  },
  {
    id: 'ringcentral-scim',
    doc: load('ringcentral-scim'),
    local: (p) => (p.startsWith('/scim/') || p.startsWith('/restapi/') ? p : undefined),
    errorSchema: (p) => (p.startsWith('/scim/') ? 'ringcentral-scim#/components/schemas/ScimErrorResponse' : 'ringcentral-scim#/components/schemas/ApiError'),
  },
];

/** Operations the vendor docs describe but the spec subsets do not: checked by their own tests. */
const OUTSIDE_SPECS = [
  'POST /restapi/oauth/token', // docs/vendors/ringcentral.md §1 "Auth" (token URL of the OAuth2 security scheme)
  'GET /organizations/{organizationId}/applications/{applicationId}/metadata.xml', // a path with no operation (docs/vendors/jumpcloud.md §2)
];

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('date-time', { validate: (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s) });
ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) });
ajv.addFormat('email', { validate: /^[^@\s]+@[^@\s]+$/ });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
for (const spec of SPECS) ajv.addSchema(spec.doc as object, spec.id);
const compiled = new Map<string, ValidateFunction>();

function validator(ref: string): ValidateFunction {
  let fn = compiled.get(ref);
  if (!fn) {
    fn = ajv.compile({ $ref: ref });
    compiled.set(ref, fn);
  }
  return fn;
}

/** A JSON pointer into a spec, as a URI fragment (RFC 6901 escaping, then percent-encoding). */
function pointer(id: string, segments: string[]): string {
  return `${id}#/${segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/')}`;
}

function matchPath(templates: string[], path: string): string | undefined {
  // Literal templates first, so that `/Users/.search` wins over `/Users/{scimUserId}`.
  const sorted = [...templates].sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  return sorted.find((t) => new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`).test(path));
}

export interface CheckedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  /** The parsed JSON body, undefined when the response is not JSON. */
  body: unknown;
  text: string;
}

/** What was checked, for tests that assert the contract itself. */
export type Verdict = { kind: 'validated'; schema: string } | { kind: 'no-schema' } | { kind: 'outside-specs' };

/**
 * Checks one response: the operation (method + path template) must exist in a spec, the status
 * must be documented (or be an error status, checked against the vendor's error schema), and a
 * JSON body must match the documented schema. Throws with the ajv errors otherwise.
 */
export function checkResponse(res: CheckedResponse): Verdict {
  const spec = SPECS.find((s) => s.local(res.path) !== undefined);
  if (!spec) throw new Error(`${res.method} ${res.path}: no vendor spec covers this path`);
  const local = spec.local(res.path) ?? res.path;
  const template = matchPath(Object.keys(spec.doc.paths), local);
  const operation = template ? spec.doc.paths[template]?.[res.method.toLowerCase()] : undefined;
  if (!template || !operation) {
    if (OUTSIDE_SPECS.includes(`${res.method} ${template ?? local}`)) return { kind: 'outside-specs' };
    throw new Error(`${res.method} ${res.path}: no such operation in ${spec.id}`);
  }
  const status = operation.responses?.[String(res.status)] ? String(res.status) : operation.responses?.default ? 'default' : undefined;
  const declared = status ? operation.responses?.[status] : undefined;
  const shared = declared?.$ref ? declared.$ref.split('/').pop() ?? '' : undefined;
  const response = shared !== undefined ? spec.doc.components?.responses?.[shared] : declared;
  let schemaRef: string | undefined;
  if (status && response) {
    const media = Object.keys(response.content ?? {}).find((m) => /json/.test(m));
    if (media && response.content?.[media]?.schema !== undefined) {
      const segments =
        shared !== undefined
          ? ['components', 'responses', shared, 'content', media, 'schema']
          : ['paths', template, res.method.toLowerCase(), 'responses', status, 'content', media, 'schema'];
      schemaRef = pointer(spec.id, segments);
    }
  } else if (res.status >= 400) {
    schemaRef = spec.errorSchema(res.path);
  } else {
    throw new Error(`${res.method} ${res.path}: status ${res.status} is not documented for ${template}`);
  }
  if (res.status === 204 && res.text !== '') throw new Error(`${res.method} ${res.path}: 204 must have no body`);
  // A response documented without a schema (e.g. `401: content: {}`) constrains nothing more.
  if (!schemaRef) return { kind: 'no-schema' };
  if (res.body === undefined) throw new Error(`${res.method} ${res.path}: ${res.status} has no JSON body (content-type ${res.contentType ?? 'none'})`);
  const validate = validator(schemaRef);
  if (!validate(res.body)) {
    throw new Error(`${res.method} ${res.path} ${res.status} does not match ${schemaRef}:\n${ajv.errorsText(validate.errors, { separator: '\n' })}\n${JSON.stringify(res.body).slice(0, 2000)}`);
  }
  return { kind: 'validated', schema: schemaRef };
}
