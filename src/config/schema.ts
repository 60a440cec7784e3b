/**
 * The configuration language: the single source of truth for what Roster accepts in
 * `configs/*.yaml`. schema.json and docs are generated from it; every field carries a description.
 */
import { z } from 'zod';

/** `${NAME}`: secrets are only ever referenced, never written in the YAML. */
export const SECRET_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

const secretReference = (what: string) =>
  z
    .string()
    .describe(`${what}. Must be an environment reference such as \`\${NAME}\`: secrets never appear in configuration files.`);

export const idpSchema = z
  .strictObject({
    type: z.literal('jumpcloud').describe('The identity provider. Only `jumpcloud` is supported.'),
    url: z
      .string()
      .default('https://console.jumpcloud.com')
      .describe('Base URL of the IdP API (without `/api`). Use `https://console.eu.jumpcloud.com` for the EU region; the sandbox prints its own.'),
    apiKey: secretReference('JumpCloud API key, sent as `x-api-key`'),
    orgId: z.string().optional().describe('Organisation id, sent as `x-org-id`. Required for multi-tenant administrators only.'),
  })
  .describe('The identity provider Roster reads people from and writes SSO applications to.');

const ssoSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether single sign-on is active on the IdP application.'),
    ssoUrl: z
      .string()
      .optional()
      .describe('The IdP URL of the application, e.g. `https://sso.jumpcloud.com/saml2/ringcentral`. Cannot change after creation: a change replaces the application.'),
    spMetadata: z.string().optional().describe('The service provider metadata: a file relative to the YAML file, or an https URL.'),
    spEntityId: z.string().optional().describe('SP entity ID (audience). Taken from the SP metadata or the catalog when omitted.'),
    acsUrl: z.string().optional().describe('Assertion Consumer Service URL. Taken from the SP metadata or the catalog when omitted.'),
    idpEntityId: z.string().optional().describe('IdP entity ID the application expects.'),
    attributes: z
      .record(z.string(), z.string())
      .optional()
      .describe('SAML attribute statements: attribute name -> directory property. Merged over the catalog’s.'),
  })
  .describe('SAML single sign-on settings of the application in the IdP.');

const authSchema = z
  .strictObject({
    clientId: z.string().describe('OAuth client id of the RingCentral app, usually an environment reference such as `${RINGCENTRAL_CLIENT_ID}`.'),
    clientSecret: secretReference('OAuth client secret of the RingCentral app'),
    jwt: secretReference('RingCentral JWT credential, exchanged for short-lived access tokens'),
  })
  .describe('RingCentral JWT grant: exchanged for short-lived access tokens, renewed before they expire.');

const maxDeprovisionSchema = z
  .union([z.number().int().min(0), z.string().regex(/^\d+(\.\d+)?%$/, 'a count or a percentage such as "10%"')])
  .describe('Most accounts one apply may deactivate or delete: a count, or a percentage of the app’s managed accounts. Default 10%, never fewer than 5.');

const provisioningSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Whether Roster provisions accounts in this application.'),
    url: z.string().optional().describe('SCIM 2.0 base URL. Defaults to the catalog’s.'),
    token: secretReference('A long-lived SCIM bearer token').optional(),
    auth: authSchema.optional(),
    mappings: z
      .record(z.string(), z.string())
      .optional()
      .describe('SCIM attribute path -> directory property. Merged over the catalog’s mappings.'),
    deprovision: z
      .enum(['deactivate', 'delete'])
      .default('deactivate')
      .describe('What happens to an account when its user loses access.'),
    safety: z
      .strictObject({
        maxDeprovision: maxDeprovisionSchema.optional(),
        protect: z.array(z.string()).default([]).describe('userNames or emails that are never deprovisioned without `--allow protected:<app>`.'),
      })
      .default({ protect: [] })
      .describe('Limits that make apply stop and ask for an acknowledgement.'),
  })
  .describe('SCIM 2.0 provisioning of accounts in the application.');

export const applicationSchema = z
  .strictObject({
    catalog: z.enum(['ringcentral', 'scim']).describe('Defaults for SSO, mappings and the target’s rules.'),
    label: z.string().optional().describe('Label shown in the IdP user portal. Defaults to the application’s name.'),
    description: z.string().max(256).optional().describe('Description in the IdP (at most 256 characters).'),
    portal: z.enum(['visible', 'hidden']).default('visible').describe('Whether the application shows in the user portal.'),
    groups: z.array(z.string()).default([]).describe('User groups bound to the application: only their members get access.'),
    sso: ssoSchema.optional(),
    provisioning: provisioningSchema.optional(),
  })
  .describe('One SSO application.');

export const configSchema = z
  .strictObject({
    idp: idpSchema,
    applications: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'), applicationSchema).default({}),
  })
  .describe('Roster configuration: every *.yaml file in the config folder together.');

export type RosterConfig = z.output<typeof configSchema>;
export type ApplicationConfig = z.output<typeof applicationSchema>;
export type ProvisioningConfig = z.output<typeof provisioningSchema>;

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
}
