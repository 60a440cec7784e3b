/**
 * The declarations `roster init` makes from the IdP's applications (core/init.ts): names, catalogs
 * and the SSO settings each catalog needs, table-driven.
 */
import { describe, expect, it } from 'vitest';
import { declareFoundApplications, nameFromLabel } from '../../src/core/init.js';
import type { FoundIdpApplication } from '../../src/core/ports.js';

const NAME = /^[a-z][a-z0-9-]*$/;
const declare = (applications: FoundIdpApplication[]) => declareFoundApplications({ applications, catalogs: ['ringcentral', 'scim'], generic: 'scim', namePattern: NAME });
const app = (id: string, kind: string, settings: FoundIdpApplication['settings'], boundGroups: string[] = []): FoundIdpApplication => ({ id, kind, settings, boundGroups });

describe('nameFromLabel', () => {
  it.each([
    ['RingCentral', 'ringcentral'],
    ['Team Wiki', 'team-wiki'],
    ['Google Workspace (EU)', 'google-workspace-eu'],
    ['Café Crème', 'cafe-creme'],
    ['1Password', 'app-1password'],
    ['—', 'app'],
  ])('%s → %s', (label, name) => {
    expect(nameFromLabel(label)).toBe(name);
    expect(name).toMatch(NAME);
  });
});

describe('declareFoundApplications', () => {
  it('keeps the catalog of a known kind, and the generic one with the SP settings otherwise', () => {
    const [ringcentral, wiki] = declare([
      app('1', 'ringcentral', { label: 'RingCentral', portal: 'visible', ssoUrl: 'https://sso.example/rc', 'config.acsUrl': 'https://rc/acs' }, ['Support', 'Sales']),
      app('2', 'custom-saml', { label: 'Wiki', portal: 'hidden', active: false, ssoUrl: 'https://sso.example/wiki', 'config.acsUrl': 'https://wiki/acs', 'config.spEntityId': 'wiki' }),
    ]);
    expect(ringcentral).toEqual({ name: 'ringcentral', catalog: 'ringcentral', label: 'RingCentral', portal: 'visible', groups: ['Sales', 'Support'], sso: { ssoUrl: 'https://sso.example/rc' } });
    expect(wiki).toEqual({
      name: 'wiki',
      catalog: 'scim',
      label: 'Wiki',
      portal: 'hidden',
      groups: [],
      sso: { enabled: false, ssoUrl: 'https://sso.example/wiki', acsUrl: 'https://wiki/acs', spEntityId: 'wiki' },
    });
  });

  it("names an application by Roster's record first, and every name once", () => {
    const names = declare([
      app('1', 'custom-saml', { label: 'Wiki' }),
      app('2', 'custom-saml', { label: 'Wiki' }),
      app('3', 'custom-saml', { label: 'Knowledge base', 'roster.app': 'wiki' }),
      app('4', 'custom-saml', { label: 'Bad record', 'roster.app': 'Not A Name' }),
    ]).map((d) => [d.label, d.name]);
    expect(names).toEqual([
      ['Bad record', 'bad-record'],
      ['Knowledge base', 'wiki'],
      ['Wiki', 'wiki-2'],
      ['Wiki', 'wiki-3'],
    ]);
  });
});
