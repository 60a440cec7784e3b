/**
 * RingCentral rewrites some values on storage (docs/vendors/ringcentral.md §2): a country code comes back
 * as the country's English name ("US" → "United States"), and phone numbers are typed in many
 * ways. Comparison happens on a canonical form so that a plan right after an apply is empty.
 *
 * Email case, `primary` flags and the order of multi-valued values are handled for every target
 * by the core (compare.ts: case-insensitive userName and emails; scim-path.ts: values keyed by
 * type, `primary` ignored).
 */
// The library without its entry point's 80 locales: names are looked up in English only, and
// loading every locale cost each command's start-up more than the rest of the library.
import countries from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { TargetNormalizer } from '../../core/compare.js';

countries.registerLocale(english);

/** A country name or code → ISO 3166-1 alpha-2, when recognised; anything else as it is. */
export function canonicalCountry(value: string): string {
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && countries.isValid(trimmed.toUpperCase())) return trimmed.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(trimmed)) {
    const alpha2 = countries.alpha3ToAlpha2(trimmed.toUpperCase());
    if (alpha2) return alpha2;
  }
  return countries.getAlpha2Code(trimmed, 'en') ?? trimmed;
}

/**
 * A phone number → E.164 when it is a possible number. A number without a country code is read as
 * a North American one: RingCentral's home market, and the references give no other default.
 * Anything shorter (an extension number such as "146") only loses its punctuation.
 */
export function canonicalPhone(value: string): string {
  const parsed = parsePhoneNumberFromString(value, 'US');
  return parsed?.isPossible() ? parsed.number : value.replace(/[\s().-]/g, '');
}

export const ringCentralNormalizer: TargetNormalizer = (path, value) => {
  if (typeof value !== 'string') return value;
  if (/^addresses\[type eq "[^"]*"\]\.country$/.test(path)) return canonicalCountry(value);
  if (/^phoneNumbers\[type eq "[^"]*"\]\.value$/.test(path)) return canonicalPhone(value);
  return value;
};
