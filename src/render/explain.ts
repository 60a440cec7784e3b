/**
 * `roster explain` output. Text, per application: the access verdict in one line, then what
 * Roster sends (the SCIM resource, the SAML assertion), the user's account in the target, the
 * target groups the user is in, joins or leaves and why, and the plan's change with the requests
 * it makes. JSON carries the same, `formatVersion`ed. Every line
 * of the text is printable (printable.ts): directory and target values cannot drive the terminal.
 */
import type { AccessPath } from '../core/access.js';
import type { AccessVerdict, AppExplanation, Explanation, GroupMembership, SamlAttribute } from '../core/explain.js';
import { printable, printableJson } from './printable.js';
import { actionLabel, formatField } from './words.js';

const EXPLAIN_FORMAT_VERSION = 1;

/** A request as the target would receive it (below the SCIM base URL). */
export interface RequestView {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

export interface ExplainView {
  readonly explanation: Explanation;
  /** The requests of each planned change, by change address. */
  readonly requests: Readonly<Record<string, readonly RequestView[]>>;
}

/** `Sales`, or `Support Leads, in Support` for nested membership (via is outermost first). */
function describePath(path: AccessPath): string {
  return [...[...path.via].reverse(), path.group].join(', in ');
}

function describePaths(paths: readonly AccessPath[]): string {
  return paths.map((p) => `member of ${describePath(p)}`).join('; and ');
}

function describeVerdict(app: string, access: AccessVerdict): string {
  switch (access.kind) {
    case 'granted':
      return `has access: ${describePaths(access.paths)} (bound to ${app})`;
    case 'inactive':
      return `has access, but the account is kept inactive: ${access.cause === 'suspended' ? 'suspended' : 'password expired'} in the IdP (${describePaths(access.paths)})`;
    case 'staged':
      return `no access yet: STAGED in the IdP, so not provisioned until activated there (${describePaths(access.paths)})`;
    case 'not-member': {
      const unbound = access.unbound.length > 0 ? `; ${access.unbound.join(', ')} ${access.unbound.length === 1 ? 'is' : 'are'} bound today but no longer in the configuration` : '';
      return access.boundGroups.length === 0 ? `no access: no group is bound to ${app}${unbound}` : `no access: in none of the groups bound to ${app} (${access.boundGroups.join(', ')})${unbound}`;
    }
    case 'unknown':
      return `cannot tell: bound group${access.missingGroups.length === 1 ? '' : 's'} ${access.missingGroups.map((g) => `"${g}"`).join(', ')} not found in the IdP`;
  }
}

/** `(through Support Leads)`, `(IdP group Sales, through Night Shift, in Leads)`, `(direct member of IdP group Sales)`. */
function membershipSource(membership: GroupMembership): string {
  const path = membership.path;
  if (!path) return membership.idpGroup !== undefined ? `IdP group ${membership.idpGroup}` : 'a group Roster does not provision';
  const named = path.group === membership.displayName ? [] : [`IdP group ${path.group}`];
  if (path.via.length === 0) return path.group === membership.displayName ? `direct member of IdP group ${path.group}` : `${named[0]}, direct member`;
  return [...named, `through ${[...path.via].reverse().join(', in ')}`].join(', ');
}

/** `member of Sales (through Support Leads)`, `joins Sales (…)`, `leaves Old: the group is deleted (…)`. */
export function describeMembership(membership: GroupMembership): string {
  const renamed = membership.renamedFrom !== undefined ? `, renamed from ${membership.renamedFrom}` : '';
  const blocked = membership.blocked ? `, but the change is skipped: ${membership.blocked.problems.join('; ') || 'blocked by a problem'}` : '';
  switch (membership.status) {
    case 'member':
      return `member of ${membership.displayName} (${membershipSource(membership)}${renamed})`;
    case 'joins':
      return `${membership.blocked ? 'would join' : 'joins'} ${membership.displayName} (${membershipSource(membership)}${renamed})${blocked}`;
    case 'leaves':
      return `${membership.blocked ? 'would leave' : 'leaves'} ${membership.displayName}: ${membership.cause ?? 'removed by the plan'}${blocked}`;
  }
}

/** JSON, indented, one entry a line (its strings hold no raw line break). */
const jsonLines = (value: unknown, by: string) =>
  printableJson(value)
    .split('\n')
    .map((line) => `${by}${line}`);

function samlLine(attribute: SamlAttribute, width: number): string {
  const source = attribute.source === undefined ? '(constant)' : `(${attribute.source})`;
  const value = attribute.value === undefined ? 'no value: left out of the assertion' : attribute.value;
  return `    ${attribute.name.padEnd(width)}  ${value}  ${source}`;
}

function appSection(app: AppExplanation, requests: ExplainView['requests']): string[] {
  const lines = [`${app.app}: ${describeVerdict(app.app, app.access)}`];
  if (app.scim) {
    lines.push('  SCIM resource Roster sends for this user:', ...jsonLines(app.scim.resource, '    '));
    for (const omission of app.scim.omissions) lines.push(`  Left out: ${omission.path} (${omission.reason.replace(/-/g, ' ')})`);
  }
  if (app.saml) {
    const width = Math.max(...[app.saml.nameId, ...app.saml.attributes].map((a) => a.name.length));
    lines.push('  SAML assertion:', samlLine(app.saml.nameId, width), ...app.saml.attributes.map((a) => samlLine(a, width)));
  } else if (app.access.kind !== 'granted') {
    lines.push('  SAML assertion: none (no sign-in without access)');
  }
  if (app.provisioned) {
    if (app.accounts.length === 0) {
      const why = app.access.kind === 'inactive' ? ', and none is created while the user is inactive (no licence is spent on them)' : '';
      lines.push(`  Account in ${app.app}: none${why}`);
    }
    for (const account of app.accounts) {
      const relation = account.relation === 'linked' ? "linked: its externalId is this user's id" : `not linked${account.externalId ? ` (externalId ${account.externalId})` : ''}: same userName or email`;
      lines.push(`  Account in ${app.app}: ${account.userName} (id ${account.id}), ${account.state}, ${relation}`);
      for (const [path, value] of Object.entries(account.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`    ${formatField({ path, after: value })}`);
    }
  }
  if (app.groups) {
    if (app.groups.length === 0) lines.push(`  Groups in ${app.app}: none`);
    else lines.push(`  Groups in ${app.app}:`, ...app.groups.map((g) => `    ${describeMembership(g)}`));
  }
  if (app.provisioned) {
    if (app.changes.length === 0) lines.push(`  Plan: nothing to change${app.accounts.length > 0 ? ': the account matches' : ''}`);
    for (const change of app.changes) {
      lines.push(`  Plan: ${actionLabel(change)} ${change.address} — ${change.reason.message}`);
      for (const field of change.fields) lines.push(`    ${formatField(field)}`);
      for (const problem of change.problems) lines.push(`    ${problem.severity}: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`);
      for (const request of requests[change.address] ?? []) {
        lines.push(`    ${request.method} ${request.path}`);
        if (request.body !== undefined) lines.push(...jsonLines(request.body, '      '));
      }
    }
  }
  return lines;
}

function renderExplainText(view: ExplainView): string {
  const { user, applications } = view.explanation;
  const state = [user.state, user.suspended && user.state !== 'SUSPENDED' ? 'suspended' : '', user.passwordExpired ? 'password expired' : ''].filter(Boolean).join(', ');
  const lines = [`${user.email} — IdP user ${user.username} (id ${user.id}), ${state}`];
  for (const app of applications) lines.push('', ...appSection(app, view.requests));
  // Each entry is one line: data cannot add one, as its line breaks are shown escaped.
  return `${lines.map(printable).join('\n')}\n`;
}

function renderExplainJson(view: ExplainView): string {
  const { user, applications } = view.explanation;
  return `${printableJson(
    {
      formatVersion: EXPLAIN_FORMAT_VERSION,
      user,
      applications: applications.map((app) => ({ ...app, changes: app.changes.map((c) => ({ ...c, requests: view.requests[c.address] ?? [] })) })),
    },
  )}\n`;
}

export const EXPLAIN_FORMATS = { text: renderExplainText, json: renderExplainJson } as const satisfies Record<string, (view: ExplainView) => string>;

export type ExplainFormat = keyof typeof EXPLAIN_FORMATS;

export function isExplainFormat(value: string): value is ExplainFormat {
  return Object.hasOwn(EXPLAIN_FORMATS, value);
}
