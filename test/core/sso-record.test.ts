/** Roster's record on an IdP application: written into a free-text field, read back exactly. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  certificateRecord,
  DESCRIPTION_LIMIT,
  formatRecord,
  joinRecord,
  longestRecord,
  parseRecord,
  provisioningRecord,
} from '../../src/core/idp-record.js';

const RECORD = { 'roster.app': 'ringcentral', 'roster.onRemove': 'keep', 'roster.provisioning': '1a2b3c4d', 'roster.certificate': '0f1e2d3c4b5a6978' };

describe('the record', () => {
  it('is one readable tag after the text', () => {
    expect(joinRecord('Company phone system', RECORD)).toBe(
      'Company phone system [roster app=ringcentral onRemove=keep provisioning=1a2b3c4d certificate=0f1e2d3c4b5a6978]',
    );
    expect(joinRecord('', { 'roster.app': 'wiki' })).toBe('[roster app=wiki]');
    expect(joinRecord('Only text', {})).toBe('Only text');
  });

  it.each([
    ['text and tag', 'Company phone system [roster app=ringcentral onRemove=keep]', { text: 'Company phone system', record: { 'roster.app': 'ringcentral', 'roster.onRemove': 'keep' } }],
    ['tag only', '[roster app=wiki]', { text: '', record: { 'roster.app': 'wiki' } }],
    ['no tag', 'Phones [not ours]', { text: 'Phones [not ours]', record: {} }],
    ['a tag that is not at the end is text', '[roster app=wiki] Phones', { text: '[roster app=wiki] Phones', record: {} }],
    ['unknown fields are dropped', 'x [roster app=wiki owner=someone]', { text: 'x', record: { 'roster.app': 'wiki' } }],
    ['an empty tag is text', 'x [roster]', { text: 'x [roster]', record: {} }],
  ])('reads %s', (_, text, expected) => {
    expect(parseRecord(text)).toEqual(expected);
  });

  it('reads back what it wrote, for any text people write and any application name', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/);
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), name, fc.constantFrom('keep', 'deprovision'), (text, app, onRemove) => {
        const record = { 'roster.app': app, 'roster.onRemove': onRemove };
        const written = joinRecord(text, record);
        expect(parseRecord(written)).toEqual({ text: text.trim(), record });
      }),
    );
  });

  it('fits the field with the longest values, and says how much room it takes', () => {
    const full = formatRecord({ ...RECORD, 'roster.onRemove': 'deprovision' });
    expect(longestRecord('ringcentral')).toBe(full.length + 1);
    expect(DESCRIPTION_LIMIT - longestRecord('ringcentral')).toBeGreaterThan(150);
  });

  it('keeps a short digest of the SCIM URL, the same with or without a trailing slash', () => {
    expect(provisioningRecord('https://platform.ringcentral.com/scim/v2')).toMatch(/^[0-9a-f]{8}$/);
    expect(provisioningRecord('https://platform.ringcentral.com/scim/v2/')).toBe(provisioningRecord('https://platform.ringcentral.com/scim/v2'));
    expect(provisioningRecord('https://other.example.com/scim/v2')).not.toBe(provisioningRecord('https://platform.ringcentral.com/scim/v2'));
  });

  it('keeps the start of a certificate fingerprint', () => {
    expect(certificateRecord('41:A2:87:14:6E:FB:3D:EF:11:03:14:99:F8:BA:BF:27')).toBe('41a287146efb3def');
  });
});
