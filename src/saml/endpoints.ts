/**
 * Choosing among an SP's Assertion Consumer Services. The IdP application has one ACS URL and
 * sends the SAML response by HTTP-POST (the Web Browser SSO profile allows POST or Artifact for
 * responses, saml-profiles-2.0-os §4.1.2; JumpCloud posts), so only HTTP-POST endpoints qualify.
 */
import type { IndexedEndpoint, SpMetadata } from './metadata.js';
import { BINDING_HTTP_POST } from './namespaces.js';

export function postEndpoints(metadata: SpMetadata): IndexedEndpoint[] {
  return metadata.assertionConsumerServices.filter((e) => e.binding === BINDING_HTTP_POST);
}

/**
 * The default HTTP-POST ACS, by the rule of saml-metadata-2.0-os §2.2.3: the one marked
 * `isDefault="true"`, else the first without `isDefault="false"`, else the first.
 */
export function defaultPostEndpoint(metadata: SpMetadata): IndexedEndpoint | undefined {
  const post = postEndpoints(metadata);
  return post.find((e) => e.isDefault === true) ?? post.find((e) => e.isDefault === undefined) ?? post[0];
}

/** URLs compared as the IdP and browsers treat them: scheme and host case, default ports. */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}
