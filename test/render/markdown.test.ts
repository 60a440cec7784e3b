/** The pull-request comment: under GitHub's limit whatever the plan's size, and safe from the data it shows. */
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/core/plan.js';
import { MARKDOWN_LIMIT, renderMarkdown } from '../../src/render/markdown.js';
import { accountFor, group, planInput, user } from '../core/fixtures.js';

function largePlan(size: number) {
  const users = Array.from({ length: size }, (_, i) =>
    user(`user${String(i).padStart(5, '0')}`, { addresses: [{ type: 'work', streetAddress: `${i} Main Street`, locality: 'Austin', region: 'TX', postalCode: '78701', ...(i % 50 ? { country: 'US' } : {}) }] }),
  );
  const stay = users.filter((_, i) => i % 2 === 0);
  const leave = users.filter((_, i) => i % 2 === 1);
  return buildPlan(planInput({ users, groups: [group('Sales', stay.map((u) => u.id))], accounts: leave.map((u) => accountFor(u)) }));
}

describe('markdown size', () => {
  it('keeps a 5,000-change plan under the limit, says what was cut and points to the JSON plan', () => {
    const plan = largePlan(5000);
    expect(plan.changes.length).toBeGreaterThanOrEqual(5000);
    const markdown = renderMarkdown(plan);
    expect(markdown.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(markdown).toMatch(/This comment is shortened to stay under 60,000 characters: \d[\d,]* entries are not shown\. The JSON plan/);
    // The summary, the safety violation and the estimate are never cut.
    expect(markdown).toContain('**Plan: 2400 to create, 2500 to deactivate, 100 to skip.**');
    expect(markdown).toContain('--allow deprovision:ringcentral');
    expect(markdown).toContain('#### Estimate');
    // Skips and lost access come before attribute details.
    expect(markdown).toContain('**100 changes are skipped**');
    expect(markdown).toContain('**Access lost (2500)**');
  });

  it('cuts nothing and adds no note when the plan fits', () => {
    const markdown = renderMarkdown(largePlan(10));
    expect(markdown).not.toContain('shortened');
    expect(markdown).not.toContain('more, in the JSON plan');
  });

  it('respects a smaller limit', () => {
    expect(renderMarkdown(largePlan(400), { limit: 8_000 }).length).toBeLessThan(8_000);
  });
});

describe('markdown escaping', () => {
  it('shows values from the directory verbatim, without letting them change the layout', () => {
    const plan = buildPlan(planInput({ users: [user('alice', { department: '<img src=x> | **bold** `tick`' })], groups: [group('Sales', ['alice'])] }));
    const markdown = renderMarkdown(plan);
    expect(markdown).toContain('| `` <img src=x> \\| **bold** `tick` `` |');
    expect(markdown).toContain('member of Sales');
    expect(markdown).not.toContain('&#');
  });
});

describe('renames', () => {
  function renamePlan() {
    const renamed = user('nora', { email: 'nora.jenkins@example.com' });
    const old = { userName: 'nora.smith@example.com', 'emails[type eq "work"].value': 'nora.smith@example.com' };
    return buildPlan(planInput({ users: [renamed], groups: [group('Sales', [renamed.id])], accounts: [accountFor(renamed, { userName: old.userName }, old)] }));
  }

  it('the summary line and a section of their own name every account that gets a new userName', () => {
    const markdown = renderMarkdown(renamePlan());
    expect(markdown).toContain('1 account gets a new userName');
    expect(markdown).toMatch(/\*\*Renamed \(1\)\*\*\n\n\| user \| userName \|\n\|---\|---\|\n\| `nora\.smith@example\.com` \| nora\\?\.smith@example\\?\.com → nora\\?\.jenkins@example\\?\.com \|/);
  });
});
