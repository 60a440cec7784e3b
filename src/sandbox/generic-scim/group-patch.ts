import { filter as compileMemberFilter, parse, type Filter } from 'scim2-parse-filter';
import { isRecord } from '../http.js';
import { GROUP_SCHEMA } from './constants.js';
import { invalidFilter, invalidPath, invalidSyntax, mutability } from './errors.js';
import { readGroupAttributes, readMemberValues, type GroupInput } from './group-model.js';
import type { MembershipChange, StoredGroup } from './group-store.js';
import { applyScimPatch, type PatchOperation } from './patch-request.js';

/** What a group PATCH comes to: the group's new attributes and the members added and removed. */
export interface GroupPatch {
  attributes: Omit<GroupInput, 'memberIds'>;
  change: { add: string[]; remove: string[] } & MembershipChange;
}

const MEMBER_FILTER_ATTRIBUTES = new Set(['value', 'type']);

/** Member sub-attributes named by a member filter, to refuse ones that cannot be evaluated here. */
function filterAttributes(node: Filter): string[] {
  switch (node.op) {
    case 'and':
    case 'or':
      return node.filters.flatMap(filterAttributes);
    case 'not':
      return filterAttributes(node.filter);
    case '[]':
      return [node.attrPath];
    default:
      return [node.attrPath];
  }
}

/**
 * Applies PATCH operations to a group (RFC 7644 §3.5.2).
 *
 * Operations on `members` are applied here, to the set of member ids, not by scim-patch: scim-patch
 * works on the whole resource document, so each operation on a group of 10,000 members would
 * copy and scan the whole member list, and its `add` appends a member again when the object sent
 * differs from the stored one (`{"value": "u1"}` beside `{"value": "u1", "type": "User", …}`),
 * where RFC 7644 §3.5.2.1 makes adding an existing member a no-op ("if the value … already
 * exists, no change is made"). Here each member operation costs per member named:
 * - `add` of `members` (or a pathless `add` whose value holds `members`): the values are added;
 *   existing members are kept as they are (§3.5.2.1);
 * - `remove` of `members[<filter>]`: the members matching the filter (on `value` and `type`) are
 *   removed (§3.5.2.2); a filter matching none removes nothing, so a retried remove is harmless;
 * - `remove` of `members` without a filter: all members are removed (§3.5.2.2), unless the
 *   operation carries a `value` list, which then names the members to remove;
 * - `replace` of `members`: the values become the members (§3.5.2.3).
 * Member sub-attributes (`members.display`, `members[…].value`) cannot be modified (400
 * `invalidPath`): a member is removed and added instead.
 *
 * Every other operation (`displayName`, `externalId`, pathless values) is applied by scim-patch
 * to the group without its members. `id` and `meta` are read-only (400 `mutability`, RFC 7643 §3.1).
 * The member ids added are returned for the caller to check that they name users.
 */
export function planGroupPatch(group: StoredGroup, currentIds: readonly string[], operations: PatchOperation[]): GroupPatch {
  const original = new Set(currentIds);
  const members = new Set(currentIds);
  const others: PatchOperation[] = [];
  const corePrefix = `${GROUP_SCHEMA.toLowerCase()}:`;

  const onMembers = (op: PatchOperation['op'], value: unknown, removeValue: boolean): void => {
    if (op === 'replace') members.clear();
    if (op === 'remove') {
      if (!removeValue) members.clear();
      else for (const id of readMemberValues(value)) members.delete(id);
      return;
    }
    for (const id of readMemberValues(value)) members.add(id);
  };

  const removeMatching = (expression: string): void => {
    let ast: Filter;
    try {
      ast = parse(expression);
    } catch {
      throw invalidFilter(`The member filter is not a valid SCIM filter: ${expression}`);
    }
    const unknown = filterAttributes(ast).find((name) => !MEMBER_FILTER_ATTRIBUTES.has(name.toLowerCase()));
    if (unknown !== undefined) throw invalidFilter(`A member filter can compare value and type, not ${unknown}: ${expression}`);
    if (ast.op === 'eq' && ast.attrPath.toLowerCase() === 'value' && typeof ast.compValue === 'string') {
      members.delete(ast.compValue);
      return;
    }
    const matches = compileMemberFilter(ast);
    for (const id of [...members]) if (matches({ value: id, type: 'User' })) members.delete(id);
  };

  for (const operation of operations) {
    const { op, value } = operation;
    if (operation.path === undefined) {
      if (!isRecord(value)) throw invalidSyntax(`A ${op} without a path needs an object of attributes as its value.`);
      const rest: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const name = key.toLowerCase().startsWith(corePrefix) ? key.slice(corePrefix.length) : key;
        if (name.toLowerCase() === 'members') onMembers(op, child, true);
        else rest[name] = child;
      }
      if (Object.keys(rest).length > 0) others.push({ op, value: rest });
      continue;
    }
    const path = operation.path.toLowerCase().startsWith(corePrefix) ? operation.path.slice(corePrefix.length) : operation.path;
    const lower = path.toLowerCase();
    if (lower === 'members') {
      onMembers(op, value, value !== undefined);
    } else if (lower.startsWith('members[')) {
      const match = /^members\[(.*)\]$/is.exec(path);
      if (!match) throw invalidPath(`Member sub-attributes cannot be modified: remove the member and add it again (${operation.path}).`);
      if (op !== 'remove') throw invalidPath(`A filtered members path only takes remove (RFC 7644 §3.5.2.2): ${operation.path}`);
      removeMatching(match[1] ?? '');
    } else if (lower.startsWith('members.')) {
      throw invalidPath(`Member sub-attributes cannot be modified: remove the member and add it again (${operation.path}).`);
    } else if (lower === 'id' || lower === 'meta' || lower.startsWith('meta.')) {
      throw mutability(`${operation.path} is read-only.`);
    } else {
      others.push({ ...operation, path });
    }
  }

  let attributes: Omit<GroupInput, 'memberIds'> = { displayName: group.displayName, ...(group.externalId !== undefined ? { externalId: group.externalId } : {}) };
  if (others.length > 0) {
    const patched = applyScimPatch({ schemas: [GROUP_SCHEMA], id: group.id, ...attributes }, others);
    const { memberIds: _none, ...read } = readGroupAttributes(patched.displayName, patched.externalId, []);
    attributes = read;
  }
  const add = [...members].filter((id) => !original.has(id));
  const remove = currentIds.filter((id) => !members.has(id));
  return { attributes, change: { add, remove } };
}
