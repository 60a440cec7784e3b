/**
 * Checks of one provisioned application: its SCIM service and, for RingCentral, the OAuth token
 * endpoint and the extension list (docs/vendors/ringcentral.md §1, §4).
 *
 * In order, each building on the previous: the JWT grant (credentials, and the app's permissions
 * as the token response's `scope` lists them — EditAccounts is what writes need, and reading it
 * there is the one way to know without writing); /ServiceProviderConfig (a SCIM service answers
 * there, and the credentials work); one page of /Users (read access); the capabilities; the
 * rate-limit groups the answers state; and RingCentral's free licences (unassigned extensions).
 */
import {
  connectionChecks,
  describeCapabilities,
  describeRateLimits,
  missingPermissions,
  type CheckResult,
  type CheckStatus,
  type ObservedLimit,
} from '../../core/check.js';
import { loadCatalog } from '../../config/catalog.js';
import type { ProvisioningConfig } from '../../config/schema.js';
import type { HttpAnswer } from '../../providers/http/client.js';
import { readRateLimit } from '../../providers/http/rate-limit-headers.js';
import { basicAuthorization } from '../../providers/ringcentral/auth.js';
import { RINGCENTRAL_CAPABILITIES, RINGCENTRAL_RATE_LIMITS } from '../../providers/ringcentral/profile.js';
import { discoverCapabilities } from '../../providers/scim/discovery.js';
import { GENERIC_SCIM_CAPABILITIES } from '../wiring.js';
import { Probe } from './probe.js';

/** The JWT bearer grant (RFC 7523 §2.1), as RingCentral's token endpoint takes it (§1 "Auth"). */
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** RingCentral app permissions (§1): SCIM reads need ReadAccounts, writes EditAccounts. */
const RINGCENTRAL_PERMISSIONS = ['ReadAccounts', 'EditAccounts'] as const;

export interface TargetToCheck {
  readonly app: string;
  readonly catalog: 'ringcentral' | 'scim';
  readonly provisioning: ProvisioningConfig;
}

class Findings {
  readonly results: CheckResult[] = [];
  readonly limits: ObservedLimit[] = [];

  constructor(private readonly system: string) {}

  add(check: string, status: CheckStatus, detail: string, fix?: string): void {
    this.results.push({ system: this.system, check, status, detail, ...(fix ? { fix } : {}) });
  }

  skip(checks: readonly string[], why: string): CheckResult[] {
    for (const check of checks) this.add(check, 'skip', `not checked: ${why}`);
    return this.results;
  }

  /** Notes the rate-limit group an answer states. */
  heard(answer: HttpAnswer): void {
    const state = readRateLimit(answer.headers);
    if (state?.group && !this.limits.some((l) => l.group === state.group)) this.limits.push({ group: state.group, limit: state.limit, windowMs: state.windowMs });
  }
}

const AFTER_CREDENTIALS = ['read access', 'write access', 'capabilities', 'rate limits'] as const;

