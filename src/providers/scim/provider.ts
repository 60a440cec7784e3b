/**
 * A SCIM 2.0 target (RFC 7644): discovery, paged reads, detail reads, lookups and writes. A
 * profile (generic, or a vendor's such as RingCentral) supplies the capabilities, the
 * normalisation and, where the target keeps it outside SCIM, the accounts' status.
 */
import type { Step } from '../../core/change.js';
import type { TargetNormalizer } from '../../core/compare.js';
import type { AccountState, TargetAccount, TargetGroup } from '../../core/model.js';
import type { Capabilities, ReadAccountsOptions, StepContext, StepResult, TargetProvider } from '../../core/ports.js';
import { assertNever } from '../../core/assert-never.js';
import { flattenResource } from '../../core/scim-path.js';
import type { HttpClient } from '../http/client.js';
import { discoverCapabilities } from './discovery.js';
import { GroupReader, toTargetGroup } from './groups-read.js';
import { createGroup, deleteGroup, updateGroup, type GroupWriteContext } from './groups-write.js';
import { findUsers, forEachUserPage, readAllUsers, readUsers } from './read.js';
import { createUser, deleteUser, updateUser, type WriteContext } from './write.js';
import type { ScimUserResource } from './wire.js';

/** What a target reports about its accounts outside SCIM (RingCentral: the extension list). */
export interface AccountStatus {
  /** States by account id; accounts absent here take their state from `active`. */
  readonly states: ReadonlyMap<string, AccountState>;
  readonly freeLicences?: number;
  /**
   * Attributes SCIM lists omit, as the target shows them beside the list (RingCentral: the
   * extension record's contact), by account id. An account absent here has none of them shown.
   */
  readonly omitted?: ReadonlyMap<string, OmittedFromList>;
  /** What shows them, for messages: "extension record". */
  readonly source?: string;
}

/** One account's omitted attributes as shown beside the list. */
export interface OmittedFromList {
  /** Top-level SCIM attributes in their resource form, e.g. `addresses: [{ type: 'work', … }]`. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Attribute → the field the source lacks for it (e.g. `contact.businessAddress`): not known. */
  readonly missing: Readonly<Record<string, string>>;
}

export interface ScimProfile {
  /** Declared capabilities; with `discover`, refined from the server's discovery endpoints. */
  readonly capabilities: Capabilities;
  readonly discover: boolean;
  readonly normalizer: TargetNormalizer;
  readAccountStatus?(): Promise<AccountStatus>;
}

