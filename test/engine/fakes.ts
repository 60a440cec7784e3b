/**
 * In-memory providers and hand-made changes for engine tests: an IdP with SSO applications and
 * bindings, a SCIM target with accounts, both recording every step they execute and failing the
 * steps a test tells them to, with the errors real providers raise.
 */
import { accountDigest } from '../../src/core/account-change.js';
import { bindingAddress, ssoAddress, userAddress } from '../../src/core/address.js';
import type { Action, Change, Step } from '../../src/core/change.js';
import { identityNormalizer } from '../../src/core/compare.js';
import type { DesiredProvisioning, DesiredState, TargetRules } from '../../src/core/desired.js';
import type { FailureClass } from '../../src/core/failure.js';
import { desiredIdpSettings } from '../../src/core/idp-settings.js';
import { isManagedPath } from '../../src/core/mapping.js';
import type { AttributeValue, Directory, DirectoryUser, IdpApplication, TargetAccount } from '../../src/core/model.js';
import { buildPlan, type Plan } from '../../src/core/plan.js';
import type { Capabilities, IdpProvider, StepResult, TargetProvider } from '../../src/core/ports.js';
import type { ActualState } from '../../src/engine/refresh.js';
import { ProviderError } from '../../src/providers/http/errors.js';

export const APP = 'phones';
const RULES: TargetRules = {
  userNameIsWorkEmail: false,
  addressRequiresCountry: false,
  pendingAfterCreate: false,
  reactivateBeforeDelete: true,
  valueTypes: { emails: ['work'] },
  targetOwned: [],
  ignored: [],
  requiredAtCreate: ['userName'],
};
export const PROVISIONING: DesiredProvisioning = {
  enabled: true,
  mappings: [
    { target: 'userName', source: 'email' },
    { target: 'name.familyName', source: 'lastname' },
    { target: 'title', source: 'attributes.title' },
  ],
  deprovision: 'deactivate',
  safety: { protect: [] },
  rules: RULES,
};
export const DESIRED: DesiredState = {
  applications: [{ name: APP, catalog: 'scim', groups: ['Staff'], sso: { enabled: true, settings: { label: 'Phones', ssoUrl: 'https://sso.example/phones' } }, provisioning: PROVISIONING }],
};
export const CAPABILITIES: Capabilities = {
  patch: true,
  maxPageSize: 100,
  filterAttributes: ['userName'],
  groups: false,
  listOmits: [],
  rateLimits: { read: { name: 'light', requestsPerMinute: 50 }, write: { name: 'heavy', requestsPerMinute: 10 } },
};

const isManaged = (path: string) => isManagedPath(path, PROVISIONING.mappings, RULES);

export function providerError(failureClass: FailureClass, status?: number, detail?: string): ProviderError {
  return new ProviderError({ failureClass, details: { system: 'fake', method: 'POST', path: '/Users', ...(status ? { status } : {}), ...(detail ? { detail } : {}), attempts: 1 } });
}

export function account(userName: string, attributes: Record<string, AttributeValue> = {}, state: TargetAccount['state'] = 'active'): TargetAccount {
  return { id: `id-${userName}`, userName, externalId: `u-${userName}`, state, detail: 'full', attributes: { userName, ...attributes } };
}

/** A step fails when the test's rule returns an error for it. */
type FailureRule = (step: Step) => Error | undefined;

export class FakeTarget implements TargetProvider {
  readonly system = 'fake';
  readonly capabilities = CAPABILITIES;
  readonly normalizer = identityNormalizer;
  readonly accounts = new Map<string, TargetAccount>();
  readonly executed: Step[] = [];
  /** Waits before answering each step, to let concurrency show. */
  delayMs = 0;
  /** Attributes it accepts and does not store (a target that ignores them). */
  readonly drops = new Set<string>();
  fail: FailureRule = () => undefined;
  inFlight = 0;
  maxInFlight = 0;
  private nextId = 1;

