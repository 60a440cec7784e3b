/**
 * The SAML side (src/saml/), loaded when a command first needs it. Its XML libraries (xml-crypto,
 * @xmldom/xmldom, xpath) take about 35 ms to load, which a plan of applications without SSO
 * otherwise paid at every start-up. Plan loads it while its first reads are on the network when
 * an application has SSO, after them when only the IdP holds an application to review, and not
 * at all for provisioning alone.
 * Imported once: every caller shares the one module.
 */
import type * as Saml from '../saml/index.js';

let loading: Promise<typeof Saml> | undefined;

export function samlSide(): Promise<typeof Saml> {
  loading ??= import('../saml/index.js');
  return loading;
}
