/**
 * One fixed scenario that exercises every part of a plan's output: an SSO update, a binding
 * added and one removed, creates (direct and nested), an update, an adoption, deactivations
 * (group unbound, suspension, a user deleted from the IdP), a skip, violations, manual steps,
 * unmanaged accounts and a warning.
 */
import { buildPlan, type Plan } from '../../src/core/plan.js';
import { accountFor, application, group, IDP_USER_ID_PATTERN, planInput, provisioning, unownedAccount, user } from '../core/fixtures.js';

const address = (country?: string) => ({ type: 'work', streetAddress: '100 Market Street', locality: 'San Francisco', region: 'CA', postalCode: '94105', ...(country ? { country } : {}) });

export function scenarioPlan(): Plan {
  const alice = user('alice', { addresses: [address('US')], phoneNumbers: [{ type: 'mobile', number: '+14155550100' }] });
  const bob = user('bob', { department: 'Partnerships' });
  const carol = user('carol');
  const dave = user('dave', { department: 'Support' });
  const erin = user('erin', { suspended: true, state: 'SUSPENDED' });
  const frank = user('frank', { addresses: [address()] });
  const gina = user('gina');
  const base = provisioning();
  const app = application(['Sales', 'Support'], {
    sso: { enabled: true, settings: { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', 'attributes.email': 'email' } },
    provisioning: provisioning({
      mappings: [...base.mappings, { target: 'displayName', source: 'firstname' }],
      safety: { maxDeprovision: { count: 2 }, protect: ['carol@example.com'] },
    }),
  });
  return buildPlan(
    planInput({
      users: [alice, bob, carol, dave, erin, frank, gina],
      groups: [
        group('Sales', ['alice', 'bob', 'erin', 'frank', 'gina']),
        { id: 'g-Support', name: 'Support', members: [{ userId: 'dave', via: ['Support Leads'] }] },
        group('Contractors', ['carol']),
      ],
      accounts: [
        accountFor(user('bob')),
        accountFor(carol),
        accountFor(erin),
        { ...accountFor(gina), externalId: undefined },
        accountFor(user('gone'), { externalId: '65e1a72438a31e660d00c8c4' }),
        unownedAccount('admin@example.com'),
      ],
      apps: [app],
      idpUserIdPattern: IDP_USER_ID_PATTERN,
      idpApplications: [
        {
          id: 'app-1',
          app: 'ringcentral',
          settings: { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', 'attributes.email': 'username', 'roster.app': 'ringcentral', 'roster.onRemove': 'keep' },
          boundGroups: [
            { id: 'g-Sales', name: 'Sales' },
            { id: 'g-Contractors', name: 'Contractors' },
          ],
        },
      ],
    }),
  );
}
