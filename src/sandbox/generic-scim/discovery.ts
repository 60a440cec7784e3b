import { HttpError, json } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import { BASE_PATH, ENTERPRISE_SCHEMA, GROUP_SCHEMA, MAX_COUNT, USER_SCHEMA } from './constants.js';
import { listResponse } from './paging.js';
import type { GenericScimSwitches } from './switches.js';

interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default' | 'request';
  uniqueness?: 'none' | 'server';
  referenceTypes?: string[];
  subAttributes?: Attribute[];
}

/** An attribute definition with every characteristic RFC 7643 §7 lists, defaults from §2.2. */
function attribute(a: Attribute): Record<string, unknown> {
  return {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: a.name,
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? 'readWrite',
    returned: a.returned ?? 'default',
    uniqueness: a.uniqueness ?? 'none',
    ...(a.referenceTypes ? { referenceTypes: a.referenceTypes } : {}),
    ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attribute) } : {}),
  };
}

const text = (name: string, extra: Partial<Attribute> = {}): Attribute => ({ name, type: 'string', ...extra });
const multi = (name: string, sub: Attribute[] = []): Attribute => ({
  name,
  type: 'complex',
  multiValued: true,
  subAttributes: [text('value'), text('display'), text('type'), { name: 'primary', type: 'boolean' }, ...sub],
});

/** The core User schema (RFC 7643 §4.1, §8.7.1), minimal: the attributes this target interprets. */
const USER_ATTRIBUTES: Attribute[] = [
  text('userName', { required: true, uniqueness: 'server' }),
  text('externalId', { caseExact: true }),
  {
    name: 'name',
    type: 'complex',
    subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => text(n)),
  },
  text('displayName'),
  text('nickName'),
  text('title'),
  text('userType'),
  text('preferredLanguage'),
  text('locale'),
  text('timezone'),
  { name: 'active', type: 'boolean' },
  text('password', { mutability: 'writeOnly', returned: 'never' }),
  multi('emails'),
  multi('phoneNumbers'),
  {
    name: 'addresses',
    type: 'complex',
    multiValued: true,
    subAttributes: [...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((n) => text(n)), { name: 'primary', type: 'boolean' }],
  },
  multi('roles'),
  multi('entitlements'),
];

/** The Group schema (RFC 7643 §4.2, §8.7.1): members are users here. */
const GROUP_ATTRIBUTES: Attribute[] = [
  text('displayName', { required: true, uniqueness: 'server' }),
  text('externalId', { caseExact: true }),
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    subAttributes: [
      text('value', { mutability: 'immutable', caseExact: true }),
      { name: '$ref', type: 'reference', mutability: 'immutable', referenceTypes: ['User'] },
      text('display', { mutability: 'readOnly' }),
      text('type', { mutability: 'immutable' }),
    ],
  },
];

/** The enterprise User extension (RFC 7643 §4.3). */
const ENTERPRISE_ATTRIBUTES: Attribute[] = [
  text('employeeNumber'),
  text('costCenter'),
  text('organization'),
  text('division'),
  text('department'),
  {
    name: 'manager',
    type: 'complex',
    subAttributes: [text('value'), { name: '$ref', type: 'reference', referenceTypes: ['User'] }, text('displayName', { mutability: 'readOnly' })],
  },
];

/** `/ServiceProviderConfig`, `/ResourceTypes` and `/Schemas` (RFC 7644 §4; RFC 7643 §5, §6, §7). */
export function registerDiscovery(router: Router, ctx: SandboxContext, switches: GenericScimSwitches): void {
  const base = (): string => `${ctx.baseUrl()}${BASE_PATH}`;
  const schema = (id: string, name: string, description: string, attributes: Attribute[]): Record<string, unknown> => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id,
    name,
    description,
    attributes: attributes.map(attribute),
    meta: { resourceType: 'Schema', location: `${base()}/Schemas/${id}` },
  });
  const schemas = (): Record<string, unknown>[] => [
    schema(USER_SCHEMA, 'User', 'User Account', USER_ATTRIBUTES),
    schema(GROUP_SCHEMA, 'Group', 'Group', GROUP_ATTRIBUTES),
    schema(ENTERPRISE_SCHEMA, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES),
  ];
  const resourceTypes = (): Record<string, unknown>[] => [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: 'ResourceType', location: `${base()}/ResourceTypes/User` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'Group',
      schema: GROUP_SCHEMA,
      meta: { resourceType: 'ResourceType', location: `${base()}/ResourceTypes/Group` },
    },
  ];

  /**
   * RFC 7643 §5: PATCH as the `patch` switch says; filtering with `maxResults` (the page-size cap);
   * no bulk, sort, etag or password change; a static OAuth bearer token (RFC 6750).
   */
  router.add('GET', `${BASE_PATH}/ServiceProviderConfig`, () =>
    json(200, {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
      patch: { supported: switches.get().patch },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: MAX_COUNT },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: 'oauthbearertoken',
          name: 'OAuth Bearer Token',
          description: 'A static bearer token in the Authorization header',
          specUri: 'https://www.rfc-editor.org/info/rfc6750',
          primary: true,
        },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${base()}/ServiceProviderConfig` },
    }),
  );

  router.add('GET', `${BASE_PATH}/ResourceTypes`, () => {
    const all = resourceTypes();
    return json(200, listResponse(all.length, { start: 1, count: all.length }, all));
  });
  router.add('GET', `${BASE_PATH}/ResourceTypes/:id`, (req) => {
    const found = resourceTypes().find((t) => t.id === req.params.id);
    if (!found) throw new HttpError(404, `Resource type not found: ${req.params.id ?? ''}`);
    return json(200, found);
  });
  router.add('GET', `${BASE_PATH}/Schemas`, () => {
    const all = schemas();
    return json(200, listResponse(all.length, { start: 1, count: all.length }, all));
  });
  router.add('GET', `${BASE_PATH}/Schemas/:id`, (req) => {
    const found = schemas().find((s) => s.id === req.params.id);
    if (!found) throw new HttpError(404, `Schema not found: ${req.params.id ?? ''}`);
    return json(200, found);
  });
}
