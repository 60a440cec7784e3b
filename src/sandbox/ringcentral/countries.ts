import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as Parameters<typeof countries.registerLocale>[0]);

/**
 * The reference's one observed case: a request with `"country":"US"` comes back as `"United States"`
 * (docs/vendors/ringcentral.md §2, SPEC-OLD create example). Other codes use the English short name of
 * i18n-iso-countries (e.g. GB → "United Kingdom", DE → "Germany").
 */
const OBSERVED: Record<string, string> = { US: 'United States' };

/**
 * RingCentral stores the English country name: an ISO 3166-1 alpha-2 code or an English name (any
 * alias) becomes the canonical name; anything else is not a country (undefined).
 */
export function countryName(value: string): string | undefined {
  const trimmed = value.trim();
  const code = /^[A-Za-z]{2}$/.test(trimmed) ? trimmed.toUpperCase() : countries.getAlpha2Code(trimmed, 'en');
  if (!code || !countries.isValid(code)) return undefined;
  return OBSERVED[code] ?? countries.getName(code, 'en');
}
