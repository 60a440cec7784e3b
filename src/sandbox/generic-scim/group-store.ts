import type { Db } from '../store/database.js';
import type { FilterAttributes, SqlCondition } from './filter.js';

export interface StoredGroup {
  id: string;
  displayName: string;
  externalId?: string;
  created: string;
  lastModified: string;
}

/** A member as read back: the user's id and what `display` shows. */
export interface StoredMember {
  value: string;
  display: string;
}

interface Row {
  id: string;
  display_name: string;
  external_id: string | null;
  created: string;
  last_modified: string;
}

/**
 * What a Groups filter may name (RFC 7643 §4.2: `displayName` is not case-exact; `id` and
 * `externalId` are, §3.1; `members.value` holds user ids, case-exact).
 */
export const GROUP_FILTER_ATTRIBUTES: FilterAttributes = {
  id: { kind: 'scalar', sql: 'gs_groups.id', caseExact: true },
  displayname: { kind: 'scalar', sql: 'gs_groups.display_name', caseExact: false },
  externalid: { kind: 'scalar', sql: 'gs_groups.external_id', caseExact: true },
  'meta.created': { kind: 'scalar', sql: 'gs_groups.created', caseExact: true },
  'meta.lastmodified': { kind: 'scalar', sql: 'gs_groups.last_modified', caseExact: true },
  members: {
    kind: 'multi',
    sub: { value: { kind: 'scalar', sql: 'm.user_id', caseExact: true } },
    rows: (condition) => `EXISTS (SELECT 1 FROM gs_group_members AS m WHERE m.group_id = gs_groups.id AND ${condition})`,
  },
};

const toGroup = (row: Row): StoredGroup => ({
  id: row.id,
  displayName: row.display_name,
  ...(row.external_id !== null ? { externalId: row.external_id } : {}),
  created: row.created,
  lastModified: row.last_modified,
});

/** A change of membership: ids to add (already checked to name users) and ids to remove, or all. */
export interface MembershipChange {
  add: readonly string[];
  remove: readonly string[] | 'all';
}

/**
 * The generic target's groups: `gs_groups` and one `gs_group_members` row per member, so that
 * adding or removing members costs per member changed, not per member held.
 */
export class GroupStore {
  constructor(private readonly db: Db) {}

  get(id: string): StoredGroup | undefined {
    const row = this.db.prepare('SELECT * FROM gs_groups WHERE id = ?').get(id) as Row | undefined;
    return row ? toGroup(row) : undefined;
  }

  /** Whether another group has this displayName (case-insensitive; see the schema's uniqueness "server"). */
  isTaken(displayName: string, exceptId = ''): boolean {
    return this.db.prepare('SELECT 1 FROM gs_groups WHERE display_name = ? COLLATE NOCASE AND id <> ?').get(displayName, exceptId) !== undefined;
  }

  list(where: SqlCondition | undefined, offset: number, limit: number): { total: number; groups: StoredGroup[] } {
    const clause = where ? `WHERE ${where.sql}` : '';
    const params = where?.params ?? [];
    const total = (this.db.prepare(`SELECT count(*) FROM gs_groups ${clause}`).pluck().get(...params) as number) ?? 0;
    const rows = limit === 0 ? [] : (this.db.prepare(`SELECT * FROM gs_groups ${clause} ORDER BY seq LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]);
    return { total, groups: rows.map(toGroup) };
  }

  /** Members in the order they were added. */
  members(groupId: string): StoredMember[] {
    return this.db
      .prepare('SELECT m.user_id AS value, u.display AS display FROM gs_group_members AS m JOIN gs_users AS u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY m.rowid')
      .all(groupId) as StoredMember[];
  }

  memberIds(groupId: string): string[] {
    return this.db.prepare('SELECT user_id FROM gs_group_members WHERE group_id = ? ORDER BY rowid').pluck().all(groupId) as string[];
  }

  /** Inserts or updates the group's attributes and applies `change` to its members, in one transaction. */
  save(group: StoredGroup, change: MembershipChange): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO gs_groups (id, display_name, external_id, created, last_modified) VALUES (@id, @displayName, @externalId, @created, @lastModified)
           ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, external_id = excluded.external_id, last_modified = excluded.last_modified`,
        )
        .run({ ...group, externalId: group.externalId ?? null });
      if (change.remove === 'all') this.db.prepare('DELETE FROM gs_group_members WHERE group_id = ?').run(group.id);
      else if (change.remove.length > 0) {
        this.db.prepare('DELETE FROM gs_group_members WHERE group_id = ? AND user_id IN (SELECT value FROM json_each(?))').run(group.id, JSON.stringify(change.remove));
      }
      const insert = this.db.prepare('INSERT OR IGNORE INTO gs_group_members (group_id, user_id) VALUES (?, ?)');
      for (const userId of change.add) insert.run(group.id, userId);
    })();
  }

  delete(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM gs_group_members WHERE group_id = ?').run(id);
      return this.db.prepare('DELETE FROM gs_groups WHERE id = ?').run(id).changes > 0;
    })();
  }
}
