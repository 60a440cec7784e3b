import { HttpError, json, type SandboxRequest } from '../http.js';
import type { SandboxContext } from '../context.js';
import type { Router } from '../router.js';
import { MAX_COUNT } from './users.js';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './user-model.js';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference';
  multiValued?: boolean;
  required?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  uniqueness?: 'none' | 'server';
  canonicalValues?: string[];
  subAttributes?: Attribute[];
}

/** Fills in the characteristics `ScimSchemaAttribute` requires (RFC 7643 §2.2 defaults). */
function attribute(a: Attribute): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    required: a.required ?? false,
    caseExact: false,
    mutability: a.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: a.uniqueness ?? 'none',
  };
  if (a.canonicalValues) out.canonicalValues = a.canonicalValues;
  if (a.subAttributes) out.subAttributes = a.subAttributes.map(attribute);
  return out;
}

const typed = (types: string[], extra: Attribute[] = []): Attribute[] => [
  { name: 'type', type: 'string', required: true, canonicalValues: types },
  { name: 'value', type: 'string', required: true },
  ...extra,
];

/**
 * The User schema as RingCentral supports it (docs/vendors/ringcentral.md §2 field table): no
 * displayName, no formatted/middle names; one `work` email; phones work|mobile|other with work and
 * other server-managed (readOnly here would forbid mobile, so the attribute stays readWrite);
 * `work` addresses; and an enterprise extension holding `department` only.
 */
const USER_ATTRIBUTES: Attribute[] = [
  { name: 'userName', type: 'string', required: true, uniqueness: 'server' },
  { name: 'externalId', type: 'string' },
  {
    name: 'name',
    type: 'complex',
    required: true,
    subAttributes: [
      { name: 'givenName', type: 'string', required: true },
      { name: 'familyName', type: 'string', required: true },
    ],
  },
  { name: 'emails', type: 'complex', multiValued: true, required: true, subAttributes: typed(['work'], [{ name: 'primary', type: 'boolean', mutability: 'readOnly' }]) },
  { name: 'phoneNumbers', type: 'complex', multiValued: true, subAttributes: typed(['work', 'mobile', 'other'], [{ name: 'primary', type: 'boolean', mutability: 'readOnly' }]) },
  {
    name: 'addresses',
    type: 'complex',
    multiValued: true,
    subAttributes: [
      { name: 'type', type: 'string', required: true, canonicalValues: ['work'] },
      { name: 'streetAddress', type: 'string' },
      { name: 'locality', type: 'string' },
      { name: 'region', type: 'string' },
      { name: 'postalCode', type: 'string' },
      { name: 'country', type: 'string' },
      { name: 'primary', type: 'boolean', mutability: 'readOnly' },
    ],
  },
  { name: 'active', type: 'boolean' },
  { name: 'title', type: 'string' },
  { name: 'photos', type: 'complex', multiValued: true, subAttributes: typed(['photo']) },
];

export function registerDiscovery(router: Router, ctx: SandboxContext): void {
  const scim = (): string => `${ctx.baseUrl()}/scim/v2`;
  const schemas = (): Record<string, unknown>[] => [
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: USER_SCHEMA,
      name: 'User',
      description: 'User Account',
      attributes: USER_ATTRIBUTES.map(attribute),
      meta: { resourceType: 'Schema', location: `${scim()}/Schemas/${USER_SCHEMA}` },
    },
    {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: ENTERPRISE_SCHEMA,
      name: 'EnterpriseUser',
      description: 'Enterprise User',
      attributes: [attribute({ name: 'department', type: 'string' })],
      meta: { resourceType: 'Schema', location: `${scim()}/Schemas/${ENTERPRISE_SCHEMA}` },
    },
  ];
  const userType = (): Record<string, unknown> => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account',
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
    meta: { resourceType: 'ResourceType', location: `${scim()}/ResourceTypes/User` },
  });
  const list = (resources: Record<string, unknown>[]): Record<string, unknown> => ({
    schemas: [LIST_RESPONSE],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  });
  /** Spec: `ResourceTypes` and `Schemas` answer 403 "Filtering is not allowed" to a filter. */
  const refuseFilter = (req: SandboxRequest): void => {
    if (req.query.has('filter')) throw new HttpError(403, 'Filtering is not allowed');
  };

  /**
   * What RingCentral supports (docs/vendors/ringcentral.md §1.1): PATCH and filtering work (per the spec's
   * operations) with `filter.maxResults` 200 (the one figure in the references); no bulk, etag,
   * sort or password change; OAuth bearer tokens.
   */
  router.add(
    'GET',
    '/scim/v2/ServiceProviderConfig',
    () =>
      json(200, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: MAX_COUNT },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        xmlDataFormat: { supported: false },
        authenticationSchemes: [
          {
            type: 'oauthbearertoken',
            name: 'OAuth Bearer Token',
            description: 'Authentication with a RingCentral OAuth 2.0 access token',
            specUri: 'https://www.rfc-editor.org/info/rfc6750',
            documentationUri: 'https://developers.ringcentral.com/guide/authentication',
            primary: true,
          },
        ],
        meta: { resourceType: 'ServiceProviderConfig', location: `${scim()}/ServiceProviderConfig` },
      }),
    { group: 'Light' },
  );

  router.add(
    'GET',
    '/scim/v2/ResourceTypes',
    (req) => {
      refuseFilter(req);
      return json(200, list([userType()]));
    },
    { group: 'Light' },
  );
  router.add(
    'GET',
    '/scim/v2/ResourceTypes/:type',
    (req) => {
      if (req.params.type !== 'User') throw new HttpError(404, `Resource type not found: ${req.params.type ?? ''}`);
      return json(200, userType());
    },
    { group: 'Light' },
  );
  router.add(
    'GET',
    '/scim/v2/Schemas',
    (req) => {
      refuseFilter(req);
      return json(200, list(schemas()));
    },
    { group: 'Light' },
  );
  router.add(
    'GET',
    '/scim/v2/Schemas/:uri',
    (req) => {
      const found = schemas().find((s) => s.id === req.params.uri);
      if (!found) throw new HttpError(404, `Schema not found: ${req.params.uri ?? ''}`);
      return json(200, found);
    },
    { group: 'Light' },
  );
}
