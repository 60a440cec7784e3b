/**
 * The SCIM 2.0 User resource as data: the core schema (RFC 7643 §4.1, with the common attributes
 * of §3.1) and the enterprise extension (§4.3). Mapping targets are checked against it.
 */

/**
 * Who writes an attribute. `readOnly` is the service provider's; `writeOnly` is never read back;
 * `roster` means Roster sets it itself and a mapping would fight it.
 */
export type Writer = 'mapping' | 'readOnly' | 'writeOnly' | 'roster';

export interface ScimAttribute {
  readonly multiValued?: true;
  /** Sub-attributes of a complex attribute (or of each value of a multi-valued one). */
  readonly subAttributes?: Readonly<Record<string, Writer>>;
  readonly writer?: Writer;
  /** Why Roster sets the attribute itself (for `writer: roster`). */
  readonly why?: string;
}

/** Sub-attributes of multi-valued values; `type` comes from the filter, `primary` is not text. */
const VALUE_SUBS: Readonly<Record<string, Writer>> = { value: 'mapping', display: 'readOnly', type: 'readOnly', primary: 'readOnly' };

export const CORE_USER_ATTRIBUTES: Readonly<Record<string, ScimAttribute>> = {
  id: { writer: 'readOnly' },
  externalId: { writer: 'roster', why: 'it links each account to its IdP user' },
  meta: { writer: 'readOnly' },
  userName: {},
  name: {
    subAttributes: { formatted: 'mapping', familyName: 'mapping', givenName: 'mapping', middleName: 'mapping', honorificPrefix: 'mapping', honorificSuffix: 'mapping' },
  },
  displayName: {},
  nickName: {},
  profileUrl: {},
  title: {},
  userType: {},
  preferredLanguage: {},
  locale: {},
  timezone: {},
  active: { writer: 'roster', why: 'it follows the user’s state in the IdP' },
  password: { writer: 'writeOnly' },
  emails: { multiValued: true, subAttributes: VALUE_SUBS },
  phoneNumbers: { multiValued: true, subAttributes: VALUE_SUBS },
  ims: { multiValued: true, subAttributes: VALUE_SUBS },
  photos: { multiValued: true, subAttributes: VALUE_SUBS },
  addresses: {
    multiValued: true,
    subAttributes: {
      formatted: 'mapping',
      streetAddress: 'mapping',
      locality: 'mapping',
      region: 'mapping',
      postalCode: 'mapping',
      country: 'mapping',
      type: 'readOnly',
      primary: 'readOnly',
    },
  },
  groups: { multiValued: true, writer: 'readOnly' },
  entitlements: { multiValued: true, subAttributes: VALUE_SUBS },
  roles: { multiValued: true, subAttributes: VALUE_SUBS },
  x509Certificates: { multiValued: true, subAttributes: VALUE_SUBS },
};

export const ENTERPRISE_USER_ATTRIBUTES: Readonly<Record<string, ScimAttribute>> = {
  employeeNumber: {},
  costCenter: {},
  organization: {},
  division: {},
  department: {},
  manager: { subAttributes: { value: 'mapping', $ref: 'mapping', displayName: 'readOnly' } },
};
