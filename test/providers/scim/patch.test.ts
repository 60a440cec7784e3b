/**
 * The PATCH builder: one request carrying every change, `active` included; removals as `remove`,
 * never `null`; `add` only for typed values the account lacks, which makes it not repeatable.
 */
import { describe, expect, it } from 'vitest';
import { buildPatch, repeatsSafely } from '../../../src/providers/scim/patch.js';

describe('buildPatch', () => {
  it('replaces changed values, adds new typed values whole, removes unset ones', () => {
    const patch = buildPatch(
      { active: false, 'name.givenName': 'Ada', 'addresses[type eq "work"].country': 'GB', 'addresses[type eq "work"].locality': 'London' },
      ['title', 'phoneNumbers[type eq "mobile"].value'],
      ['addresses[type eq "work"]'],
    );
    expect(patch).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'name.givenName', value: 'Ada' },
        { op: 'add', path: 'addresses', value: [{ type: 'work', country: 'GB', locality: 'London' }] },
        { op: 'remove', path: 'phoneNumbers[type eq "mobile"].value' },
        { op: 'remove', path: 'title' },
      ],
    });
    expect(JSON.stringify(patch)).not.toContain('null');
    expect(repeatsSafely(patch)).toBe(false);
  });

  it('is repeatable when it only replaces and removes', () => {
    expect(repeatsSafely(buildPatch({ active: true }, ['title']))).toBe(true);
  });
});
