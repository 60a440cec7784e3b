/**
 * The SAML side (src/saml/), loaded when a command first needs it. Its XML libraries (xml-crypto,
 * @xmldom/xmldom, xpath) take about 35 ms to load, which a plan of applications without SSO
 * otherwise paid at every start-up; plan loads it while its first reads are on the network.
 * Imported once: every caller shares the one module.
 */
import type * as Saml from '../saml/index.js';

let loading: Promise<typeof Saml> | undefined;

export function samlSide(): Promise<typeof Saml> {
  loading ??= import('../saml/index.js');
  return loading;
}
