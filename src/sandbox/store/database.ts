import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * The sandbox's state: one SQLite database for both vendors. Each record keeps its vendor-shaped
 * JSON in a `data` column; the columns beside it exist for lookups, uniqueness and ordering, so
 * that list pages stay indexed at 100,000 users.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS jc_users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  email TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS jc_users_username ON jc_users (username COLLATE NOCASE);
CREATE UNIQUE INDEX IF NOT EXISTS jc_users_email ON jc_users (email COLLATE NOCASE);
-- v1 filter values are case-sensitive (docs/vendors/jumpcloud.md §1): exact lookups need binary indexes too.
CREATE INDEX IF NOT EXISTS jc_users_username_exact ON jc_users (username);
CREATE INDEX IF NOT EXISTS jc_users_email_exact ON jc_users (email);

CREATE TABLE IF NOT EXISTS jc_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS jc_groups_name ON jc_groups (name);

CREATE TABLE IF NOT EXISTS jc_group_members (
  group_id TEXT NOT NULL,
  member_type TEXT NOT NULL CHECK (member_type IN ('user', 'user_group')),
  member_id TEXT NOT NULL,
  PRIMARY KEY (group_id, member_type, member_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jc_group_members_member ON jc_group_members (member_type, member_id);

CREATE TABLE IF NOT EXISTS jc_apps (
  id TEXT PRIMARY KEY,
  data TEXT NOT NULL,
  private_key TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS jc_app_associations (
  app_id TEXT NOT NULL,
  target_type TEXT NOT NULL CHECK (target_type IN ('user', 'user_group')),
  target_id TEXT NOT NULL,
  PRIMARY KEY (app_id, target_type, target_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS jc_app_associations_target ON jc_app_associations (target_type, target_id);

CREATE TABLE IF NOT EXISTS rc_extensions (
  id INTEGER PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('Enabled', 'Disabled', 'NotActivated', 'Unassigned')),
  extension_number TEXT,
  did TEXT NOT NULL,
  user_name TEXT,
  email TEXT,
  created TEXT,
  last_modified TEXT,
  data TEXT
);
CREATE INDEX IF NOT EXISTS rc_extensions_status ON rc_extensions (status, id);
CREATE UNIQUE INDEX IF NOT EXISTS rc_extensions_user_name ON rc_extensions (user_name COLLATE NOCASE);
CREATE UNIQUE INDEX IF NOT EXISTS rc_extensions_email ON rc_extensions (email COLLATE NOCASE);

-- The generic SCIM 2.0 target (src/sandbox/generic-scim/). userName and displayName are unique
-- case-insensitively (RFC 7643 §4.1.1, §4.2: caseExact false); externalId is case-exact (§3.1).
CREATE TABLE IF NOT EXISTS gs_users (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL,
  external_id TEXT,
  display TEXT NOT NULL,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gs_users_user_name ON gs_users (user_name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS gs_users_external_id ON gs_users (external_id);

CREATE TABLE IF NOT EXISTS gs_groups (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  external_id TEXT,
  created TEXT NOT NULL,
  last_modified TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS gs_groups_display_name ON gs_groups (display_name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS gs_groups_external_id ON gs_groups (external_id);

-- Members in the order they were added (rowid); one row per (group, user).
CREATE TABLE IF NOT EXISTS gs_group_members (
  group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  UNIQUE (group_id, user_id)
);
CREATE INDEX IF NOT EXISTS gs_group_members_user ON gs_group_members (user_id);
`;

const DATA_TABLES = ['jc_users', 'jc_groups', 'jc_group_members', 'jc_apps', 'jc_app_associations', 'rc_extensions', 'gs_users', 'gs_groups', 'gs_group_members'];

export function openDatabase(file: string): Db {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  return db;
}

export function readMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Removes every directory and account record; `meta` (identity, credentials) stays. */
export function clearData(db: Db): void {
  db.transaction(() => {
    for (const table of DATA_TABLES) db.exec(`DELETE FROM ${table}`);
  })();
}
