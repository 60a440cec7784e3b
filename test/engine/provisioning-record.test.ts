/**
 * The provisioning record (kind `provisioning`) through apply: ordered after the SSO application
 * it is written on and dependent on its creation, judged by the record it replaces, and journalled
 * as JumpCloud names integration events.
 */
import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/core/change.js';
import { provisioningRecord } from '../../src/core/idp-record.js';
import type { IdpApplication } from '../../src/core/model.js';
import { buildPlan } from '../../src/core/plan.js';
import { eventOfStep } from '../../src/engine/journal.js';
import { orderChanges } from '../../src/engine/order.js';
import { judgeIdpChange } from '../../src/engine/preconditions.js';
import { application, group, planInput, provisioning, user } from '../core/fixtures.js';

const SCIM = 'https://platform.ringcentral.com/scim/v2';
const SSO = { enabled: true, settings: { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral' } };
const RECORD = { 'roster.app': 'ringcentral', 'roster.onRemove': 'keep' };

function planned(enabled: boolean, actual?: IdpApplication): Change[] {
  const app = application(['Sales'], { sso: SSO, provisioning: provisioning({ enabled, url: SCIM }) });
  return [...buildPlan(planInput({ users: [user('alice')], groups: [group('Sales', ['alice'])], apps: [app], ...(actual ? { idpApplications: [actual] } : {}) })).changes];
}

const recordOf = (changes: readonly Change[]) => changes.find((c) => c.kind === 'provisioning')!;
const made = (provisioningValue?: string): IdpApplication => ({
  id: 'app-1',
  app: 'ringcentral',
  settings: { ...SSO.settings, ...RECORD, ...(provisioningValue !== undefined ? { 'roster.provisioning': provisioningValue } : {}) },
  boundGroups: [{ id: 'g-Sales', name: 'Sales' }],
});

describe('the provisioning record in apply', () => {
  it('comes after the application it is written on, and depends on its creation', () => {
    const order = orderChanges(planned(true));
    expect(order.idp.map((c) => c.address)).toEqual(['ringcentral/sso', 'ringcentral/binding/Sales', 'ringcentral/provisioning']);
    expect(order.dependencies.get('ringcentral/provisioning')).toEqual(['ringcentral/sso']);
    expect([...order.accounts.values()].flat().some((c) => c.kind === 'provisioning')).toBe(false);
  });

  it('holds while the record is as planned, is applied once it is as written, and is stale otherwise', () => {
    const change = recordOf(planned(false, made(provisioningRecord(SCIM))));
    expect(judgeIdpChange(change, made(provisioningRecord(SCIM))).kind).toBe('holds');
    expect(judgeIdpChange(change, made()).kind).toBe('applied');
    expect(judgeIdpChange(change, made('0badc0de'))).toEqual({ kind: 'stale', why: 'the provisioning record changed since the plan was made' });
    expect(judgeIdpChange(change, undefined)).toEqual({ kind: 'stale', why: 'the application no longer exists' });
  });

  it('on an application created in the same apply, holds before it exists and after it is made', () => {
    const change = recordOf(planned(true));
    expect(judgeIdpChange(change, undefined).kind).toBe('holds');
    expect(judgeIdpChange(change, made()).kind).toBe('holds');
    expect(judgeIdpChange(change, made(provisioningRecord(SCIM))).kind).toBe('applied');
  });

  it.each([
    ['switched on', undefined, true, 'idm_integration_activate'],
    ['moved to another target', '0badc0de', true, 'idm_integration_update'],
    ['switched off', provisioningRecord(SCIM), false, 'idm_integration_delete'],
  ] as const)('is journalled when %s', (_, recorded, enabled, event) => {
    const step = recordOf(planned(enabled, made(recorded))).steps[0]!;
    expect(eventOfStep(step)).toBe(event);
  });
});
