/**
 * Value formats the schema checks beyond types: URLs Roster calls or hands to an IdP, percentages.
 * Each check returns why a value is wrong (message and next step), or undefined when it is fine.
 */

export interface FormatProblem {
  readonly message: string;
  readonly hint?: string;
}

/**
 * Whether a value still holds an environment reference: `roster validate` checks references
 * without resolving them, so a format is checked once the value is resolved (plan, apply).
 */
export function containsReference(value: string): boolean {
  return /\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(value);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const CREDENTIALS_IN_URL: FormatProblem = { message: 'a URL must not carry credentials', hint: 'remove the user:password@ part; credentials belong in the environment' };

/**
 * An absolute https URL. Plain http is accepted for loopback hosts only, so that the local
 * sandbox works while nothing travels unencrypted over a network. Credentials inside a URL are
 * refused: they would end up in plans and logs.
 */
export function webUrlProblem(value: string): FormatProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { message: `"${value}" is not an absolute URL`, hint: 'write it with its scheme, e.g. https://example.com/path' };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    return {
      message: `"${value}" must use https`,
      hint: url.protocol === 'http:' ? `write https://${value.slice('http://'.length)} (plain http is only accepted for localhost)` : undefined,
    };
  }
  if (url.username || url.password) return CREDENTIALS_IN_URL;
  if (url.hash) return { message: `"${value}" must not have a #fragment` };
  return undefined;
}

/**
 * What can be told of a URL before its references are resolved: whatever they hold, a
 * `user:password@` part written around them stays, and plan refuses it (webUrlProblem).
 */
export function unresolvedUrlProblem(value: string): FormatProblem | undefined {
  let url: URL;
  try {
    url = new URL(value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'reference'));
  } catch {
    return undefined;
  }
  return url.username || url.password ? CREDENTIALS_IN_URL : undefined;
}

/** The JumpCloud API base URL: a web URL without the `/api` path Roster adds itself. */
export function idpUrlProblem(value: string): FormatProblem | undefined {
  const problem = webUrlProblem(value);
  if (problem) return problem;
  const url = new URL(value);
  if (/^\/api(\/|$)/.test(url.pathname)) {
    return { message: `"${value}" includes the API path`, hint: `write the base URL only: ${url.origin}` };
  }
  return undefined;
}

/** A JumpCloud organisation id: 24 hexadecimal characters. */
export function orgIdProblem(value: string): FormatProblem | undefined {
  return /^[0-9a-f]{24}$/.test(value)
    ? undefined
    : { message: `"${value}" is not a JumpCloud organisation id`, hint: 'an organisation id is 24 hexadecimal characters' };
}

/** Whether a `spMetadata` value names a URL (anything with a scheme) rather than a file. */
export function looksLikeUrl(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value);
}

/** `spMetadata`: a file path, or a URL that must then be a web URL. */
export function spMetadataProblem(value: string): FormatProblem | undefined {
  return looksLikeUrl(value) ? webUrlProblem(value) : undefined;
}

/** `"10%"`: a percentage between 0 and 100. */
export const PERCENTAGE = /^(\d{1,3})(\.\d+)?%$/;

export function percentageProblem(value: string): FormatProblem | undefined {
  if (!PERCENTAGE.test(value)) {
    return { message: `"${value}" is neither a count nor a percentage`, hint: 'write a count such as 5, or a percentage such as "10%"' };
  }
  if (Number(value.slice(0, -1)) > 100) return { message: `${value} is more than 100%` };
  return undefined;
}