export async function checkTarget({ app, catalog, provisioning }: TargetToCheck): Promise<CheckResult[]> {
  const url = provisioning.url ?? loadCatalog(catalog).provisioning.url ?? '';
  const origin = new URL(url).origin;
  const ringCentral = catalog === 'ringcentral';
  const findings = new Findings(app);
  const rest = ringCentral ? [...AFTER_CREDENTIALS, 'licences'] : [...AFTER_CREDENTIALS];
  const probes: Probe[] = [];
  const probe = (options: ConstructorParameters<typeof Probe>[0]) => {
    const made = new Probe(options);
    probes.push(made);
    return made;
  };

  try {
    let bearer: string;
    let scope: string | undefined;
    let connected = false;
    if (provisioning.auth) {
      const auth = provisioning.auth;
      const tokens = probe({ system: app, baseUrl: origin, credentials: { authorization: basicAuthorization(auth) }, secrets: [auth.clientSecret, auth.jwt] });
      const outcome = await tokens.send({ method: 'POST', path: '/restapi/oauth/token', form: { grant_type: JWT_BEARER_GRANT, assertion: auth.jwt }, rateGroup: 'auth', idempotent: true });
      if ('failureCode' in outcome) {
        findings.results.push(...connectionChecks(app, origin, `applications.${app}.provisioning.url`, outcome.failureCode));
        return findings.skip(['credentials', ...rest], 'no connection');
      }
      findings.results.push(...connectionChecks(app, origin, `applications.${app}.provisioning.url`));
      connected = true;
      findings.heard(outcome.answer);
      const body = outcome.answer.body as { access_token?: unknown; expires_in?: unknown; scope?: unknown } | undefined;
      if (outcome.answer.status !== 200 || typeof body?.access_token !== 'string') {
        findings.add(
          'credentials',
          'fail',
          `RingCentral refused the JWT grant: ${tokens.errorText(outcome.answer)}`,
          'check RINGCENTRAL_CLIENT_ID, RINGCENTRAL_CLIENT_SECRET and RINGCENTRAL_JWT (provisioning.auth), and that the app allows the JWT auth flow',
        );
        return findings.skip(rest, 'no access token');
      }
      bearer = body.access_token;
      scope = typeof body.scope === 'string' ? body.scope : undefined;
      const minutes = typeof body.expires_in === 'number' ? `, access token valid for ${Math.round(body.expires_in / 60)} min` : '';
      findings.add('credentials', 'ok', `the JWT grant is accepted${minutes}`);
    } else {
      bearer = provisioning.token ?? '';
    }

    const credentials = { authorization: `Bearer ${bearer}` };
    const scim = probe({ system: app, baseUrl: url, readOnly: true, credentials, ...(ringCentral ? { documentedLimits: RINGCENTRAL_RATE_LIMITS } : {}) });
    const config = await scim.send({ method: 'GET', path: '/ServiceProviderConfig', rateGroup: ringCentral ? 'light' : 'default' });
    if ('failureCode' in config) {
      findings.results.push(...connectionChecks(app, url, `applications.${app}.provisioning.url`, config.failureCode));
      return findings.skip(connected ? rest : ['credentials', ...rest], 'no connection');
    }
    if (!connected) findings.results.push(...connectionChecks(app, url, `applications.${app}.provisioning.url`));
    findings.heard(config.answer);
    const status = config.answer.status;
    if (status === 401) {
      findings.add(
        'credentials',
        'fail',
        `${app} rejected the ${provisioning.auth ? 'access token' : 'token'}: ${scim.errorText(config.answer)}`,
        provisioning.auth ? 'the JWT grant worked but SCIM refused its token: check that the app is the one authorised for SCIM' : `check the token in applications.${app}.provisioning.token (it may have expired)`,
      );
      return findings.skip(rest, 'no access');
    }
    if (status === 404) {
      findings.add('credentials', 'skip', `not checked: ${url}/ServiceProviderConfig does not exist`);
      findings.add('read access', 'fail', `${url} does not answer as a SCIM 2.0 service (404 on /ServiceProviderConfig)`, `set applications.${app}.provisioning.url to the SCIM base URL, e.g. https://platform.ringcentral.com/scim/v2`);
      return findings.skip(rest.slice(1), 'not a SCIM service');
    }
    if (!provisioning.auth) findings.add('credentials', 'ok', 'the token is accepted');

    const users = await scim.send({ method: 'GET', path: '/Users', query: { startIndex: 1, count: 1 }, rateGroup: ringCentral ? 'light' : 'default' });
    const readStatus = 'failureCode' in users ? undefined : users.answer.status;
    if ('answer' in users) findings.heard(users.answer);
    if (status === 403 || readStatus === 403) {
      findings.add(
        'read access',
        'fail',
        `${app} refused to list its users: ${'answer' in users ? scim.errorText(users.answer) : 'no answer'}`,
        ringCentral
          ? "give the JWT's user the User Admin role (or higher), add ReadAccounts and EditAccounts to the app, and set Directory Provider to SCIM (admin portal: Account Settings → Directory Integrations)"
          : 'give the token the right to read and write users',
      );
    } else if (readStatus !== 200) {
      findings.add('read access', 'fail', `listing users did not work: ${'answer' in users ? scim.errorText(users.answer) : `no answer (${users.failureCode})`}`, 'run again; if it persists, check the SCIM service');
    } else {
      findings.add('read access', 'ok', 'lists users');
    }

    checkWriteAccess(findings, ringCentral, provisioning.auth !== undefined, scope);
    await checkCapabilities(findings, ringCentral, scim);

    // The licence read comes first so that its group (medium) is among the stated limits.
    const licences = ringCentral ? await checkLicences(findings, probe({ system: app, baseUrl: origin, readOnly: true, credentials, documentedLimits: RINGCENTRAL_RATE_LIMITS })) : undefined;
    findings.add('rate limits', 'ok', describeRateLimits(findings.limits, ringCentral ? RINGCENTRAL_RATE_LIMITS : {}));
    if (licences) findings.add('licences', licences.status, licences.detail, licences.fix);
    return findings.results;
  } finally {
    await Promise.allSettled(probes.map((p) => p.close()));
  }
}

