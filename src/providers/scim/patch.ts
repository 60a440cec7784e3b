/**
 * Builds the one PATCH request (RFC 7644 §3.5.2) that carries every attribute change of an
 * update, including `active`. Values are never `null`: a removed attribute is a `remove`.
 */
import { parseScimPath, unflattenAttributes, valuePath } from '../../core/scim-path.js';
import type { FlatAttributes } from '../../core/model.js';
import { PATCH_OP_SCHEMA, type PatchOperation, type PatchRequest } from './wire.js';

export function buildPatch(set: FlatAttributes, unset: readonly string[], addValues: readonly string[] = []): PatchRequest {
  const operations: PatchOperation[] = [];
  const newValues = new Set(addValues);
  const grouped = new Map<string, Record<string, FlatAttributes[string]>>();
  for (const [path, value] of Object.entries(set).sort(([a], [b]) => a.localeCompare(b))) {
    const parsed = parseScimPath(path);
    const typed = parsed?.valueType !== undefined ? valuePath(parsed.attribute, parsed.valueType) : undefined;
    if (typed && newValues.has(typed)) {
      // A value of a type the account lacks: `add` it whole (a filtered `replace` would find no target).
      const attrs = grouped.get(typed) ?? {};
      attrs[path] = value;
      grouped.set(typed, attrs);
      continue;
    }
    operations.push({ op: 'replace', path, value });
  }
  for (const [typed, attrs] of grouped) {
    const attribute = typed.slice(0, typed.indexOf('['));
    const resource = unflattenAttributes(attrs);
    operations.push({ op: 'add', path: attribute, value: resource[attribute] });
  }
  for (const path of [...unset].sort()) operations.push({ op: 'remove', path });
  return { schemas: [PATCH_OP_SCHEMA], Operations: operations };
}

/**
 * Whether sending the patch twice leaves the same resource. `replace` and `remove` do; `add` to a
 * multi-valued attribute appends (RFC 7644 §3.5.2.1), so a repeated one would duplicate the value.
 */
export function repeatsSafely(patch: PatchRequest): boolean {
  return patch.Operations.every((operation) => operation.op !== 'add');
}
