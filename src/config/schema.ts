/**
 * The configuration language: the single source of truth for what Roster accepts in
 * `configs/*.yaml`. schema.json and the key reference in docs/configuration.md are generated from
 * it, so every field carries a description and an example.
 *
 * The schema checks shapes and formats of one value at a time. Rules that need the catalog or
 * several values together (mappings, required attributes, credentials) live in the check-*.ts
 * modules.
 */
import * as z from 'zod';
import { DEFAULT_GROUP_BATCH_SIZE } from '../core/desired.js';
import { CATALOG_NAMES } from './catalog.js';
import { containsReference, idpUrlProblem, unresolvedUrlProblem, orgIdProblem, percentageProblem, PERCENTAGE, spMetadataProblem, webUrlProblem, type FormatProblem } from './schema-formats.js';

/** `${NAME}`: how a secret is written. Names follow the shell's rules. */
export const SECRET_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

const secretSchemas = new WeakSet<z.ZodType>();

/** Whether a schema holds a secret: its value must be an environment reference and is never shown. */
export function isSecretSchema(schema: z.ZodType): boolean {
  return secretSchemas.has(schema);
}

function secretReference(what: string, example: string): z.ZodString {
  const schema = z.string().meta({
    description: `${what}. Must be an environment reference such as \`\${NAME}\`: secrets never appear in configuration files.`,
    examples: [example],
    // For editors, which see the file before interpolation. Loading enforces the same rule.
    pattern: SECRET_REFERENCE.source,
  });
  secretSchemas.add(schema);
  return schema;
}

/**
 * A string checked by a format function, once any environment reference in it is resolved. The
 * problem's hint travels in the issue's params.
 */
function formatted(check: (value: string) => FormatProblem | undefined): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const problem = containsReference(value) ? unresolvedUrlProblem(value) : check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: { hint: problem.hint } });
  });
}

const webUrl = () => formatted(webUrlProblem);

/** SAML entity IDs are URIs of at most 1024 characters (SAML 2.0 core §8.3.6). */
const entityId = () => z.string().min(1).max(1024);

/** A directory property usable as a source; checked in detail by check-sources.ts. */
const directorySource = () => z.string().min(1);

/** SAML 2.0 NameID formats (SAML 2.0 core §8.3). */
const NAME_ID_FORMATS = [
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
] as const;

export const idpSchema = z
  .strictObject({
    type: z.literal('jumpcloud').meta({ description: 'The identity provider. Only `jumpcloud` is supported.', examples: ['jumpcloud'] }),
    url: formatted(idpUrlProblem)
      .default('https://console.jumpcloud.com')
      .meta({
        description:
          'Base URL of the JumpCloud API, without `/api`. Use `https://console.eu.jumpcloud.com` for the EU region; the sandbox prints its own.',
        examples: ['https://console.eu.jumpcloud.com'],
      }),
    apiKey: secretReference('JumpCloud API key, sent as `x-api-key`', '${JUMPCLOUD_API_KEY}'),
    orgId: formatted(orgIdProblem)
      .optional()
      .meta({
        description: 'Organisation id, sent as `x-org-id`. Needed by multi-tenant administrators only. May be an environment reference.',
        examples: ['${JUMPCLOUD_ORG_ID}'],
      }),
  })
  .meta({ description: 'The identity provider Roster reads people from and writes SSO applications to.' });

const samlAttributes = () =>
  z.record(z.string().min(1), directorySource().nullable()).meta({
    description:
      'SAML attribute statements: attribute name -> directory property, written as in mappings. Merged over the catalog’s; `~` (null) removes a catalog attribute.',
    examples: [{ email: 'email', number: 'attributes.directNumber' }],
  });

const ssoSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .meta({ description: 'Whether single sign-on is active on the IdP application. `false` deactivates it and keeps its settings.', examples: [false] }),
    ssoUrl: webUrl()
      .optional()
      .meta({
        description:
          'The IdP URL of the application. Default: `https://sso.jumpcloud.com/saml2/<name>`. Cannot change after creation: changing it replaces the application (`--allow replace:<app>`).',
        examples: ['https://sso.jumpcloud.com/saml2/ringcentral'],
      }),
    spMetadata: formatted(spMetadataProblem)
      .min(1)
      .optional()
      .meta({
        description:
          'The service provider’s SAML metadata: a file, relative to the YAML file that names it, or an https URL. SP entity ID and ACS URL are read from it unless set here.',
        examples: ['metadata/ringcentral-sp.xml'],
      }),
    spEntityId: entityId()
      .optional()
      .meta({ description: 'SP entity ID (the audience). Default: from `spMetadata`, else the catalog’s.', examples: ['https://sso.ringcentral.com'] }),
    acsUrl: webUrl()
      .optional()
      .meta({
        description: 'Assertion Consumer Service URL the IdP posts assertions to. Default: from `spMetadata`, else the catalog’s.',
        examples: ['https://sso.ringcentral.com/sp/ACS.saml2'],
      }),
    idpEntityId: entityId()
      .optional()
      .meta({ description: 'The IdP entity ID (issuer) the application expects.', examples: ['https://sso.jumpcloud.com/saml2/ringcentral'] }),
    idpInitUrl: webUrl()
      .optional()
      .meta({ description: 'IdP-initiated login URL of the application.', examples: ['https://sso.jumpcloud.com/saml2/ringcentral-login'] }),
    defaultRelayState: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'RelayState sent with IdP-initiated logins: where the application lands the user.', examples: ['https://service.ringcentral.com/mobile/ssoLogin'] }),
    signAssertion: z.boolean().optional().meta({ description: 'Whether the IdP signs the SAML assertion.', examples: [true] }),
    signResponse: z.boolean().optional().meta({ description: 'Whether the IdP signs the whole SAML response.', examples: [false] }),
    signatureAlgorithm: z
      .enum(['RSA-SHA256', 'RSA-SHA1'])
      .optional()
      .meta({ description: 'Signature algorithm of assertions and responses.', examples: ['RSA-SHA256'] }),
    nameId: z
      .enum(['email', 'username'])
      .optional()
      .meta({ description: 'Directory property sent as the assertion subject’s NameID.', examples: ['email'] }),
    nameIdFormat: z
      .enum(NAME_ID_FORMATS)
      .optional()
      .meta({ description: 'Format declared for the NameID (SAML 2.0 core §8.3).', examples: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'] }),
    groupsAttribute: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'When set, assertions carry the user’s group names in an attribute of this name.', examples: ['memberOf'] }),
    attributes: samlAttributes().optional(),
    constantAttributes: z
      .record(z.string().min(1), z.string())
      .optional()
      .meta({ description: 'SAML attribute statements with a fixed value: attribute name -> text.', examples: [{ region: 'US' }] }),
  })
  .meta({ description: 'SAML single sign-on settings of the application in the IdP. Omit to leave the IdP application alone; `{}` takes every default.' });

const authSchema = z
  .strictObject({
    clientId: z
      .string()
      .min(1)
      .meta({ description: 'OAuth client id of the RingCentral app. Not a secret; may be an environment reference.', examples: ['${RINGCENTRAL_CLIENT_ID}'] }),
    clientSecret: secretReference('OAuth client secret of the RingCentral app', '${RINGCENTRAL_CLIENT_SECRET}'),
    jwt: secretReference('RingCentral JWT credential, exchanged for short-lived access tokens', '${RINGCENTRAL_JWT}'),
  })
  .meta({ description: 'RingCentral JWT grant: exchanged for short-lived access tokens, renewed before they expire.' });

const maxDeprovisionSchema = z
  .union([z.number().int().min(0), formatted(percentageProblem).meta({ pattern: PERCENTAGE.source })], {
    error: 'expected a count such as 5 or a percentage such as "10%"',
  })
  .meta({
    description:
      'Most accounts one apply may deactivate or delete without `--allow deprovision:<app>`: a count, or a percentage of the application’s managed accounts. Default 10%, never fewer than 5.',
    examples: ['10%', 25],
  });

