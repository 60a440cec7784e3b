/**
 * The applications `roster init` declares from what the IdP already holds: each SSO application
 * with the user groups bound to it, under its label and IdP URL as they are, so that the first
 * plan adopts them instead of creating or replacing anything. Settings Roster cannot read back
 * into a declaration (the SP's SAML details of a catalog Roster does not know) are taken from the
 * IdP application itself.
 */
import { compareText } from './order.js';
import type { FoundIdpApplication } from './ports.js';
import { RECORD_APP } from './idp-record.js';

export interface FoundDeclaration {
  /** The key under `applications:`: Roster's record name when the application has one, else from its label. */
  readonly name: string;
  readonly catalog: string;
  readonly label: string;
  readonly description?: string;
  readonly portal: 'visible' | 'hidden';
  readonly groups: readonly string[];
  readonly sso: {
    /** Only when single sign-on is off in the IdP. */
    readonly enabled?: false;
    readonly ssoUrl?: string;
    /** Only for the generic catalog, which has no SP defaults. */
    readonly acsUrl?: string;
    readonly spEntityId?: string;
  };
}

export interface DeclareFoundInput {
  readonly applications: readonly FoundIdpApplication[];
  /** Roster's catalog names: an IdP application of one of these kinds gets that catalog. */
  readonly catalogs: readonly string[];
  /** The catalog of every other application (the generic SAML/SCIM one). */
  readonly generic: string;
  /** What an application's name must look like (config/schema.ts APPLICATION_NAME). */
  readonly namePattern: RegExp;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A name of the required shape from free text: "Google Workspace (EU)" → `google-workspace-eu`. */
export function nameFromLabel(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') return 'app';
  return /^[a-z]/.test(slug) ? slug : `app-${slug}`;
}

/** Declarations in label order, each name unique (`-2`, `-3`, … after a repeated one). */
export function declareFoundApplications(input: DeclareFoundInput): FoundDeclaration[] {
  const sorted = [...input.applications].sort((a, b) => compareText(String(a.settings['label'] ?? a.kind), String(b.settings['label'] ?? b.kind)) || compareText(a.id, b.id));
  const taken = new Set<string>();
  const unique = (wanted: string): string => {
    let name = wanted;
    for (let n = 2; taken.has(name); n++) name = `${wanted}-${n}`;
    taken.add(name);
    return name;
  };
  // Record names first: they are what Roster already calls those applications.
  const recorded = new Map<string, string>();
  for (const app of sorted) {
    const name = text(app.settings[RECORD_APP]);
    if (name !== undefined && input.namePattern.test(name) && !taken.has(name)) recorded.set(app.id, unique(name));
  }
  return sorted.map((app) => {
    const label = text(app.settings['label']) ?? app.kind;
    const name = recorded.get(app.id) ?? unique(nameFromLabel(label));
    const catalog = input.catalogs.includes(app.kind) && app.kind !== input.generic ? app.kind : input.generic;
    const description = text(app.settings['description']);
    const ssoUrl = text(app.settings['ssoUrl']);
    const acsUrl = catalog === input.generic ? text(app.settings['config.acsUrl']) : undefined;
    const spEntityId = catalog === input.generic ? text(app.settings['config.spEntityId']) : undefined;
    return {
      name,
      catalog,
      label,
      ...(description !== undefined ? { description } : {}),
      portal: app.settings['portal'] === 'hidden' ? 'hidden' : 'visible',
      groups: [...app.boundGroups].sort(compareText),
      sso: {
        ...(app.settings['active'] === false ? { enabled: false as const } : {}),
        ...(ssoUrl !== undefined ? { ssoUrl } : {}),
        ...(acsUrl !== undefined ? { acsUrl } : {}),
        ...(spEntityId !== undefined ? { spEntityId } : {}),
      },
    };
  });
}
