/**
 * What a service provider needs from the IdP application beyond its metadata, declared as data
 * per catalog and checked centrally by checks.ts. Metadata cannot say these things: SAML has no
 * element for "matches users by email" or "accepts IdP-initiated login".
 */
export type LoginFlow = 'sp-initiated' | 'idp-initiated';

export interface AttributeRequirement {
  /** The SAML attribute name (`attributes.<name>` in the flat settings). */
  readonly name: string;
  /** How bad its absence is. */
  readonly severity: 'error' | 'warning';
  /** The directory property it should come from; another source is a warning. */
  readonly source?: string;
  /** Why the service provider needs it, with the reference. */
  readonly reason: string;
}

export interface SpRequirements {
  readonly attributes: readonly AttributeRequirement[];
  /** The login flows the service provider documents. */
  readonly loginFlows: readonly LoginFlow[];
}

const BOTH_FLOWS: readonly LoginFlow[] = ['sp-initiated', 'idp-initiated'];

/** No requirement known: nothing is checked beyond the metadata. */
export const NO_SP_REQUIREMENTS: SpRequirements = { attributes: [], loginFlows: BOTH_FLOWS };

export const SP_REQUIREMENTS: Readonly<Record<string, SpRequirements>> = {
  ringcentral: {
    attributes: [
      {
        name: 'email',
        severity: 'error',
        source: 'email',
        reason: 'RingCentral matches the SAML assertion to a user by email, and that email must be the user’s RingCentral contact email (ringcentral-scim.md §5)',
      },
      {
        // A warning, not an error: the requirement is stated in JumpCloud's RingCentral guide,
        // not in RingCentral's own documentation.
        name: 'number',
        severity: 'warning',
        reason: 'JumpCloud’s RingCentral guide requires a `number` attribute for SSO (jumpcloud-api.md §7)',
      },
    ],
    // Both flows are in use: SP-initiated from RingCentral's SSO login page, IdP-initiated from
    // the IdP's portal (ringcentral-scim.md §5, "Flow").
    loginFlows: BOTH_FLOWS,
  },
};

export function spRequirementsFor(catalog: string): SpRequirements {
  return SP_REQUIREMENTS[catalog] ?? NO_SP_REQUIREMENTS;
}
