/**
 * RingCentral's normalisation: values it rewrites compare equal to what Roster sent.
 */
import { describe, expect, it } from 'vitest';
import { sameValue } from '../../../src/core/compare.js';
import { canonicalCountry, canonicalPhone, ringCentralNormalizer } from '../../../src/providers/ringcentral/normalize.js';

describe('RingCentral normalisation', () => {
  it.each([
    ['US', 'US'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['USA', 'US'],
    ['United Kingdom', 'GB'],
    ['gb', 'GB'],
    ['Germany', 'DE'],
    ['Atlantis', 'Atlantis'],
  ])('country %s → %s', (input, expected) => {
    expect(canonicalCountry(input)).toBe(expected);
  });

  it.each([
    ['+1 (415) 555-0101', '+14155550101'],
    ['415.555.0101', '+14155550101'],
    ['+44 20 7946 0000', '+442079460000'],
    ['ext 146', 'ext146'],
    ['146', '146'],
  ])('phone %s → %s', (input, expected) => {
    expect(canonicalPhone(input)).toBe(expected);
  });

  it('compares what RingCentral stores with what Roster sent', () => {
    expect(sameValue('addresses[type eq "work"].country', 'United States', 'US', ringCentralNormalizer)).toBe(true);
    expect(sameValue('addresses[type eq "work"].country', 'Germany', 'US', ringCentralNormalizer)).toBe(false);
    expect(sameValue('phoneNumbers[type eq "mobile"].value', '+1 (415) 555-0101', '+14155550101', ringCentralNormalizer)).toBe(true);
    expect(sameValue('emails[type eq "work"].value', 'Grace.Hopper@Example.com', 'grace.hopper@example.com', ringCentralNormalizer)).toBe(true);
  });
});
