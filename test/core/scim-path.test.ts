/**
 * A SCIM resource's flat form (scim-path.ts): what flattening keeps and leaves out, and that
 * values shown beside a list replace the resource's own exactly as a merged copy would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTERPRISE_USER_SCHEMA, flattenResource } from '../../src/core/scim-path.js';

const resource = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '1001',
  userName: 'alice@example.com',
  name: { givenName: 'Alice', familyName: 'Archer' },
  emails: [
    { type: 'work', value: 'alice@example.com', primary: true },
    { type: 'work', value: 'second@example.com' },
    { value: 'untyped@example.com' },
  ],
  active: true,
  [ENTERPRISE_USER_SCHEMA]: { department: 'Sales', manager: { value: 'm-1', displayName: 'Bob' } },
  meta: { lastModified: '2026-01-01T00:00:00Z' },
};

describe('flattenResource', () => {
  it('keeps scalars, sub-attributes, the first value of each type and extension attributes; leaves metadata out', () => {
    expect(flattenResource(resource)).toEqual({
      userName: 'alice@example.com',
      'name.givenName': 'Alice',
      'name.familyName': 'Archer',
      'emails[type eq "work"].value': 'alice@example.com',
      active: true,
      [`${ENTERPRISE_USER_SCHEMA}:department`]: 'Sales',
      [`${ENTERPRISE_USER_SCHEMA}:manager.value`]: 'm-1',
      [`${ENTERPRISE_USER_SCHEMA}:manager.displayName`]: 'Bob',
    });
  });

  it('with values shown beside the list, is the flat form of the merged resource, key order included', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 4 }), fc.boolean(), fc.integer());
    const typed = fc.array(fc.record({ type: fc.constantFrom('work', 'home', 'mobile'), value: scalar }, { requiredKeys: ['value'] }), { maxLength: 3 });
    const attributes = fc.dictionary(fc.constantFrom('userName', 'addresses', 'phoneNumbers', 'title', 'name', 'emails'), fc.oneof(scalar, typed, fc.record({ givenName: scalar })), { maxKeys: 5 });
    fc.assert(
      fc.property(attributes, fc.dictionary(fc.constantFrom('addresses', 'phoneNumbers', 'title'), typed, { maxKeys: 3 }), (listed, replaced) => {
        const flat = flattenResource(listed, replaced);
        const merged = flattenResource({ ...listed, ...replaced });
        expect(Object.entries(flat)).toEqual(Object.entries(merged));
      }),
    );
  });
});