  constructor(accounts: readonly TargetAccount[] = []) {
    for (const a of accounts) this.accounts.set(a.id, a);
  }

  async readAccounts(): Promise<TargetAccount[]> {
    return [...this.accounts.values()];
  }

  async readAccountDetails(ids: readonly string[]): Promise<TargetAccount[]> {
    return ids.map((id) => {
      const found = this.accounts.get(id);
      if (!found) throw providerError('not-found', 404);
      return found;
    });
  }

  async findAccount(userName: string): Promise<TargetAccount | undefined> {
    return [...this.accounts.values()].find((a) => a.userName.toLowerCase() === userName.toLowerCase());
  }

  async execute(step: Extract<Step, { op: `scim.${string}` }>): Promise<StepResult> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      const error = this.fail(step);
      if (error) throw error;
      this.executed.push(step);
      return this.apply(step);
    } finally {
      this.inFlight -= 1;
    }
  }

  private apply(step: Extract<Step, { op: `scim.${string}` }>): StepResult {
    switch (step.op) {
      case 'scim.group.create':
      case 'scim.group.update':
      case 'scim.group.delete':
        throw new Error('the fake target has no groups: engine group tests run against the sandbox');
      case 'scim.create': {
        const id = `new-${this.nextId++}`;
        const { externalId, active, ...attributes } = step.attributes;
        this.accounts.set(id, { id, userName: step.userName, externalId: String(externalId), state: active === false ? 'inactive' : 'active', detail: 'full', attributes });
        return { id, attempts: 1 };
      }
      case 'scim.update': {
        const current = this.accounts.get(step.id)!;
        const { active, ...set } = step.set;
        const attributes = { ...current.attributes, ...set };
        for (const path of this.drops) if (path in set) attributes[path] = current.attributes[path]!;
        for (const path of step.unset) delete attributes[path];
        this.accounts.set(step.id, { ...current, attributes, ...(active !== undefined ? { state: active ? 'active' : 'inactive' } : {}) });
        return { id: step.id, attempts: 1 };
      }
      case 'scim.delete':
        this.accounts.delete(step.id);
        return { id: step.id, attempts: 1 };
    }
  }
}

export class FakeIdp implements IdpProvider {
  readonly system = 'idp';
  readonly applications = new Map<string, IdpApplication>();
  readonly executed: Step[] = [];
  fail: FailureRule = () => undefined;

  async readDirectory(): Promise<never> {
    throw new Error('the engine does not read the directory');
  }

  async readApplications(apps: ReadonlyArray<{ app: string }>): Promise<IdpApplication[]> {
    return apps.flatMap(({ app }) => {
      const found = this.applications.get(app);
      return found ? [found] : [];
    });
  }

  async execute(step: Extract<Step, { op: `idp.${string}` }>, context: { appIds: ReadonlyMap<string, string> }): Promise<StepResult> {
    const error = this.fail(step);
    if (error) throw error;
    this.executed.push(step);
    if (step.op === 'idp.app.create') {
      this.applications.set(step.app, { id: `app-${step.app}`, app: step.app, settings: step.settings, boundGroups: [] });
      return { id: `app-${step.app}`, attempts: 1 };
    }
    if (step.op === 'idp.binding.add') {
      const appId = step.appId ?? context.appIds.get(step.app);
      const app = this.applications.get(step.app)!;
      this.applications.set(step.app, { ...app, boundGroups: [...app.boundGroups, { id: step.groupId, name: step.group }] });
      return { id: appId!, attempts: 1 };
    }
    return { attempts: 1 };
  }
}

/** A person in the directory: `staff` people are in the bound group and should have an account. */
export interface Person {
  readonly userName: string;
  readonly lastname?: string;
  readonly title?: string;
  readonly staff: boolean;
}

