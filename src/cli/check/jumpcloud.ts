/**
 * Checks of the IdP: JumpCloud's API (docs/vendors/jumpcloud.md §1). One read of each kind of object Roster
 * reads — users, user groups, applications — with `limit=1`.
 *
 * The first answer tells the credentials and the organisation apart, from the documented `x-org-id`
 * answers: 400 malformed id, 401 id missing for a multi-tenant administrator, 403 id sent where a
 * route does not take it, 404 organisation not found; any other 401 is a wrong key.
 */
import { connectionChecks, type CheckResult } from '../../core/check.js';
import type { RosterConfig } from '../../config/schema.js';
import type { HttpAnswer } from '../../providers/http/client.js';
import { Probe } from './probe.js';

const SYSTEM = 'jumpcloud';

const READS = [
  { what: 'users', path: '/api/systemusers', query: { limit: 1, fields: '_id' } },
  { what: 'user groups', path: '/api/v2/usergroups', query: { limit: 1 } },
  { what: 'applications', path: '/api/applications', query: { limit: 1, fields: '_id' } },
] as const;

const ORGANISATION_ANSWER = /organization|x-org-id|ID not included|Malformed ID|ID included on unsupported/i;

function result(check: string, status: CheckResult['status'], detail: string, fix?: string): CheckResult {
  return { system: SYSTEM, check, status, detail, ...(fix ? { fix } : {}) };
}

/** Credentials and organisation, from the first read's answer. */
function accessChecks(answer: HttpAnswer, text: string, orgId: string | undefined): CheckResult[] {
  const organisation = orgId ? `organisation ${orgId}` : "the key's own organisation";
  if (answer.status === 401 && /multi-tenant/i.test(text)) {
    return [
      result('credentials', 'ok', 'the API key is accepted'),
      result('organisation', 'fail', `JumpCloud: ${text}`, "the key belongs to a multi-tenant administrator: set idp.orgId (e.g. ${JUMPCLOUD_ORG_ID}) to the organisation's id"),
    ];
  }
  if (answer.status === 401) {
    return [
      result('credentials', 'fail', `JumpCloud rejected the API key (${text})`, 'check JUMPCLOUD_API_KEY (idp.apiKey): the key is under API Settings, in the JumpCloud admin console menu under your name'),
      result('organisation', 'skip', 'not checked: no access'),
    ];
  }
  if ([400, 403, 404].includes(answer.status) && ORGANISATION_ANSWER.test(text)) {
    return [
      result('credentials', 'ok', 'the API key is accepted'),
      result('organisation', 'fail', `JumpCloud refused ${organisation}: ${text}`, "check idp.orgId: it must be the 24-hex id of an organisation the key's administrator manages; omit it for a single-organisation key"),
    ];
  }
  return [result('credentials', 'ok', 'the API key is accepted'), result('organisation', 'ok', `reads ${organisation}`)];
}

export async function checkJumpCloud(idp: RosterConfig['idp']): Promise<CheckResult[]> {
  const probe = new Probe({
    system: SYSTEM,
    baseUrl: idp.url,
    readOnly: true,
    credentials: { 'x-api-key': idp.apiKey },
    ...(idp.orgId ? { headers: { 'x-org-id': idp.orgId } } : {}),
  });
  try {
    const [first, ...rest] = READS;
    const outcome = await probe.send({ method: 'GET', path: first.path, query: first.query });
    if ('failureCode' in outcome) {
      return [
        ...connectionChecks(SYSTEM, idp.url, 'idp.url', outcome.failureCode),
        ...['credentials', 'organisation', 'permissions'].map((check) => result(check, 'skip', 'not checked: no connection')),
      ];
    }
    const results = [...connectionChecks(SYSTEM, idp.url, 'idp.url'), ...accessChecks(outcome.answer, probe.errorText(outcome.answer), idp.orgId)];
    if (results.some((r) => r.status === 'fail')) return [...results, result('permissions', 'skip', 'not checked: no access')];

    const refused: string[] = [];
    const unexpected: string[] = [];
    for (const read of [first, ...rest]) {
      const next = read === first ? outcome : await probe.send({ method: 'GET', path: read.path, query: read.query });
      if ('failureCode' in next) unexpected.push(`${read.what}: no answer (${next.failureCode})`);
      else if (next.answer.status === 403) refused.push(read.what);
      else if (next.answer.status !== 200) unexpected.push(`${read.what}: ${probe.errorText(next.answer)}`);
    }
    if (refused.length > 0) {
      results.push(result('permissions', 'fail', `the key's administrator may not read ${refused.join(', ')}`, 'give the administrator who owns the API key a role that manages users, user groups and applications'));
    } else if (unexpected.length > 0) {
      results.push(result('permissions', 'fail', `unexpected answers: ${unexpected.join('; ')}`, 'run again; if it persists, check idp.url points at the JumpCloud API'));
    } else {
      results.push(result('permissions', 'ok', 'reads users, user groups and applications (writes are not tried: check never writes)'));
    }
    return results;
  } finally {
    await probe.close();
  }
}
