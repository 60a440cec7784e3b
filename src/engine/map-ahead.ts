/**
 * Mapping users while the directory is still being read. A user is mapped for an application as
 * soon as both their record and a membership of one of its groups have arrived, in whichever
 * order the pages come; the mappings are remembered (mapUser), so the plan and the refresh cache
 * find them made. What is mapped ahead changes no result: access is decided afterwards, from the
 * whole directory, and a user mapped ahead who turns out to have no access (a STAGED one) costs
 * only the mapping. `onMapped` hears of each mapping made (compare-ahead.ts compares the user's
 * account with it).
 */
import type { DesiredApplication } from '../core/desired.js';
import { mapUser } from '../core/mapping.js';
import type { DirectoryUser, FlatAttributes, GroupMember } from '../core/model.js';
import type { DirectoryProgress } from '../core/ports.js';

interface Provisioned {
  readonly groups: ReadonlySet<string>;
  readonly map: (user: DirectoryUser) => void;
  /** Ids of users a membership of one of its groups names. */
  readonly members: Set<string>;
}

/** A user mapped for an application while the directory is read. */
export type MappedAhead = (app: string, userId: string, mapped: FlatAttributes) => void;

export function mapAhead(applications: readonly DesiredApplication[], onMapped?: MappedAhead): DirectoryProgress | undefined {
  const provisioned: Provisioned[] = [];
  for (const app of applications) {
    const provisioning = app.provisioning;
    if (!provisioning?.enabled) continue;
    const map = (user: DirectoryUser) => {
      const mapped = mapUser(user, provisioning.mappings, provisioning.rules);
      onMapped?.(app.name, user.id, mapped.attributes);
    };
    provisioned.push({ groups: new Set(app.groups), map, members: new Set() });
  }
  if (provisioned.length === 0) return undefined;
  const users = new Map<string, DirectoryUser>();
  return {
    users(page) {
      for (const user of page) {
        users.set(user.id, user);
        for (const app of provisioned) if (app.members.has(user.id)) app.map(user);
      }
    },
    members(group: string, page: readonly GroupMember[]) {
      for (const app of provisioned) {
        if (!app.groups.has(group)) continue;
        for (const { userId } of page) {
          if (app.members.has(userId)) continue;
          app.members.add(userId);
          const user = users.get(userId);
          if (user) app.map(user);
        }
      }
    },
  };
}
