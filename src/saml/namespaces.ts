/**
 * The XML namespaces and URIs SAML 2.0 metadata uses (OASIS saml-metadata-2.0-os, saml-bindings-2.0-os,
 * saml-core-2.0-os §8.3) and the XML Signature ones (W3C xmldsig-core).
 */
export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** Prefixes for XPath expressions over metadata. */
export const XPATH_NAMESPACES: Readonly<Record<string, string>> = { md: MD_NS, ds: DS_NS };

export const BINDING_HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const BINDING_HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export const NAMEID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

/** The XML Signature transforms Roster accepts on signed metadata: what saml-core §5.4.3–5.4.4 allows. */
export const TRANSFORM_ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const C14N_EXCLUSIVE = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const C14N_EXCLUSIVE_WITH_COMMENTS = 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments';
export const C14N_INCLUSIVE = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
export const C14N_INCLUSIVE_WITH_COMMENTS = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments';
