/**
 * A stand-in for the systems in property tests: applies a plan's steps to the state they were
 * planned from, storing values the way a normalising target does (country codes as names) and
 * leaving new accounts pending, as RingCentral does.
 */
import type { Plan, PlanInput, TargetInput } from '../../src/core/plan.js';
import type { AttributeValue, FlatAttributes, IdpApplication, TargetAccount } from '../../src/core/model.js';
import type { TargetNormalizer } from '../../src/core/compare.js';

const COUNTRY_NAMES: Record<string, string> = { US: 'United States', GB: 'United Kingdom' };

/** How the target stores a value. */
function stored(path: string, value: AttributeValue): AttributeValue {
  return path.endsWith('.country') && typeof value === 'string' ? (COUNTRY_NAMES[value] ?? value) : value;
}

/** The normalisation that makes stored values compare equal to what was sent. */
export const countryNormalizer: TargetNormalizer = (path, value) => {
  if (!path.endsWith('.country') || typeof value !== 'string') return value;
  const code = Object.entries(COUNTRY_NAMES).find(([, name]) => name === value)?.[0];
  return code ?? value;
};

function store(attributes: FlatAttributes): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(attributes).map(([path, value]) => [path, stored(path, value)]));
}

function applyToTarget(target: TargetInput, plan: Plan, app: string): TargetInput {
  const accounts = new Map<string, TargetAccount>(target.accounts.map((a) => [a.id, a]));
  for (const change of plan.changes.filter((c) => c.app === app)) {
    for (const step of change.steps) {
      switch (step.op) {
        case 'scim.create': {
          const id = `new-${step.userName}`;
          const externalId = step.attributes['externalId'];
          accounts.set(id, {
            id,
            userName: step.userName,
            ...(typeof externalId === 'string' ? { externalId } : {}),
            state: 'pending',
            detail: 'full',
            attributes: { ...store(step.attributes), active: false },
          });
          break;
        }
        case 'scim.update': {
          const account = accounts.get(step.id)!;
          const attributes = { ...account.attributes, ...store(step.set) };
          for (const path of step.unset) delete attributes[path];
          const externalId = attributes['externalId'];
          const state = step.set['active'] === undefined ? account.state : step.set['active'] ? 'active' : 'inactive';
          accounts.set(step.id, { ...account, state, attributes, ...(typeof externalId === 'string' ? { externalId } : {}) });
          break;
        }
        case 'scim.delete':
          accounts.delete(step.id);
          break;
        default:
          break;
      }
    }
  }
  return { ...target, accounts: [...accounts.values()] };
}

function applyToIdp(apps: readonly IdpApplication[], plan: Plan, input: PlanInput): IdpApplication[] {
  const byApp = new Map(apps.map((a) => [a.app, a]));
  for (const change of plan.changes) {
    for (const step of change.steps) {
      const app = byApp.get(step.app);
      switch (step.op) {
        case 'idp.app.create':
          byApp.set(step.app, { id: `app-${step.app}`, app: step.app, settings: step.settings, boundGroups: [] });
          break;
        case 'idp.app.update':
          byApp.set(step.app, { ...app!, settings: { ...app!.settings, ...step.set } });
          break;
        case 'idp.app.delete':
          byApp.delete(step.app);
          break;
        case 'idp.binding.add':
          byApp.set(step.app, { ...app!, boundGroups: [...app!.boundGroups, { id: step.groupId, name: step.group }] });
          break;
        case 'idp.binding.remove':
          byApp.set(step.app, { ...app!, boundGroups: app!.boundGroups.filter((g) => g.name !== step.group) });
          break;
        default:
          break;
      }
    }
  }
  return input.desired.applications.flatMap((a) => (byApp.has(a.name) ? [byApp.get(a.name)!] : []));
}

/** The state the plan describes: its input with every step applied. */
export function applyPlan(input: PlanInput, plan: Plan): PlanInput {
  return {
    ...input,
    idpApplications: applyToIdp(input.idpApplications, plan, input),
    targets: Object.fromEntries(Object.entries(input.targets).map(([app, target]) => [app, applyToTarget(target, plan, app)])),
  };
}
