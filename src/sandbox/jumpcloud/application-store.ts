import type { Db } from '../store/database.js';
import type { Application } from './application-model.js';
import type { Condition, Page } from './query.js';

export type AssociationType = 'user' | 'user_group';

export const APP_COLUMNS = { _id: 'id' } as const;

/** SSO applications and their direct associations (app → user group / user). */
export class ApplicationStore {
  constructor(private readonly db: Db) {}

  get(id: string): { app: Application; privateKeyPem: string } | undefined {
    const row = this.db.prepare('SELECT data, private_key FROM jc_apps WHERE id = ?').get(id) as { data: string; private_key: string } | undefined;
    return row ? { app: JSON.parse(row.data) as Application, privateKeyPem: row.private_key } : undefined;
  }

  save(app: Application, privateKeyPem: string): void {
    this.db
      .prepare('INSERT INTO jc_apps (id, data, private_key) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, private_key = excluded.private_key')
      .run(app._id, JSON.stringify(app), privateKeyPem);
  }

  ssoUrlTaken(ssoUrl: string, exceptId = ''): boolean {
    return this.db.prepare("SELECT 1 FROM jc_apps WHERE json_extract(data, '$.ssoUrl') = ? AND id != ?").get(ssoUrl, exceptId) !== undefined;
  }

  /** Deletes an application and its associations. */
  delete(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM jc_app_associations WHERE app_id = ?').run(id);
      this.db.prepare('DELETE FROM jc_apps WHERE id = ?').run(id);
    })();
  }

  list(where: Condition, order: string, page: Page): { total: number; apps: Application[] } {
    const total = (this.db.prepare(`SELECT count(*) FROM jc_apps WHERE ${where.sql}`).pluck().get(...where.params) as number);
    const rows =
      page.limit === 0
        ? []
        : (this.db.prepare(`SELECT data FROM jc_apps WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`).pluck().all(...where.params, page.limit, page.skip) as string[]);
    return { total, apps: rows.map((r) => JSON.parse(r) as Application) };
  }

  hasAssociation(appId: string, type: AssociationType, targetId: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM jc_app_associations WHERE app_id = ? AND target_type = ? AND target_id = ?').get(appId, type, targetId) !==
      undefined
    );
  }

  addAssociation(appId: string, type: AssociationType, targetId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO jc_app_associations (app_id, target_type, target_id) VALUES (?, ?, ?)').run(appId, type, targetId);
  }

  removeAssociation(appId: string, type: AssociationType, targetId: string): void {
    this.db.prepare('DELETE FROM jc_app_associations WHERE app_id = ? AND target_type = ? AND target_id = ?').run(appId, type, targetId);
  }

  /** Direct associations of the given target types, ordered by type then id. */
  listAssociations(appId: string, types: AssociationType[], page: Page): { type: AssociationType; id: string }[] {
    if (types.length === 0 || page.limit === 0) return [];
    return this.db
      .prepare(
        `SELECT target_type AS type, target_id AS id FROM jc_app_associations WHERE app_id = ? AND target_type IN (${types.map(() => '?').join(', ')})
         ORDER BY target_type, target_id LIMIT ? OFFSET ?`,
      )
      .all(appId, ...types, page.limit, page.skip) as { type: AssociationType; id: string }[];
  }
}
