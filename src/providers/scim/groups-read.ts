/**
 * Reading a SCIM target's groups (RFC 7643 §4.2, RFC 7644 §3.4.2).
 *
 * The list is paged as users are (read.ts: same bounds, same concurrency) and asks the server to
 * leave `members` out (`excludedAttributes=members`, RFC 7644 §3.4.2.5): a page of large groups
 * would otherwise carry every membership of every group. Members are then read with one
 * `GET /Groups/{id}?attributes=members` per group the caller selects, never a request per
 * member. A server that ignores `excludedAttributes` shows itself by sending `members` in its list
 * items; those members are used as they are and no group is read again.
 *
 * Roster reads and writes only members that are users (`type` absent or `User`); a member group
 * is left as the target holds it. Member ids are returned sorted and each once.
 *
 * Lookups filter (`externalId eq "…"`, then `displayName eq "…"`, §3.4.2.2) where the target
 * filters at all; a target that refuses a filter on groups (400 `invalidFilter`, 403, 501) or
 * ignores it (its answer holds groups that do not match) is searched by reading the list, and
 * remembered as one that cannot filter. RFC 7643 §4.2: `displayName` is compared
 * case-insensitively, `externalId` case-exactly (§3.1).
 */
import type { TargetGroup } from '../../core/model.js';
import type { Capabilities } from '../../core/ports.js';
import { mapConcurrent } from '../http/concurrency.js';
import type { HttpClient, HttpRequest } from '../http/client.js';
import { LIMIT_SETTINGS } from '../http/limits.js';
import { equalsFilter } from './filter.js';
import { READ_CONCURRENCY, readAllResources, type PagedCollection } from './read.js';
import { groupListSchema, groupMembersSchema, scimGroupSchema, type ScimGroupMember, type ScimGroupResource } from './wire.js';

const GROUPS: PagedCollection<ScimGroupResource> = { path: '/Groups', noun: 'groups', schema: groupListSchema, query: { excludedAttributes: 'members' } };

/** Statuses with which a server says it cannot evaluate a filter (RFC 7644 §3.4.2.2, §3.12). */
const FILTER_REFUSED = [400, 403, 501];

export const groupPath = (id: string) => `/Groups/${encodeURIComponent(id)}`;

/** RFC 7643 §4.2: a member without `type` is taken as a user, as most servers omit it for users. */
export function isUserMember(member: ScimGroupMember): boolean {
  return member.type === undefined || member.type === null || member.type.toLowerCase() === 'user';
}

/** The ids of the members that are users, sorted, each once. */
export function userMemberIds(members: readonly ScimGroupMember[]): string[] {
  return [...new Set(members.filter(isUserMember).map((member) => member.value))].sort();
}

/** `members` only when they were read: without them, TargetGroup.members stays undefined. */
export function toTargetGroup(resource: ScimGroupResource, members?: readonly string[]): TargetGroup {
  const version = resource.meta?.version ?? resource.meta?.lastModified ?? undefined;
  return {
    id: resource.id,
    displayName: resource.displayName,
    ...(resource.externalId ? { externalId: resource.externalId } : {}),
    ...(members ? { members } : {}),
    ...(version ? { version } : {}),
  };
}

export class GroupReader {
  /** Set once the target refused or ignored a filter on groups: lookups read the list instead. */
  private cannotFilter = false;

  constructor(
    private readonly http: HttpClient,
    /** The target's capabilities once discovered. */
    private readonly capabilities: () => Promise<Capabilities>,
  ) {}

  /** The capabilities, when they declare a /Groups resource; otherwise the read fails before any request. */
  private async withGroups(): Promise<Capabilities> {
    const capabilities = await this.capabilities();
    if (!capabilities.groups) {
      throw new Error(`${this.http.system}: the target declares no /Groups resource (RFC 7644 §4 /ResourceTypes): Roster neither reads nor writes its groups`);
    }
    return capabilities;
  }

  /** Every group as the list shows it: without members, unless the target sends them regardless. */
  async list(): Promise<ScimGroupResource[]> {
    const capabilities = await this.withGroups();
    return readAllResources(this.http, GROUPS, { pageSize: capabilities.maxPageSize, rateGroup: capabilities.rateLimits.read.name });
  }

