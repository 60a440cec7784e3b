/**
 * What an extension record's `contact` (ContactInfo, spec/vendors/ringcentral-scim.subset.yaml)
 * tells about the SCIM attributes list items omit: its businessAddress is the work address, its
 * mobilePhone the mobile phone (docs/vendors/ringcentral.md §1.2, §3); a field it lacks is unknown.
 */
import { describe, expect, it } from 'vitest';
import { omittedFromContact } from '../../../src/providers/ringcentral/extensions.js';

describe('omittedFromContact', () => {
  it.each([
    ['no contact', undefined, {}, { addresses: 'contact', phoneNumbers: 'contact' }],
    ['an empty contact', {}, {}, { addresses: 'contact.businessAddress', phoneNumbers: 'contact.mobilePhone' }],
    [
      'an address and a mobile phone',
      { mobilePhone: '+14155550101', businessAddress: { street: '1 Main St', city: 'San Francisco', state: 'CA', zip: '94105', country: 'United States' } },
      {
        addresses: [{ type: 'work', streetAddress: '1 Main St', locality: 'San Francisco', region: 'CA', postalCode: '94105', country: 'United States' }],
        phoneNumbers: [{ type: 'mobile', value: '+14155550101' }],
      },
      {},
    ],
    ['an address without a mobile phone', { businessAddress: { city: 'Denver', country: 'US' } }, { addresses: [{ type: 'work', locality: 'Denver', country: 'US' }] }, { phoneNumbers: 'contact.mobilePhone' }],
    ['empty values: no address, no mobile phone', { mobilePhone: '', businessAddress: {} }, { addresses: [], phoneNumbers: [] }, {}],
  ])('%s', (_name, contact, values, missing) => {
    expect(omittedFromContact(contact)).toEqual({ values, missing });
  });
});
