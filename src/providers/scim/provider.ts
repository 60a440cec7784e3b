/**
 * A SCIM 2.0 target (RFC 7644): paged reads, detail reads, lookups and writes. Vendor profiles
 * (e.g. RingCentral) supply capabilities, normalisation and the account state hook.
 */
import type { Step } from '../../core/change.js';
import type { TargetNormalizer } from '../../core/compare.js';
import type { AccountState, TargetAccount } from '../../core/model.js';
import type { Capabilities, StepContext, StepResult, TargetProvider } from '../../core/ports.js';
import { assertNever } from '../../core/assert-never.js';
import { flattenResource, schemasFor, unflattenAttributes } from '../../core/scim-path.js';
import type { HttpClient } from '../http/client.js';
import { buildPatch } from './patch.js';
import { listResponseSchema, scimUserSchema, type ScimUserResource } from './wire.js';

export interface ScimProfile {
  readonly capabilities: Capabilities;
  readonly normalizer: TargetNormalizer;
  /**
   * Account states the target reports outside SCIM (e.g. RingCentral's pending accounts), by id.
   * Accounts absent from the map take their state from `active`.
   */
  readStates?(): Promise<ReadonlyMap<string, AccountState>>;
}

export class ScimTargetProvider implements TargetProvider {
  readonly system: string;
  readonly capabilities: Capabilities;
  readonly normalizer: TargetNormalizer;
  private states?: ReadonlyMap<string, AccountState>;

  constructor(
    readonly http: HttpClient,
    private readonly profile: ScimProfile,
  ) {
    this.system = http.system;
    this.capabilities = profile.capabilities;
    this.normalizer = profile.normalizer;
  }

  private toAccount(resource: ScimUserResource, detail: 'list' | 'full'): TargetAccount {
    const state = this.states?.get(resource.id) ?? (resource.active ? 'active' : 'inactive');
    const version = resource.meta?.version ?? resource.meta?.lastModified ?? undefined;
    return {
      id: resource.id,
      userName: resource.userName,
      ...(resource.externalId ? { externalId: resource.externalId } : {}),
      state,
      attributes: flattenResource(resource),
      detail,
      ...(version ? { version } : {}),
    };
  }

  async readAccounts(): Promise<TargetAccount[]> {
    const pageSize = this.capabilities.maxPageSize;
    const read = this.capabilities.rateLimits.read.name;
    const [states, first] = await Promise.all([
      this.profile.readStates?.(),
      this.http.json({ method: 'GET', path: '/Users', query: { startIndex: 1, count: pageSize }, rateGroup: read }, listResponseSchema),
    ]);
    this.states = states;
    const resources = [...(first.Resources ?? [])];
    for (let start = resources.length + 1; start <= first.totalResults && resources.length < first.totalResults; ) {
      const page = await this.http.json({ method: 'GET', path: '/Users', query: { startIndex: start, count: pageSize }, rateGroup: read }, listResponseSchema);
      const items = page.Resources ?? [];
      if (items.length === 0) break;
      resources.push(...items);
      start += items.length;
    }
    const detail = this.capabilities.listOmits.length > 0 ? 'list' : 'full';
    return resources.map((r) => this.toAccount(r, detail));
  }

  async readAccountDetails(ids: readonly string[]): Promise<TargetAccount[]> {
    const accounts: TargetAccount[] = [];
    for (const id of ids) {
      const resource = await this.http.json({ method: 'GET', path: `/Users/${encodeURIComponent(id)}`, rateGroup: this.capabilities.rateLimits.read.name }, scimUserSchema);
      accounts.push(this.toAccount(resource, 'full'));
    }
    return accounts;
  }

  async findAccount(userName: string): Promise<TargetAccount | undefined> {
    const filter = `userName eq "${userName.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    const page = await this.http.json(
      { method: 'GET', path: '/Users', query: { filter, startIndex: 1, count: 2 }, rateGroup: this.capabilities.rateLimits.read.name },
      listResponseSchema,
    );
    const found = page.Resources?.[0];
    return found ? this.toAccount(found, this.capabilities.listOmits.length > 0 ? 'list' : 'full') : undefined;
  }

  async execute(step: Extract<Step, { op: `scim.${string}` }>, _context: StepContext): Promise<StepResult> {
    const write = this.capabilities.rateLimits.write.name;
    switch (step.op) {
      case 'scim.create': {
        const body = { schemas: schemasFor(step.attributes), ...unflattenAttributes(step.attributes) };
        const created = await this.http.json({ method: 'POST', path: '/Users', body, rateGroup: write }, scimUserSchema, [201, 200]);
        return { id: created.id, attempts: 1 };
      }
      case 'scim.update': {
        const path = `/Users/${encodeURIComponent(step.id)}`;
        if (this.capabilities.patch) {
          await this.http.json({ method: 'PATCH', path, body: buildPatch(step.set, step.unset, step.addValues), rateGroup: write }, scimUserSchema, [200]);
        } else {
          const current = await this.http.json({ method: 'GET', path, rateGroup: this.capabilities.rateLimits.read.name }, scimUserSchema);
          const flat = { ...flattenResource(current), ...step.set };
          for (const key of step.unset) delete flat[key];
          const body = { schemas: schemasFor(flat), id: step.id, ...unflattenAttributes(flat) };
          await this.http.json({ method: 'PUT', path, body, rateGroup: write }, scimUserSchema, [200]);
        }
        return { id: step.id, attempts: 1 };
      }
      case 'scim.delete':
        await this.http.expect({ method: 'DELETE', path: `/Users/${encodeURIComponent(step.id)}`, rateGroup: write }, [204, 200]);
        return { id: step.id, attempts: 1 };
      default:
        return assertNever(step, 'SCIM step');
    }
  }

  async close(): Promise<void> {
    await this.http.close();
  }
}