  /**
   * Every group; members for those `withMembers` selects (default: all). A group deleted between
   * the list and its member read is left out.
   */
  async readGroups(withMembers: (group: TargetGroup) => boolean = () => true): Promise<TargetGroup[]> {
    const capabilities = await this.withGroups();
    const resources = await this.list();
    // Members in any list item: the server ignores excludedAttributes, and an item without them has none.
    if (resources.some((resource) => resource.members !== undefined && resource.members !== null)) {
      return resources.map((resource) => toTargetGroup(resource, this.boundedMembers(resource.id, resource.members ?? [])));
    }
    const groups = resources.map((resource) => toTargetGroup(resource));
    const selected = groups.filter((group) => withMembers(group));
    const read = capabilities.rateLimits.read.name;
    const members = await mapConcurrent(selected, READ_CONCURRENCY, (group) => this.readMembers(group.id, read));
    const withRead = new Map(selected.map((group, i) => [group.id, members[i]]));
    return groups.flatMap((group) => {
      if (!withRead.has(group.id)) return [group];
      const found = withRead.get(group.id);
      return found ? [{ ...group, members: found }] : [];
    });
  }

  /** One group's user members (`attributes=members`, RFC 7644 §3.4.2.5); undefined when the group is gone. */
  private async readMembers(id: string, rateGroup: string): Promise<string[] | undefined> {
    const request: HttpRequest = { method: 'GET', path: groupPath(id), query: { attributes: 'members' }, rateGroup };
    const answer = await this.http.expect(request, [200, 404]);
    if (answer.status === 404) return undefined;
    return this.boundedMembers(id, this.http.validate(request, answer, groupMembersSchema).members ?? []);
  }

  /** Member ids within the resources one list may hold (ReadLimits.maxResources). */
  private boundedMembers(id: string, members: readonly ScimGroupMember[]): string[] {
    const max = this.http.maxListResources;
    if (members.length > max) {
      throw this.http.limitError({ method: 'GET', path: groupPath(id) }, `the group holds ${members.length} members, over the limit of ${max} per list`, {
        status: 200,
        setting: LIMIT_SETTINGS.maxResources,
      });
    }
    return userMemberIds(members);
  }

  /** Groups by id, each read whole with its members; an id that no longer exists is left out. */
  async details(ids: readonly string[]): Promise<TargetGroup[]> {
    const capabilities = await this.withGroups();
    const rateGroup = capabilities.rateLimits.read.name;
    const groups = await mapConcurrent([...new Set(ids)], READ_CONCURRENCY, async (id) => {
      const request: HttpRequest = { method: 'GET', path: groupPath(id), rateGroup };
      const answer = await this.http.expect(request, [200, 404]);
      if (answer.status === 404) return undefined;
      const resource = this.http.validate(request, answer, scimGroupSchema);
      return toTargetGroup(resource, this.boundedMembers(id, resource.members ?? []));
    });
    return groups.filter((group): group is TargetGroup => group !== undefined);
  }

  /**
   * The group holding `externalId`, else the first named `displayName` (whatever its externalId:
   * the caller judges whether it is Roster's). Members as the answer carries them: not asked for.
   */
  async find(displayName: string, externalId?: string): Promise<ScimGroupResource | undefined> {
    const capabilities = await this.withGroups();
    let everyone: Promise<ScimGroupResource[]> | undefined;
    const all = () => (everyone ??= this.list());
    const matching = async (attribute: 'externalId' | 'displayName', value: string): Promise<ScimGroupResource[]> => {
      const same =
        attribute === 'displayName' ? (group: ScimGroupResource) => group.displayName.toLowerCase() === value.toLowerCase() : (group: ScimGroupResource) => group.externalId === value;
      const filtered = await this.filtered(capabilities, attribute, value, same);
      return filtered ?? (await all()).filter(same);
    };
    if (externalId !== undefined) {
      const [owned] = await matching('externalId', externalId);
      if (owned) return owned;
    }
    return (await matching('displayName', displayName))[0];
  }

  /** The groups a filter finds, or undefined when the target cannot filter on groups. */
  private async filtered(
    capabilities: Capabilities,
    attribute: string,
    value: string,
    same: (group: ScimGroupResource) => boolean,
  ): Promise<ScimGroupResource[] | undefined> {
    // No filterable attribute at all: ServiceProviderConfig said filter.supported is false.
    if (this.cannotFilter || capabilities.filterAttributes.length === 0) return undefined;
    const request: HttpRequest = {
      method: 'GET',
      path: '/Groups',
      query: { filter: equalsFilter(attribute, value), excludedAttributes: 'members', startIndex: 1, count: capabilities.maxPageSize },
      rateGroup: capabilities.rateLimits.read.name,
    };
    const answer = await this.http.send(request);
    if (FILTER_REFUSED.includes(answer.status)) {
      this.cannotFilter = true;
      return undefined;
    }
    if (answer.status !== 200) throw this.http.statusError(request, answer);
    const page = this.http.validate(request, answer, groupListSchema);
    const found = page.Resources ?? [];
    // Groups that do not match: the filter was ignored, and this page is not the whole answer.
    if (!found.every(same) || page.totalResults > found.length) {
      this.cannotFilter = true;
      return undefined;
    }
    return found;
  }
}
