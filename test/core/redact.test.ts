/** Redaction for public outputs: emails and phone numbers become stable tokens; nothing else changes. */
import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../src/core/redact.js';

describe('redaction', () => {
  it('replaces an email anywhere in a string by a stable token, the same for any case', () => {
    const once = redactText('ringcentral/user/Alice@Example.com');
    expect(once).toMatch(/^ringcentral\/user\/\[email [0-9a-f]{12}\]$/);
    expect(redactText('alice@example.com is here')).toBe(`${once.slice('ringcentral/user/'.length)} is here`);
  });

  it('gives different people different tokens', () => {
    expect(redactText('alice@example.com')).not.toBe(redactText('bob@example.com'));
  });

  it('replaces international phone numbers in text, whatever their format', () => {
    expect(redactText('call +1 (212) 555-0125')).toBe(`call ${redactText('+12125550125')}`);
  });

  it('replaces every value of a phone path, even one without a +', () => {
    const field = redact({ path: 'phoneNumbers[type eq "other"].value', before: '146', after: '147' });
    expect(field.path).toBe('phoneNumbers[type eq "other"].value');
    expect(field.before).toMatch(/^\[phone [0-9a-f]{12}\]$/);
    const attributes = redact({ 'phoneNumbers[type eq "mobile"].value': '212 555 0125', 'name.givenName': 'Alice' });
    expect(attributes['phoneNumbers[type eq "mobile"].value']).toMatch(/^\[phone /);
    expect(attributes['name.givenName']).toBe('Alice');
  });

  it('leaves dates, counts, paths and postal codes alone', () => {
    const data = { createdAt: '2026-01-01T00:00:00.000Z', count: 12, path: 'addresses[type eq "work"].postalCode', after: '94105' };
    expect(redact(data)).toEqual(data);
  });

  it('uses an injected hash', () => {
    expect(redactText('alice@example.com', () => 'k')).toBe('[email k]');
  });
});
