/** Manual steps follow from SSO changes, with the exact values to paste. */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { manualStepsFor } from '../../src/core/manual-steps.js';
import { application } from './fixtures.js';

const app = application(['Sales'], {
  sso: { enabled: true, settings: { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', 'attributes.email': 'email' } },
});

const sso = (action: Change['action'], fields: Change['fields'] = []): Change => ({
  address: 'ringcentral/sso',
  app: 'ringcentral',
  kind: 'sso_app',
  action,
  fields,
  reason: { code: 'config', message: '' },
  steps: [],
  problems: [],
});

const rows: Array<{ rule: string; change: Change; title?: RegExp; includes?: string[] }> = [
  { rule: 'a new SSO application needs the IdP metadata in the application’s portal', change: sso('create'), title: /^Set up SAML single sign-on in RingCentral$/, includes: ['roster metadata ringcentral', 'IdP sign-in URL it shows: https://sso.jumpcloud.com/saml2/ringcentral', 'SAML attribute "email" carries the user\'s email'] },
  { rule: 'a replaced SSO application needs the new metadata, and says sign-in fails until then', change: sso('replace'), title: /SSO sign-in fails until this is done/ },
  { rule: 'a changed attribute statement needs the mapping checked', change: sso('update', [{ path: 'attributes.email', before: 'email', after: 'username' }]), title: /attribute mapping/, includes: ['SAML attribute "email" now carries the user\'s username'] },
  { rule: 'a changed label needs nothing by hand', change: sso('update', [{ path: 'label', before: 'RC', after: 'RingCentral' }]) },
  { rule: 'a skipped change needs nothing by hand', change: sso('skip') },
];

describe('manual steps', () => {
  it.each(rows)('$rule', ({ change, title, includes }) => {
    const steps = manualStepsFor(change, app);
    if (!title) {
      expect(steps).toEqual([]);
      return;
    }
    expect(steps).toHaveLength(1);
    expect(steps[0]!.title).toMatch(title);
    expect(steps[0]!.address).toBe('ringcentral/sso');
    for (const text of includes ?? []) expect(steps[0]!.instructions.join('\n')).toContain(text);
  });
});
