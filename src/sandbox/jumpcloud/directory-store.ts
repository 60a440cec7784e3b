import type { Db } from '../store/database.js';
import type { Condition, Page } from './query.js';
import type { SystemUser } from './user-model.js';

/** docs/vendors/jumpcloud.md §4 `UserGroup` (fields of the v2 spec subset). */
export interface UserGroup extends Record<string, unknown> {
  id: string;
  name: string;
  type: 'user_group';
}

export type MemberType = 'user' | 'user_group';

export const USER_COLUMNS = { _id: 'id', username: 'username', email: 'email' } as const;
export const GROUP_COLUMNS = { id: 'id', name: 'name' } as const;

/** Users, user groups and membership edges (user→group and group→group) in SQLite. */
export class DirectoryStore {
  constructor(private readonly db: Db) {}

  getUser(id: string): SystemUser | undefined {
    const row = this.db.prepare('SELECT data FROM jc_users WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as SystemUser) : undefined;
  }

  /** Which unique field another user already holds; usernames and emails compare case-insensitively. */
  findUserConflict(username: string, email: string, exceptId = ''): 'username' | 'email' | undefined {
    const byName = this.db.prepare('SELECT 1 FROM jc_users WHERE username = ? COLLATE NOCASE AND id != ?').get(username, exceptId);
    if (byName) return 'username';
    const byEmail = this.db.prepare('SELECT 1 FROM jc_users WHERE email = ? COLLATE NOCASE AND id != ?').get(email, exceptId);
    return byEmail ? 'email' : undefined;
  }

  saveUser(user: SystemUser): void {
    this.db
      .prepare(
        `INSERT INTO jc_users (id, username, email, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET username = excluded.username, email = excluded.email, data = excluded.data`,
      )
      .run(user._id, user.username, user.email, JSON.stringify(user));
  }

  /** The users whose `manager` is `id`. */
  reportsOf(id: string): SystemUser[] {
    return (this.db.prepare("SELECT data FROM jc_users WHERE json_extract(data, '$.manager') = ? ORDER BY id").pluck().all(id) as string[]).map(
      (row) => JSON.parse(row) as SystemUser,
    );
  }

  /** Not documented how JumpCloud picks `unix_uid`; the sandbox counts up from 5001. */
  nextUnixId(): number {
    return 5001 + (this.db.prepare('SELECT coalesce(max(rowid), 0) FROM jc_users').pluck().get() as number);
  }

  /** Deletes a user and every edge that points at it. */
  deleteUser(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare("DELETE FROM jc_group_members WHERE member_type = 'user' AND member_id = ?").run(id);
      this.db.prepare("DELETE FROM jc_app_associations WHERE target_type = 'user' AND target_id = ?").run(id);
      return this.db.prepare('DELETE FROM jc_users WHERE id = ?').run(id).changes > 0;
    })();
  }

  listUsers(where: Condition, order: string, page: Page): { total: number; users: SystemUser[] } {
    const { total, records } = this.list('jc_users', where, order, page);
    return { total, users: records as SystemUser[] };
  }

  getGroup(id: string): UserGroup | undefined {
    const row = this.db.prepare('SELECT data FROM jc_groups WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as UserGroup) : undefined;
  }

  groupNameTaken(name: string, exceptId = ''): boolean {
    return this.db.prepare('SELECT 1 FROM jc_groups WHERE name = ? AND id != ?').get(name, exceptId) !== undefined;
  }

  saveGroup(group: UserGroup): void {
    this.db
      .prepare('INSERT INTO jc_groups (id, name, data) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data')
      .run(group.id, group.name, JSON.stringify(group));
  }

  /** Deletes a group, its member edges, the edges that make it a member, and its app bindings. */
  deleteGroup(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM jc_group_members WHERE group_id = ?').run(id);
      this.db.prepare("DELETE FROM jc_group_members WHERE member_type = 'user_group' AND member_id = ?").run(id);
      this.db.prepare("DELETE FROM jc_app_associations WHERE target_type = 'user_group' AND target_id = ?").run(id);
      return this.db.prepare('DELETE FROM jc_groups WHERE id = ?').run(id).changes > 0;
    })();
  }

  listGroups(where: Condition, order: string, page: Page): { total: number; groups: UserGroup[] } {
    const { total, records } = this.list('jc_groups', where, order, page);
    return { total, groups: records as UserGroup[] };
  }

  hasMember(groupId: string, type: MemberType, memberId: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM jc_group_members WHERE group_id = ? AND member_type = ? AND member_id = ?').get(groupId, type, memberId) !==
      undefined
    );
  }

  addMember(groupId: string, type: MemberType, memberId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO jc_group_members (group_id, member_type, member_id) VALUES (?, ?, ?)').run(groupId, type, memberId);
  }

  removeMember(groupId: string, type: MemberType, memberId: string): void {
    this.db.prepare('DELETE FROM jc_group_members WHERE group_id = ? AND member_type = ? AND member_id = ?').run(groupId, type, memberId);
  }

  /** Direct members of one type, ordered by id. */
  listMembers(groupId: string, type: MemberType, page: Page): string[] {
    return this.db
      .prepare('SELECT member_id FROM jc_group_members WHERE group_id = ? AND member_type = ? ORDER BY member_id LIMIT ? OFFSET ?')
      .pluck()
      .all(groupId, type, page.limit, page.skip) as string[];
  }

  /** Every group-in-group edge (few: one per nesting). */
  subgroupEdges(): { parent: string; child: string }[] {
    return this.db
      .prepare("SELECT group_id AS parent, member_id AS child FROM jc_group_members WHERE member_type = 'user_group' ORDER BY group_id, member_id")
      .all() as { parent: string; child: string }[];
  }

  /** One page of the distinct users directly in any of `groupIds`, ordered by user id. */
  usersInGroups(groupIds: string[], page: Page): string[] {
    if (groupIds.length === 0 || page.limit === 0) return [];
    const list = groupIds.map(() => '?').join(', ');
    return this.db
      .prepare(
        `SELECT DISTINCT member_id FROM jc_group_members WHERE member_type = 'user' AND group_id IN (${list})
         ORDER BY member_id LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...groupIds, page.limit, page.skip) as string[];
  }

  /** For each of `userIds`, which of `groupIds` hold it directly. */
  directGroupsOf(userIds: string[], groupIds: string[]): { userId: string; groupId: string }[] {
    if (userIds.length === 0 || groupIds.length === 0) return [];
    return this.db
      .prepare(
        `SELECT member_id AS userId, group_id AS groupId FROM jc_group_members WHERE member_type = 'user'
         AND member_id IN (${userIds.map(() => '?').join(', ')}) AND group_id IN (${groupIds.map(() => '?').join(', ')})
         ORDER BY member_id, group_id`,
      )
      .all(...userIds, ...groupIds) as { userId: string; groupId: string }[];
  }

  private list(table: string, where: Condition, order: string, page: Page): { total: number; records: unknown[] } {
    const total = (this.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
    const rows =
      page.limit === 0
        ? []
        : (this.db
            .prepare(`SELECT data FROM ${table} WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
            .pluck()
            .all(...where.params, page.limit, page.skip) as string[]);
    return { total, records: rows.map((r) => JSON.parse(r) as unknown) };
  }
}
