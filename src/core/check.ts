/**
 * `roster check`: what one check found about one system, and the knowledge shared by every
 * probe — what a failed connection means and what to do about it. Pure: probes (cli/check/) do
 * the requests and hand their outcomes here.
 */
import { connectionFailureOf, connectionFix, describeConnectionFailure, isTlsFailure } from './connection-failure.js';
import type { Capabilities } from './ports.js';

/**
 *   ok    verified
 *   warn  works, but something will stop some changes (e.g. no free licence): exit code unaffected
 *   fail  broken: the command exits 1
 *   skip  not verified, because an earlier check of the same system failed or it cannot be
 *         verified without writing; `detail` says which
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** `jumpcloud`, or the application's name for a target. */
  readonly system: string;
  /** `reachable`, `tls`, `credentials`, `organisation`, `permissions`, `read access`, `write access`, `capabilities`, `rate limits`, `licences`. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What the admin does about a failure or warning. */
  readonly fix?: string;
}

export function hasFailures(results: readonly CheckResult[]): boolean {
  return results.some((r) => r.status === 'fail');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The two checks of a connection — reachable, then TLS — from the URL and, when no answer came,
 * the transport's error code (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED, …).
 * `urlSetting` names the configuration key holding the URL, for the fix.
 */
export function connectionChecks(system: string, url: string, urlSetting: string, failureCode?: string): CheckResult[] {
  const { protocol, hostname, host } = new URL(url);
  const reachable = (status: CheckStatus, detail: string, fix?: string): CheckResult => ({ system, check: 'reachable', status, detail, ...(fix ? { fix } : {}) });
  const tls = (status: CheckStatus, detail: string, fix?: string): CheckResult => ({ system, check: 'tls', status, detail, ...(fix ? { fix } : {}) });

  const failure = failureCode !== undefined ? connectionFailureOf(failureCode) : undefined;
  if (failure && isTlsFailure(failure)) {
    return [reachable('ok', `${host} accepts connections`), tls('fail', `${describeConnectionFailure(failure, host)} (${failure.code})`, connectionFix(failure, host, urlSetting))];
  }
  if (failure) {
    // An answer that never came is no connection failure, but check reports it in the same place.
    const why = failure.code === 'UND_ERR_HEADERS_TIMEOUT' ? 'no answer came in time' : failure.kind === 'other' ? 'the connection failed' : describeConnectionFailure(failure, host);
    return [reachable('fail', `cannot reach ${url}: ${why} (${failure.code})`, connectionFix(failure, host, urlSetting)), tls('skip', 'not checked: no connection')];
  }
  const checks = [reachable('ok', `${url} answered`)];
  if (protocol === 'https:') checks.push(tls('ok', `the certificate of ${host} is trusted`));
  else if (LOOPBACK.has(hostname)) checks.push(tls('ok', 'plain HTTP on this machine (a local stand-in such as the sandbox)'));
  else checks.push(tls('fail', `${url} is not encrypted: credentials would cross the network in clear text`, `use an https:// URL in ${urlSetting}`));
  return checks;
}

/** OAuth scopes as RingCentral's token response lists them: space-separated app permissions. */
export function missingPermissions(scope: string | undefined, required: readonly string[]): string[] {
  const granted = new Set((scope ?? '').split(/\s+/).filter(Boolean));
  return required.filter((permission) => !granted.has(permission));
}

/** A target's capabilities in one line. */
export function describeCapabilities(capabilities: Capabilities): string {
  const yes = (flag: boolean | undefined, what: string) => (flag ? what : `no ${what}`);
  const filters = capabilities.filterAttributes.length > 0 ? `filters on ${capabilities.filterAttributes.join(' and ')}` : 'no filters';
  const omits = capabilities.listOmits.length > 0 ? `; lists omit ${capabilities.listOmits.join(' and ')} (read per account when compared)` : '';
  const attributes = capabilities.attributes ? `; ${capabilities.attributes.length} user attributes` : '';
  return `${yes(capabilities.patch, 'PATCH')}, ${yes(capabilities.bulk, 'bulk')}, ${yes(capabilities.etag, 'ETags')}, ${yes(capabilities.groups, '/Groups')}, ${filters}, pages of ${capabilities.maxPageSize}${omits}${attributes}`;
}

/** A rate-limit group as a response's `X-Rate-Limit-*` headers state it. */
export interface ObservedLimit {
  readonly group: string;
  readonly limit: number;
  readonly windowMs: number;
}

/**
 * The rate-limit groups: those the answers stated, then the documented ones no answer covered
 * (writes are never sent by check, so their group is only known from the documentation).
 */
export function describeRateLimits(observed: readonly ObservedLimit[], documented: Readonly<Record<string, number>>): string {
  const seen = new Map(observed.map((o) => [o.group, o]));
  const stated = [...seen.values()].map((o) => `${o.group} ${o.limit} per ${Math.round(o.windowMs / 100) / 10} s`);
  const assumed = Object.entries(documented)
    .filter(([group]) => !seen.has(group))
    .map(([group, perMinute]) => `${group} ${perMinute}/min`);
  if (stated.length === 0 && assumed.length === 0) return 'no X-Rate-Limit headers: Roster slows down only when the target answers 429';
  return [stated.length > 0 ? `${stated.join(', ')} (stated by the answers)` : '', assumed.length > 0 ? `${assumed.join(', ')} (documented)` : ''].filter(Boolean).join('; ');
}
