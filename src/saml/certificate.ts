/**
 * X.509 certificates as metadata carries them (`ds:X509Certificate`: base64 DER) and as IdPs hand
 * them out (PEM), described as plain data: who, valid when, and the SHA-256 fingerprint people
 * compare in admin portals.
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateInfo {
  /** PEM, 64 characters a line, ending in a newline. */
  readonly pem: string;
  /** Distinguished name, comma-separated, e.g. `CN=sso.ringcentral.com, O=RingCentral`. */
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  /** ISO 8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** Upper-case hex pairs separated by colons, as browsers and admin portals show it. */
  readonly fingerprintSha256: string;
}

export type CertificateRead = { readonly certificate: CertificateInfo } | { readonly error: string };

const PEM_BOUNDARY = /-----(BEGIN|END) CERTIFICATE-----/g;

/** The base64 body of a PEM certificate or of a `ds:X509Certificate` element, without whitespace. */
export function certificateBase64(text: string): string {
  return text.replace(PEM_BOUNDARY, '').replace(/\s+/g, '');
}

export function toPem(base64: string): string {
  return `-----BEGIN CERTIFICATE-----\n${certificateBase64(base64).replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

const distinguishedName = (text: string) => text.split('\n').join(', ');

/** Reads one certificate from PEM or bare base64 DER; an unreadable one is an error message, not a throw. */
export function readCertificate(text: string): CertificateRead {
  const base64 = certificateBase64(text);
  if (base64 === '') return { error: 'the certificate is empty' };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return { error: 'the certificate is not base64' };
  const pem = toPem(base64);
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pem);
  } catch (error) {
    return { error: `the certificate cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  return {
    certificate: {
      pem,
      subject: distinguishedName(x509.subject),
      issuer: distinguishedName(x509.issuer),
      serialNumber: x509.serialNumber,
      // OpenSSL's "Nov 27 22:15:59 2026 GMT" form, which Date parses; Node 20 has no Date getters.
      notBefore: new Date(x509.validFrom).toISOString(),
      notAfter: new Date(x509.validTo).toISOString(),
      fingerprintSha256: x509.fingerprint256,
    },
  };
}

/** Whole days from `now` until the certificate expires; negative once it has. */
export function daysUntilExpiry(certificate: CertificateInfo, now: Date): number {
  return Math.floor((Date.parse(certificate.notAfter) - now.getTime()) / 86_400_000);
}
