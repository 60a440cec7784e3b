import type { Db } from '../store/database.js';
import { ENTERPRISE_SCHEMA } from './constants.js';
import type { FilterAttributes, SqlCondition } from './filter.js';

/** A user as stored: lookup columns beside the resource's attributes as JSON (`data`). */
export interface StoredUser {
  id: string;
  userName: string;
  externalId?: string;
  /** What a group member's `display` shows: displayName, else userName. */
  display: string;
  created: string;
  lastModified: string;
  /** Every client-writable attribute of the resource (no id, meta or schemas). */
  data: Record<string, unknown>;
}

interface Row {
  id: string;
  user_name: string;
  external_id: string | null;
  display: string;
  created: string;
  last_modified: string;
  data: string;
}

const json = (column: string, path: string, caseExact = false) => ({ kind: 'scalar' as const, sql: `json_extract(${column}, '${path}')`, caseExact });
const multi = (path: string, sub: string[]): FilterAttributes[string] => ({
  kind: 'multi',
  sub: Object.fromEntries(sub.map((name) => [name.toLowerCase(), name === 'primary' ? { ...json('v.value', `$.${name}`), type: 'boolean' as const } : json('v.value', `$.${name}`)])),
  rows: (condition) => `EXISTS (SELECT 1 FROM json_each(gs_users.data, '$.${path}') AS v WHERE ${condition})`,
});
const enterprise = ENTERPRISE_SCHEMA.toLowerCase();

/**
 * What a Users filter may name (RFC 7643 §4.1 attributes; `caseExact` per the attribute's
 * definition: `id` and `externalId` are case-exact, RFC 7643 §3.1; `userName` is not, §4.1.1).
 */
export const USER_FILTER_ATTRIBUTES: FilterAttributes = {
  id: { kind: 'scalar', sql: 'gs_users.id', caseExact: true },
  username: { kind: 'scalar', sql: 'gs_users.user_name', caseExact: false },
  externalid: { kind: 'scalar', sql: 'gs_users.external_id', caseExact: true },
  displayname: json('gs_users.data', '$.displayName'),
  'name.givenname': json('gs_users.data', '$.name.givenName'),
  'name.familyname': json('gs_users.data', '$.name.familyName'),
  title: json('gs_users.data', '$.title'),
  active: { ...json('gs_users.data', '$.active'), type: 'boolean' },
  'meta.created': { kind: 'scalar', sql: 'gs_users.created', caseExact: true },
  'meta.lastmodified': { kind: 'scalar', sql: 'gs_users.last_modified', caseExact: true },
  emails: multi('emails', ['value', 'type', 'primary']),
  phonenumbers: multi('phoneNumbers', ['value', 'type', 'primary']),
  [`${enterprise}:employeenumber`]: json('gs_users.data', `$."${ENTERPRISE_SCHEMA}".employeeNumber`),
  [`${enterprise}:department`]: json('gs_users.data', `$."${ENTERPRISE_SCHEMA}".department`),
};

const toUser = (row: Row): StoredUser => ({
  id: row.id,
  userName: row.user_name,
  ...(row.external_id !== null ? { externalId: row.external_id } : {}),
  display: row.display,
  created: row.created,
  lastModified: row.last_modified,
  data: JSON.parse(row.data) as Record<string, unknown>,
});

/** The generic target's users in the `gs_users` table, in creation order. */
export class UserStore {
  constructor(private readonly db: Db) {}

  get(id: string): StoredUser | undefined {
    const row = this.db.prepare('SELECT * FROM gs_users WHERE id = ?').get(id) as Row | undefined;
    return row ? toUser(row) : undefined;
  }

  /** Whether another user has this userName (case-insensitive, RFC 7643 §4.1.1 uniqueness "server"). */
  isTaken(userName: string, exceptId = ''): boolean {
    return this.db.prepare('SELECT 1 FROM gs_users WHERE user_name = ? COLLATE NOCASE AND id <> ?').get(userName, exceptId) !== undefined;
  }

  /** The subset of `ids` that name users; one query whatever the number of ids. */
  existing(ids: readonly string[]): Set<string> {
    if (ids.length === 0) return new Set();
    const rows = this.db.prepare('SELECT id FROM gs_users WHERE id IN (SELECT value FROM json_each(?))').pluck().all(JSON.stringify(ids)) as string[];
    return new Set(rows);
  }

  list(where: SqlCondition | undefined, offset: number, limit: number): { total: number; users: StoredUser[] } {
    const clause = where ? `WHERE ${where.sql}` : '';
    const params = where?.params ?? [];
    const total = (this.db.prepare(`SELECT count(*) FROM gs_users ${clause}`).pluck().get(...params) as number) ?? 0;
    const rows = limit === 0 ? [] : (this.db.prepare(`SELECT * FROM gs_users ${clause} ORDER BY seq LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]);
    return { total, users: rows.map(toUser) };
  }

  /** Inserts or replaces the user with `user.id`. */
  save(user: StoredUser): void {
    this.db
      .prepare(
        `INSERT INTO gs_users (id, user_name, external_id, display, created, last_modified, data) VALUES (@id, @userName, @externalId, @display, @created, @lastModified, @data)
         ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, external_id = excluded.external_id, display = excluded.display, last_modified = excluded.last_modified, data = excluded.data`,
      )
      .run({ ...user, externalId: user.externalId ?? null, data: JSON.stringify(user.data) });
  }

  /** Deletes the user and its memberships (RFC 7644 §3.6); the groups it left are modified at `now`. */
  delete(id: string, now: string): boolean {
    return this.db.transaction(() => {
      const deleted = this.db.prepare('DELETE FROM gs_users WHERE id = ?').run(id).changes > 0;
      if (deleted) {
        this.db.prepare('UPDATE gs_groups SET last_modified = ? WHERE id IN (SELECT group_id FROM gs_group_members WHERE user_id = ?)').run(now, id);
        this.db.prepare('DELETE FROM gs_group_members WHERE user_id = ?').run(id);
      }
      return deleted;
    })();
  }
}
