/**
 * RingCentral's errors as failure classes, each with what the admin can do (docs/vendors/ringcentral.md §3):
 * - 403 "License limit has been reached." — no unassigned extension with a DigitalLine (RC-COMM);
 * - 409 "Duplicate email" (scimType `uniqueness`) — the email is taken, by a user or a call queue (RC-KB 6748);
 * - 400 `invalidValue` on `extension.contact.businessAddress.*` — an address part RingCentral refuses;
 * - a pending account (NotActivated) cannot be updated, only deleted (§3 "Lifecycle rules");
 * - 403 otherwise — the token's user lacks User Admin rights (§1: EditAccounts; docs/vendors/jumpcloud.md §7);
 * - 401 — `OAU-*` codes: the token is invalid, expired or unknown.
 */
import type { StatusClassifier } from '../http/errors.js';

export const classifyRingCentralError: StatusClassifier = (status, error) => {
  const detail = error.detail ?? '';
  if (status === 403 && /licen[cs]e limit/i.test(detail)) {
    return { failureClass: 'licence-exhausted', hint: 'RingCentral has no free licence (DigitalLine): add one in the admin portal, then run apply again' };
  }
  if (status === 409 || error.code === 'uniqueness') {
    return {
      failureClass: 'duplicate',
      hint: 'another RingCentral user or call queue already uses this email: free it in the admin portal, or remove its externalId there so that Roster can adopt it',
    };
  }
  if (status === 400 && /businessAddress/i.test(detail)) {
    return { failureClass: 'invalid-value', hint: "RingCentral refused part of the user's address: correct it in the IdP (country, state or region), then run apply again" };
  }
  if (status === 400 && (error.code === 'mutability' || /not activated|pending/i.test(detail))) {
    return { failureClass: 'pending', hint: 'the account awaits activation by its owner (activation email): it can be deleted, but not changed until then' };
  }
  if (status === 403) {
    return {
      failureClass: 'forbidden',
      hint: "RingCentral refused the request: if every write fails so, the app's user needs the User Admin role (EditAccounts) and Directory Integrations must be set to SCIM",
    };
  }
  if (status === 401) {
    return { failureClass: 'unauthorized', hint: 'RingCentral rejected the credentials: check provisioning.auth (clientId, clientSecret, jwt) or provisioning.token' };
  }
  return undefined;
};

/** The token endpoint (RFC 6749 §5.2): `invalid_client`, `invalid_grant` and the like. */
export const classifyTokenError: StatusClassifier = (status) =>
  status === 400 || status === 401
    ? { failureClass: 'unauthorized', hint: 'RingCentral refused the JWT grant: check provisioning.auth (clientId, clientSecret, jwt) and that the app allows the JWT flow' }
    : undefined;
