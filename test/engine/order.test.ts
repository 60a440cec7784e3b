/** The order apply makes changes in, and what depends on what. */
import { describe, expect, it } from 'vitest';
import { orderChanges } from '../../src/engine/order.js';
import { account, accountChange, APP, bindingCreate, createChange, ssoCreate } from './fakes.js';

describe('orderChanges', () => {
  const leaver = account('leaver@example.com', {}, 'inactive');
  const idle = account('idle@example.com');
  const moved = account('moved@example.com');
  const changes = [
    createChange('new@example.com'),
    accountChange(moved, 'update', { title: 'x' }),
    bindingCreate('Staff'),
    accountChange(idle, 'deactivate', { active: false }),
    ssoCreate(),
    accountChange(leaver, 'delete'),
    { ...createChange('blocked@example.com'), action: 'skip' as const, steps: [] },
  ];

  it('puts the SSO application before its bindings, and deletes, deprovisions, updates and creates in that order', () => {
    const order = orderChanges(changes);
    expect(order.idp.map((c) => c.address)).toEqual([`${APP}/sso`, `${APP}/binding/Staff`]);
    expect(order.accounts.get(APP)?.map((c) => c.action)).toEqual(['delete', 'deactivate', 'update', 'create']);
    expect(order.planned.map((c) => c.address)).toEqual([`${APP}/user/blocked@example.com`]);
  });

  it('makes a binding depend on the application created in the same apply, and nothing else depend on anything', () => {
    expect(Object.fromEntries(orderChanges(changes).dependencies)).toEqual({ [`${APP}/binding/Staff`]: [`${APP}/sso`] });
  });

  it('lets a binding to an application that exists stand alone', () => {
    const existing = { ...bindingCreate('Staff'), steps: [{ op: 'idp.binding.add' as const, app: APP, appId: 'app-1', group: 'Staff', groupId: 'g-Staff' }] };
    expect(orderChanges([ssoCreate(), existing]).dependencies.size).toBe(0);
  });
});