export function directoryOf(people: readonly Person[]): Directory {
  const users: DirectoryUser[] = people.map((p) => ({
    id: `u-${p.userName}`,
    username: p.userName,
    email: p.userName,
    ...(p.lastname ? { lastname: p.lastname } : {}),
    addresses: [],
    phoneNumbers: [],
    attributes: p.title ? { title: p.title } : ({} as Record<string, string>),
    state: 'ACTIVATED',
    suspended: false,
    passwordExpired: false,
  }));
  const members = people.filter((p) => p.staff).map((p) => ({ userId: `u-${p.userName}`, via: [] }));
  return { users, groups: [{ id: 'g-Staff', name: 'Staff', members }] };
}

/** What the plan was computed from: the directory, and the IdP and target as read before the run. */
export function actualOf(target: FakeTarget, idp: FakeIdp, people: readonly Person[] = []): ActualState {
  return {
    directory: directoryOf(people),
    idpApplications: [...idp.applications.values()],
    targets: { [APP]: { system: target.system, accounts: [...target.accounts.values()], capabilities: CAPABILITIES, normalizer: identityNormalizer } },
  };
}

function change(base: Partial<Change> & Pick<Change, 'address' | 'kind' | 'action' | 'steps'>): Change {
  return { app: APP, fields: [], reason: { code: 'config', message: 'test' }, problems: [], ...base };
}

export function createChange(userName: string, attributes: Record<string, AttributeValue> = {}): Change {
  const all = { userName, externalId: `u-${userName}`, active: true, ...attributes };
  return change({
    address: userAddress(APP, userName),
    kind: 'scim_user',
    action: 'create',
    after: all,
    precondition: { absent: true },
    steps: [{ op: 'scim.create', app: APP, userName, attributes: all }],
  });
}

export function accountChange(existing: TargetAccount, action: Exclude<Action, 'create' | 'skip'>, set: Record<string, AttributeValue> = {}): Change {
  const steps: Step[] =
    action === 'delete'
      ? [
          ...(existing.state === 'inactive' ? [{ op: 'scim.update' as const, app: APP, id: existing.id, userName: existing.userName, set: { active: true }, unset: [] }] : []),
          { op: 'scim.delete', app: APP, id: existing.id, userName: existing.userName },
        ]
      : [{ op: 'scim.update', app: APP, id: existing.id, userName: existing.userName, set, unset: [] }];
  return change({
    address: userAddress(APP, existing.userName),
    kind: 'scim_user',
    action,
    fields: Object.entries(set).map(([path, after]) => ({ path, ...(path === 'active' ? { before: existing.state === 'active' } : {}), after })),
    precondition: { digest: accountDigest(existing, isManaged) },
    steps,
  });
}

export function ssoCreate(): Change {
  // What a plan creates: the SSO settings with Roster's record (core/idp-settings.ts).
  const settings = desiredIdpSettings(DESIRED.applications[0]!);
  return change({ address: ssoAddress(APP), kind: 'sso_app', action: 'create', after: settings, precondition: { absent: true }, steps: [{ op: 'idp.app.create', app: APP, settings }] });
}

export function bindingCreate(group: string): Change {
  return change({
    address: bindingAddress(APP, group),
    kind: 'group_binding',
    action: 'create',
    after: { group },
    precondition: { absent: true },
    steps: [{ op: 'idp.binding.add', app: APP, group, groupId: `g-${group}` }],
  });
}

/** A plan of these changes, with the plan's own summary and no violations. */
export function planOf(changes: readonly Change[]): Plan {
  const empty = buildPlan({ desired: { applications: [] }, directory: { users: [], groups: [] }, idpSystem: 'idp', idpApplications: [], targets: {}, configDigest: 'test', createdAt: '2025-01-01T00:00:00.000Z' });
  return { ...empty, changes, summary: { ...empty.summary, ...Object.fromEntries(changes.map((c) => [c.action, changes.filter((x) => x.action === c.action).length])) } };
}
