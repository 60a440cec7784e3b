/**
 * The IdP signing certificates the sandbox generates must parse everywhere: DER demands the
 * minimal encoding of an INTEGER, and OpenSSL refuses a serial number padded with a needless
 * leading zero — which a random serial produced about once in 256 certificates.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateIdpKeyPair, positiveInteger } from '../../src/sandbox/jumpcloud/certificate.js';

const hex = (bytes: number[]) => positiveInteger(Buffer.from(bytes)).toString('hex');

describe('sandbox IdP certificates', () => {
  it('encode serial numbers minimally: leading zeros dropped, a zero added before a high bit', () => {
    expect(hex([0x00, 0x05, 0x10])).toBe('02020510');
    expect(hex([0x00, 0x00, 0x85])).toBe('02020085');
    expect(hex([0x85, 0x01])).toBe('0203008501');
    expect(hex([0x00])).toBe('020100');
    expect(hex([0x7f])).toBe('02017f');
  });

  it('generate a certificate Node parses, with the validity it reports', async () => {
    const now = new Date('2026-03-01T12:00:00.500Z');
    const pair = await generateIdpKeyPair('JumpCloud', now);
    const x509 = new X509Certificate(pair.certificatePem);
    expect(x509.subject).toBe('CN=JumpCloud');
    expect(new Date(x509.validTo).toISOString()).toBe(pair.notAfter.toISOString());
    expect(pair.notAfter.toISOString()).toBe('2031-03-01T12:00:00.000Z');
  });
});
