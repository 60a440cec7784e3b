/** A bound group the IdP does not have: where it is written, and the IdP group it was likely meant to be. */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/plan.js';
import { application, group, planInput, user } from './fixtures.js';

const ORIGIN = { file: 'configs/roster.yaml', line: 17, column: 14 };

function missing(bound: string, idpGroups: string[], groupOrigins: Record<string, typeof ORIGIN> = { [bound]: ORIGIN }) {
  const input = planInput({ users: [user('alice')], groups: [], apps: [application([bound], { groupOrigins })] });
  const plan = buildPlan({ ...input, directory: { ...input.directory, groupNames: idpGroups } });
  return plan.diagnostics.find((d) => d.code === 'idp.group-not-found')!;
}

describe('a bound group missing from the IdP', () => {
  it.each([
    ['differs only in case', 'group 1', ['Group 10', 'Group 1', 'Group 2'], 'did you mean "Group 1"? Group names are case-sensitive. Write it as the IdP does, or create the group first'],
    ['case first, before a nearer spelling', 'GROUP 1', ['Group 2', 'Group 1'], 'did you mean "Group 1"? Group names are case-sensitive. Write it as the IdP does, or create the group first'],
    ['is misspelt', 'Suport', ['Sales', 'Support', 'Support Leads'], 'did you mean "Support"? Write it as the IdP does, or create the group first'],
    ['is nothing like any group', 'Finance', ['Sales', 'Support'], 'check the spelling against the IdP’s user groups, or create the group first'],
  ])('%s: the hint names the likely group', (_, bound, idpGroups, hint) => {
    expect(missing(bound, idpGroups).hint).toBe(hint);
  });

  it('points at its entry in the configuration', () => {
    expect(missing('group 1', ['Group 1'])).toMatchObject({ origin: ORIGIN, path: 'applications.ringcentral.groups', message: 'ringcentral: user group "group 1" does not exist in the IdP' });
    expect(missing('group 1', ['Group 1'], {}).origin).toBeUndefined();
  });

  it('is compared with the groups read when the IdP did not list every name', () => {
    const input = planInput({ users: [user('alice')], groups: [group('Sales', ['alice'])], apps: [application(['sales'])] });
    expect(buildPlan(input).diagnostics.find((d) => d.code === 'idp.group-not-found')?.hint).toMatch(/^did you mean "Sales"\?/);
  });
});
