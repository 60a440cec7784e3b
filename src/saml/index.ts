/**
 * Roster's SAML metadata handling: reading SP and IdP metadata safely, verifying signatures,
 * checking an application's SSO settings against its service provider, generating IdP metadata,
 * and rendering certificate and metadata differences. See docs/sso.md.
 */
export { daysUntilExpiry, readCertificate, toPem, type CertificateInfo, type CertificateRead } from './certificate.js';
export { CERTIFICATE_WARNING_DAYS, checkSso, type SsoCheckInput } from './checks.js';
export type { MetadataContext } from './context.js';
export { buildDesiredSso, type DesiredSsoInput, type DesiredSsoSettings, type SettingOrigin } from './desired.js';
export { defaultPostEndpoint, postEndpoints } from './endpoints.js';
export { buildIdpMetadata, type IdpMetadataInput } from './idp-metadata.js';
export { loadSpMetadata, type LoadedSpMetadata, type SpMetadataRequest } from './load-metadata.js';
export type { Endpoint, IdpMetadata, IndexedEndpoint, KeyCertificate, KeyUse, SignatureCheck, SignatureStatus, SpMetadata } from './metadata.js';
export { parseIdpMetadata, parseSpMetadata, type MetadataParse, type ParseMetadataOptions } from './parse-metadata.js';
export {
  DEFAULT_FETCH_TIMEOUT_MS,
  readMetadataSource,
  resolveMetadataSource,
  type DeclaringFile,
  type MetadataFetcher,
  type MetadataSource,
  type ReadMetadataOptions,
  type SourceRead,
  type SourceSetting,
} from './source.js';
export { resolveDesiredSso, type ResolveSsoOptions } from './resolve.js';
export { reviewSso } from './review.js';
export { describeCertificate, diffCertificates, diffMetadata, diffText, normaliseMetadataXml } from './text-diff.js';
export { DEFAULT_MAX_METADATA_BYTES, loadXml, type XmlLoad } from './xml.js';
