import { scimPatch, ScimError, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { HttpError, isRecord } from '../http.js';
import { PATCH_OP } from './constants.js';
import { invalidSyntax } from './errors.js';

/** One PATCH operation with its `op` lower-cased (RFC 7644 §3.5.2: "add", "remove", "replace", case-insensitive). */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace';
  path?: string;
  value?: unknown;
}

/**
 * Reads a PatchOp request body (RFC 7644 §3.5.2): `schemas` must be the PatchOp URN and
 * `Operations` a non-empty array of `{op, path?, value?}`; `remove` needs a `path`
 * (§3.5.2.2: without one it "fails with HTTP status code 400 and a 'scimType' error code of
 * 'noTarget'"). Anything else malformed is a 400 `invalidSyntax`.
 */
export function readPatchRequest(body: unknown): PatchOperation[] {
  if (!isRecord(body) || !Array.isArray(body.schemas) || !body.schemas.includes(PATCH_OP)) throw invalidSyntax(`The request must be a PatchOp with schemas [${PATCH_OP}].`);
  const operations = body.Operations ?? body.operations;
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax('Operations must be a non-empty array.');
  return operations.map((raw, i) => {
    if (!isRecord(raw) || typeof raw.op !== 'string') throw invalidSyntax(`Operations[${i}] must be an object with an op.`);
    const op = raw.op.toLowerCase();
    if (op !== 'add' && op !== 'remove' && op !== 'replace') throw invalidSyntax(`Operations[${i}].op must be add, remove or replace.`);
    if (raw.path !== undefined && typeof raw.path !== 'string') throw invalidSyntax(`Operations[${i}].path must be a string.`);
    if (op === 'remove' && (raw.path === undefined || raw.path.trim() === '')) {
      throw new HttpError(400, `Operations[${i}]: remove needs a path.`, { scimType: 'noTarget' });
    }
    if (op !== 'remove' && raw.value === undefined) throw invalidSyntax(`Operations[${i}]: ${op} needs a value.`);
    const out: PatchOperation = { op };
    if (typeof raw.path === 'string' && raw.path.trim() !== '') out.path = raw.path.trim();
    if (raw.value !== undefined) out.value = raw.value;
    return out;
  });
}

/**
 * Applies operations to a copy of `resource` with scim-patch (RFC 7644 §3.5.2.1–3: attribute
 * paths, filtered paths such as `emails[type eq "work"].value`, and operations without a path
 * whose value is a set of attributes). A path that names nothing to add to or replace is treated
 * as an add (§3.5.2.3: replace of a missing attribute "SHALL treat the operation as an 'add'").
 * scim-patch's errors become 400s with its `scimType`.
 */
export function applyScimPatch(resource: Record<string, unknown>, operations: PatchOperation[]): Record<string, unknown> {
  try {
    return scimPatch(resource as unknown as ScimResource, operations as unknown as ScimPatchOperation[], { mutateDocument: false, treatMissingAsAdd: true }) as unknown as Record<
      string,
      unknown
    >;
  } catch (error) {
    if (error instanceof ScimError) throw new HttpError(400, error.message, { scimType: error.scimCode ?? 'invalidSyntax' });
    throw error;
  }
}