export interface ScimTargetOptions {
  /**
   * How long a create whose answer was lost may still land once its connection closed: the
   * look-up waits this long before it decides the account is absent (write.ts).
   */
  readonly lostAnswerGraceMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Long enough for a server still processing a request whose client left to finish it. */
export const LOST_ANSWER_GRACE_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ScimTargetProvider implements TargetProvider {
  readonly system: string;
  readonly normalizer: TargetNormalizer;
  private current: Capabilities;
  private discovery?: Promise<void>;
  private status?: AccountStatus;
  private gaps = new Map<string, string>();
  private readonly groups: GroupReader;

  constructor(
    private readonly http: HttpClient,
    private readonly profile: ScimProfile,
    private readonly options: ScimTargetOptions = {},
  ) {
    this.system = http.system;
    this.current = profile.capabilities;
    this.normalizer = profile.normalizer;
    this.groups = new GroupReader(http, () => this.discovered());
  }

  /** The declared capabilities until the first read or write has discovered the server's. */
  get capabilities(): Capabilities {
    return this.current;
  }

  private async discovered(): Promise<Capabilities> {
    if (this.profile.discover) {
      this.discovery ??= discoverCapabilities(this.http, this.profile.capabilities).then((found) => {
        this.current = found;
      });
      await this.discovery;
    }
    return this.current;
  }

  /** `replaced`: top-level attributes shown beside the list, which take the place of the resource's own. */
  private toAccount(resource: ScimUserResource, detail: 'list' | 'full', replaced?: Readonly<Record<string, unknown>>): TargetAccount {
    const state = this.status?.states.get(resource.id) ?? (resource.active ? 'active' : 'inactive');
    const version = resource.meta?.version ?? resource.meta?.lastModified ?? undefined;
    return {
      id: resource.id,
      userName: resource.userName,
      ...(resource.externalId ? { externalId: resource.externalId } : {}),
      state,
      attributes: flattenResource(resource, replaced),
      detail,
      ...(version ? { version } : {}),
    };
  }

  private listDetail(): 'list' | 'full' {
    return this.current.listOmits.length > 0 ? 'list' : 'full';
  }

  async readAccounts(options: ReadAccountsOptions = {}): Promise<TargetAccount[]> {
    const capabilities = await this.discovered();
    const full = this.listDetail() === 'full';
    const compared = (options.compared ?? capabilities.listOmits).filter((a) => capabilities.listOmits.includes(a));
    // Accounts are made page by page once the status is known, while later pages still arrive;
    // pages that come before it wait, and keep the order they came in. The pages that waited are
    // made one per turn of the event loop, so that the reads still under way are served between
    // them rather than after all of them.
    const accounts: TargetAccount[] = [];
    const waiting: Array<readonly ScimUserResource[]> = [];
    let known = false;
    const take = (page: readonly ScimUserResource[]) => {
      for (const user of page) accounts.push(full ? this.toAccount(user, 'full') : this.listedAccount(user, compared, this.status));
    };
    const status = async () => {
      const read = await this.profile.readAccountStatus?.();
      this.status = read;
      this.gaps = new Map();
      for (let page = waiting.shift(); page !== undefined; page = waiting.shift()) {
        take(page);
        if (waiting.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      known = true;
    };
    await Promise.all([
      status(),
      forEachUserPage(this.http, { pageSize: capabilities.maxPageSize, rateGroup: capabilities.rateLimits.read.name, onPage: (page) => (known ? take(page) : waiting.push(page)) }),
    ]);
    return accounts;
  }

  /**
   * An account from its list item, `full` when the status source shows every compared attribute
   * the list omits (their values join the item's); otherwise `list`, with the reason kept.
   */
  private listedAccount(user: ScimUserResource, compared: readonly string[], status: AccountStatus | undefined): TargetAccount {
    if (!status?.omitted || compared.length === 0) return this.toAccount(user, 'list');
    const shown = status.omitted.get(user.id);
    const source = status.source ?? 'status record';
    if (!shown) {
      this.gaps.set(user.id, `they have no ${source}`);
      return this.toAccount(user, 'list');
    }
    // Most records lack nothing: the reason is only assembled for those that do.
    const lacks = compared.some((a) => shown.missing[a] !== undefined);
    const lacking = lacks ? [...new Set(compared.map((a) => shown.missing[a]).filter((m): m is string => m !== undefined))].sort() : [];
    if (lacking.length > 0) {
      this.gaps.set(user.id, `their ${source} has no ${lacking.join(' and no ')}`);
      return this.toAccount(user, 'list');
    }
    const values: Record<string, unknown> = {};
    for (const attribute of compared) values[attribute] = shown.values[attribute] ?? [];
    return this.toAccount(user, 'full', values);
  }

  listGaps(): ReadonlyMap<string, string> {
    return this.gaps;
  }

  async readAccountDetails(ids: readonly string[]): Promise<TargetAccount[]> {
    const capabilities = await this.discovered();
    const users = await readUsers(this.http, ids, capabilities.rateLimits.read.name);
    return users.map((user) => this.toAccount(user, 'full'));
  }

  freeLicences(): number | undefined {
    return this.status?.freeLicences;
  }

  /**
   * By userName; by externalId as well where the target can filter on it. The re-read before each
   * change must stay one request: reading the whole list for every create would cost a list per
   * account (only a create whose answer was lost searches the list, see `lookup`).
   */
  async findAccount(userName: string, externalId?: string): Promise<TargetAccount | undefined> {
    const found = await this.lookup(userName, externalId, false);
    return found ? this.toAccount(found, this.listDetail()) : undefined;
  }

  /**
   * The user with this userName whose externalId is `externalId`, else the user holding
   * `externalId`, else the user with this userName. A target need not enforce unique userNames,
   * so a userName may name several users.
   */
  private async lookup(userName: string, externalId?: string, searchList = true): Promise<ScimUserResource | undefined> {
    const capabilities = await this.discovered();
    const read = capabilities.rateLimits.read.name;
    let everyone: Promise<ScimUserResource[]> | undefined;
    const all = () => (everyone ??= readAllUsers(this.http, { pageSize: capabilities.maxPageSize, rateGroup: read }));
    const find = async (attribute: 'userName' | 'externalId', value: string): Promise<ScimUserResource[]> => {
      if (capabilities.filterAttributes.includes(attribute)) return findUsers(this.http, attribute, value, read);
      // A target that cannot filter: read the list and search it (RFC 7643 §4.1: userName is
      // case-insensitive, externalId case-exact).
      const same = attribute === 'userName' ? (user: ScimUserResource) => user.userName.toLowerCase() === value.toLowerCase() : (user: ScimUserResource) => user.externalId === value;
      return (await all()).filter(same);
    };
    const named = await find('userName', userName);
    const ours = externalId !== undefined ? named.find((user) => user.externalId === externalId) : undefined;
    if (ours || externalId === undefined) return ours ?? named[0];
    if (!searchList && !capabilities.filterAttributes.includes('externalId')) return named[0];
    return (await find('externalId', externalId))[0] ?? named[0];
  }

  /** Every group (groups-read.ts): `excludedAttributes=members`, then one member read per group `withMembers` selects. */
  async readGroups(options: { readonly withMembers?: (group: TargetGroup) => boolean } = {}): Promise<TargetGroup[]> {
    return this.groups.readGroups(options.withMembers);
  }

  async readGroupDetails(ids: readonly string[]): Promise<TargetGroup[]> {
    return this.groups.details(ids);
  }

  /** By externalId, then displayName; filtered where the target can filter on groups, else from the list. Members are not read. */
  async findGroup(displayName: string, externalId?: string): Promise<TargetGroup | undefined> {
    const found = await this.groups.find(displayName, externalId);
    return found ? toTargetGroup(found) : undefined;
  }

  async execute(step: Extract<Step, { op: `scim.${string}` }>, stepContext: StepContext): Promise<StepResult> {
    const capabilities = await this.discovered();
    const lostAnswerGraceMs = this.options.lostAnswerGraceMs ?? LOST_ANSWER_GRACE_MS;
    const wait = this.options.sleep ?? sleep;
    const context: WriteContext = {
      http: this.http,
      capabilities,
      normalizer: this.normalizer,
      lookup: (userName, externalId) => this.lookup(userName, externalId),
      lostAnswerGraceMs,
      sleep: wait,
    };
    const groups = (): GroupWriteContext => {
      if (!capabilities.groups) throw new Error(`${this.system}: the target declares no /Groups resource (RFC 7644 §4 /ResourceTypes): Roster neither reads nor writes its groups`);
      return {
        http: this.http,
        capabilities,
        lookup: (displayName, externalId) => this.groups.find(displayName, externalId),
        lostAnswerGraceMs,
        sleep: wait,
        ...(stepContext.createdAccounts ? { createdAccounts: stepContext.createdAccounts } : {}),
      };
    };
    switch (step.op) {
      case 'scim.create':
        return createUser(context, step);
      case 'scim.update':
        return updateUser(context, step);
      case 'scim.delete':
        return deleteUser(context, step);
      case 'scim.group.create':
        return createGroup(groups(), step);
      case 'scim.group.update':
        return updateGroup(groups(), step);
      case 'scim.group.delete':
        return deleteGroup(groups(), step);
      default:
        return assertNever(step, 'SCIM step');
    }
  }
}