/** RingCentral: the app's permissions, from the token response's `scope`; elsewhere writes cannot be known without writing. */
function checkWriteAccess(findings: Findings, ringCentral: boolean, jwt: boolean, scope: string | undefined): void {
  if (!ringCentral) {
    findings.add('write access', 'skip', 'not checked: a token does not say what it may write, and check never writes');
    return;
  }
  if (scope === undefined) {
    findings.add('write access', 'skip', jwt ? 'not checked: the token response lists no permissions' : 'not checked: a static token does not say what it may write; with `auth`, check reads the app’s permissions');
    return;
  }
  const missing = missingPermissions(scope, RINGCENTRAL_PERMISSIONS);
  if (missing.length === 0) {
    findings.add('write access', 'ok', `the app has ${RINGCENTRAL_PERMISSIONS.join(' and ')}`);
    return;
  }
  findings.add(
    'write access',
    'fail',
    `the RingCentral app lacks ${missing.join(' and ')}: Roster could not ${missing.includes('ReadAccounts') ? 'read or ' : ''}create, update or deactivate accounts`,
    `add the ${missing.map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2')).join(' and ')} permission${missing.length === 1 ? '' : 's'} to the app in the RingCentral Developer Console; its JWT's user needs the User Admin role`,
  );
}

/** RingCentral's are declared by its profile (its ServiceProviderConfig understates them, §1.1); any other target's are discovered. */
async function checkCapabilities(findings: Findings, ringCentral: boolean, scim: Probe): Promise<void> {
  if (ringCentral) {
    findings.add('capabilities', 'ok', `${describeCapabilities(RINGCENTRAL_CAPABILITIES)} — as Roster's RingCentral profile declares them (its ServiceProviderConfig understates them)`);
    return;
  }
  try {
    const capabilities = await discoverCapabilities(scim.client, GENERIC_SCIM_CAPABILITIES);
    findings.add('capabilities', 'ok', `${describeCapabilities(capabilities)} — discovered from ServiceProviderConfig, ResourceTypes and Schemas`);
  } catch (error) {
    findings.add('capabilities', 'fail', `discovery failed: ${(error as Error).message}`, 'the service must answer /ServiceProviderConfig with a SCIM ServiceProviderConfig (RFC 7643 §5)');
  }
}

/** Free licences: RingCentral's unassigned extensions (§3: a create takes one). One page, its total. */
async function checkLicences(findings: Findings, restapi: Probe): Promise<{ status: CheckStatus; detail: string; fix?: string }> {
  const outcome = await restapi.send({
    method: 'GET',
    path: '/restapi/v1.0/account/~/extension',
    query: { type: 'User', status: 'Unassigned', perPage: 1 },
    rateGroup: 'medium',
  });
  if ('failureCode' in outcome) {
    return { status: 'fail', detail: `the extension list did not answer (${outcome.failureCode})`, fix: 'run again; Roster reads account status from the extension list' };
  }
  findings.heard(outcome.answer);
  if (outcome.answer.status !== 200) {
    return {
      status: 'fail',
      detail: `the extension list refused: ${restapi.errorText(outcome.answer)}`,
      fix: "Roster reads account status and free licences from it: the app needs ReadAccounts and the JWT's user the right to read extensions",
    };
  }
  const body = outcome.answer.body as { records?: unknown[]; paging?: { totalElements?: unknown } } | undefined;
  const free = typeof body?.paging?.totalElements === 'number' ? body.paging.totalElements : (body?.records?.length ?? 0);
  if (free > 0) return { status: 'ok', detail: `${free} free licence${free === 1 ? '' : 's'} (unassigned extensions)` };
  return {
    status: 'warn',
    detail: 'no free licence: new accounts cannot be created (updates and deactivations still work)',
    fix: 'add a DigitalLine in the RingCentral admin portal, or delete accounts that are no longer needed',
  };
}