const safetySchema = z
  .strictObject({
    maxDeprovision: maxDeprovisionSchema.optional(),
    maxRename: maxDeprovisionSchema
      .meta({
        description:
          'Most existing accounts one apply may give a new userName without `--allow rename:<app>`: a count, or a percentage of the application’s managed accounts. Default 10%, never fewer than 5. A userName is what the user signs in with, and RingCentral matches SSO on it.',
        examples: ['10%', 3],
      })
      .optional(),
    protect: z
      .array(z.string().min(1))
      .default([])
      .meta({ description: 'userNames or emails never deprovisioned without `--allow protected:<app>`.', examples: [['admin@example.com']] }),
  })
  .meta({ description: 'Limits that make apply stop and ask for an acknowledgement.' });

/** The placeholder of `groupDisplayName`: the IdP group's name. */
export const GROUP_PLACEHOLDER = '{group}';
export const DEFAULT_GROUP_DISPLAY_NAME = GROUP_PLACEHOLDER;
/** Most members one request adds or removes (PATCH operations on a group). */
export const MAX_GROUP_BATCH_SIZE = 1000;

/**
 * A template's placeholders are `{name}` with a name as in environment variables; other braces
 * are text. For editors, which see no loading rules: only `{group}` may appear.
 */
const TEMPLATE_WITH_GROUP_ONLY = /^(?:[^{]|\{(?![A-Za-z_][A-Za-z0-9_]*\})|\{group\})*$/;

const idpGroupName = () => z.string().min(1);

const provisionedGroupSchema = z
  .union(
    [
      idpGroupName().meta({ description: 'An IdP user group, by name; its target group is named after `groupDisplayName`.', examples: ['Sales'] }),
      z
        .strictObject({
          name: idpGroupName().meta({ description: 'The IdP user group, by name.', examples: ['Support Leads'] }),
          displayName: z
            .string()
            .min(1)
            .optional()
            .meta({ description: 'The target group’s displayName, taken as written. Default: from `groupDisplayName`.', examples: ['Support leads'] }),
        })
        .meta({ description: 'An IdP user group and the displayName of its group in the target.' }),
    ],
    { error: 'expected an IdP group name, or a mapping with `name` and `displayName`' },
  )
  .meta({ description: 'An IdP user group to provision: its name, or `{name, displayName}`.' });

const provisionedGroupsSchema = z
  .union([z.enum(['bound', 'none']), z.array(provisionedGroupSchema)], {
    error: 'expected `bound`, `none` or a list of IdP groups',
  })
  .optional()
  .meta({
    description:
      'Which IdP user groups become groups in the target (SCIM /Groups): `bound`, the application’s `groups`; `none`, no group (groups Roster created are deleted, with `--allow delete-group:<app>`); or a list of IdP groups, each bound or nested in a bound group. Ignored by targets without /Groups.',
    examples: [['Sales', { name: 'Support Leads', displayName: 'Support leads' }], 'none'],
    default: 'bound',
  });

const groupDisplayNameSchema = z
  .string()
  .min(1)
  .optional()
  .meta({
    description:
      'The displayName of each provisioned group that sets none of its own: `{group}` stands for the IdP group’s name.',
    examples: ['JumpCloud {group}'],
    default: DEFAULT_GROUP_DISPLAY_NAME,
    pattern: TEMPLATE_WITH_GROUP_ONLY.source,
  });

const groupBatchSizeSchema = z
  .number()
  .int()
  .min(1)
  .max(MAX_GROUP_BATCH_SIZE)
  .optional()
  .meta({
    description: `Most members one request adds to or removes from a group, 1 to ${MAX_GROUP_BATCH_SIZE}.`,
    examples: [50],
    default: DEFAULT_GROUP_BATCH_SIZE,
  });

const provisioningSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .meta({ description: 'Whether Roster provisions accounts in this application. `false` stops provisioning and needs no credentials.', examples: [false] }),
    url: webUrl()
      .optional()
      .meta({ description: 'SCIM 2.0 base URL. Default: the catalog’s (required for `scim`).', examples: ['https://platform.ringcentral.com/scim/v2'] }),
    token: secretReference('A long-lived SCIM bearer token. Exactly one of `token` and `auth`', '${SCIM_TOKEN}').optional(),
    auth: authSchema.optional(),
    mappings: z
      .record(z.string().min(1), directorySource().nullable())
      .optional()
      .meta({
        description:
          'SCIM attribute path -> directory property. Merged over the catalog’s mappings: an entry replaces the catalog’s for the same path, and `~` (null) removes it.',
        examples: [{ 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department': 'department', 'phoneNumbers[]': null }],
      }),
    deprovision: z
      .enum(['deactivate', 'delete'])
      .default('deactivate')
      .meta({ description: 'What happens to an account when its user loses access.', examples: ['delete'] }),
    onRemove: z.enum(['keep', 'deprovision']).default('keep').meta({
      description:
        'What happens to the accounts Roster manages here once this application is removed from the configuration: `keep` leaves them, `deprovision` applies `deprovision` to each.',
      examples: ['deprovision'],
    }),
    safety: safetySchema.default({ protect: [] }),
    groups: provisionedGroupsSchema,
    groupDisplayName: groupDisplayNameSchema,
    groupBatchSize: groupBatchSizeSchema,
  })
  .meta({ description: 'SCIM 2.0 provisioning of accounts in the application.' });

export const APPLICATION_NAME = /^[a-z][a-z0-9-]*$/;

export const applicationSchema = z
  .strictObject({
    catalog: z.enum(CATALOG_NAMES).meta({ description: 'Defaults for SSO, mappings and the target’s rules (see "Catalogs").', examples: ['ringcentral'] }),
    label: z
      .string()
      .min(1)
      .optional()
      .meta({
        description: 'Label in the IdP user portal; Roster finds the IdP application by it, so it is unique. Default: the application’s name.',
        examples: ['RingCentral'],
      }),
    description: z
      .string()
      .max(256)
      .optional()
      .meta({
        description: 'Description in the IdP. Roster keeps its record of the IdP application after it, in the same 256 characters: with `sso`, the description is shorter by about 90 characters.',
        examples: ['Company phone system'],
      }),
    portal: z.enum(['visible', 'hidden']).default('visible').meta({ description: 'Whether the application shows in the user portal.', examples: ['hidden'] }),
    groups: z
      .array(z.string().min(1))
      .default([])
      .meta({ description: 'User groups bound to the application: only their members (direct or nested) get access.', examples: [['Sales', 'Support']] }),
    sso: ssoSchema.optional(),
    provisioning: provisioningSchema.optional(),
  })
  .meta({ description: 'One SSO application, keyed by Roster’s name for it (lower-case letters, digits and dashes).' });

export const configSchema = z
  .strictObject({
    idp: idpSchema,
    applications: z
      .record(z.string().regex(APPLICATION_NAME), applicationSchema)
      .default({})
      .meta({
        description: 'The SSO applications Roster manages, by name. Applications may be spread over several files.',
        examples: [{ wiki: { catalog: 'scim', groups: ['Engineering'], provisioning: { url: 'https://wiki.example.com/scim/v2', token: '${WIKI_SCIM_TOKEN}' } } }],
      }),
  })
  .meta({ title: 'Roster configuration', description: 'Roster configuration: every *.yaml file in the configuration folder together.' });

export type RosterConfig = z.output<typeof configSchema>;
export type ApplicationConfig = z.output<typeof applicationSchema>;
export type SsoConfig = z.output<typeof ssoSchema>;
export type ProvisioningConfig = z.output<typeof provisioningSchema>;

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}
