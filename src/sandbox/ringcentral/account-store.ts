import type { Db } from '../store/database.js';

/** docs/vendors/ringcentral.md §3: extension statuses (`ExtensionStatusEnumFull`, without `Frozen`, which SCIM never causes). */
export type ExtensionStatus = 'Enabled' | 'Disabled' | 'NotActivated' | 'Unassigned';

/** What a SCIM client wrote about a user, already normalised; server-owned parts are not in here. */
export interface StoredUser {
  externalId?: string;
  userName: string;
  name: { givenName: string; familyName: string };
  emails: { type: 'work'; value: string; primary: boolean }[];
  /** Client phones only (`mobile`); the `work` DID and `other` extension number are the server's. */
  phoneNumbers: { type: 'mobile'; value: string; primary: boolean }[];
  addresses: Record<string, string | boolean>[];
  title?: string;
  photos?: { type: 'photo'; value: string }[];
  department?: string;
}

export interface Extension {
  id: number;
  status: ExtensionStatus;
  extensionNumber: string | null;
  /** The digital line's direct number; it stays with the extension (a licence is a DigitalLine). */
  did: string;
  created: string | null;
  lastModified: string | null;
  user: StoredUser | null;
}

interface Row {
  id: number;
  status: ExtensionStatus;
  extension_number: string | null;
  did: string;
  created: string | null;
  last_modified: string | null;
  data: string | null;
}

/** Extension ids are numeric strings in SCIM (docs/vendors/ringcentral.md §2 example "1271140020"); the sandbox counts up from here. */
export const FIRST_EXTENSION_ID = 1271140001;

function toExtension(row: Row): Extension {
  return {
    id: row.id,
    status: row.status,
    extensionNumber: row.extension_number,
    did: row.did,
    created: row.created,
    lastModified: row.last_modified,
    user: row.data ? (JSON.parse(row.data) as StoredUser) : null,
  };
}

/**
 * Not documented: how direct numbers are allocated. Each extension gets a fictional US number
 * derived from its id, e.g. "+16505550100".
 */
export function didFor(id: number): string {
  return `+1${6505550100 + (id - FIRST_EXTENSION_ID)}`;
}

export interface ExtensionQuery {
  statuses: ExtensionStatus[];
  emails: string[];
  extensionNumber?: string;
  offset: number;
  limit: number;
}

/**
 * RingCentral's account: every extension, assigned (a user) or unassigned (a free licence).
 * A SCIM user is an assigned extension; its SCIM id is the extension id (docs/vendors/ringcentral.md §2).
 */
export class AccountStore {
  constructor(private readonly db: Db) {}

  get(id: number): Extension | undefined {
    const row = this.db.prepare('SELECT * FROM rc_extensions WHERE id = ?').get(id) as Row | undefined;
    return row ? toExtension(row) : undefined;
  }

  /** A user extension (not unassigned) by its SCIM id, which must be a numeric string. */
  getUser(scimId: string): Extension | undefined {
    if (!/^\d{1,15}$/.test(scimId)) return undefined;
    const ext = this.get(Number(scimId));
    return ext && ext.status !== 'Unassigned' ? ext : undefined;
  }

  /** Whether another user already has this login name or email (either column, case-insensitively). */
  isTaken(values: string[], exceptId = 0): boolean {
    // Two indexed lookups: an OR across both columns would scan the table.
    const byName = this.db.prepare('SELECT 1 FROM rc_extensions WHERE user_name = ? COLLATE NOCASE AND id != ?');
    const byEmail = this.db.prepare('SELECT 1 FROM rc_extensions WHERE email = ? COLLATE NOCASE AND id != ?');
    return values.some((v) => byName.get(v, exceptId) !== undefined || byEmail.get(v, exceptId) !== undefined);
  }

  /** One page of users, optionally where `column` equals `value` case-insensitively; in id order. */
  listUsers(filter: { column: 'user_name' | 'email'; value: string } | undefined, offset: number, limit: number): { total: number; users: Extension[] } {
    const where = filter ? `status != 'Unassigned' AND ${filter.column} = ? COLLATE NOCASE` : "status != 'Unassigned'";
    const params = filter ? [filter.value] : [];
    const total = this.db.prepare(`SELECT count(*) FROM rc_extensions WHERE ${where}`).pluck().get(...params) as number;
    const rows = limit <= 0 ? [] : (this.db.prepare(`SELECT * FROM rc_extensions WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[]);
    return { total, users: rows.map(toExtension) };
  }

  /** The extension list of the REST API (`listExtensions`), any status. */
  listExtensions(query: ExtensionQuery): { total: number; extensions: Extension[] } {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (query.statuses.length > 0) {
      clauses.push(`status IN (${query.statuses.map(() => '?').join(', ')})`);
      params.push(...query.statuses);
    }
    if (query.emails.length > 0) {
      clauses.push(`email COLLATE NOCASE IN (${query.emails.map(() => '?').join(', ')})`);
      params.push(...query.emails);
    }
    if (query.extensionNumber !== undefined) {
      clauses.push('extension_number = ?');
      params.push(query.extensionNumber);
    }
    const where = clauses.length > 0 ? clauses.join(' AND ') : '1';
    const total = this.db.prepare(`SELECT count(*) FROM rc_extensions WHERE ${where}`).pluck().get(...params) as number;
    const rows = this.db.prepare(`SELECT * FROM rc_extensions WHERE ${where} ORDER BY id LIMIT ? OFFSET ?`).all(...params, query.limit, query.offset) as Row[];
    return { total, extensions: rows.map(toExtension) };
  }

  countUnassigned(): number {
    return this.db.prepare("SELECT count(*) FROM rc_extensions WHERE status = 'Unassigned'").pluck().get() as number;
  }

  /**
   * Turns the lowest free (unassigned) extension into a pending user, or returns undefined when
   * there is none (docs/vendors/ringcentral.md §3: "an unassigned extension with a digital line must exist").
   */
  assign(user: StoredUser, now: string): Extension | undefined {
    return this.db.transaction(() => {
      const id = this.db.prepare("SELECT id FROM rc_extensions WHERE status = 'Unassigned' ORDER BY id LIMIT 1").pluck().get() as number | undefined;
      if (id === undefined) return undefined;
      const next = (this.db.prepare('SELECT coalesce(max(CAST(extension_number AS INTEGER)), 100) + 1 FROM rc_extensions').pluck().get() as number).toString();
      this.db
        .prepare(
          "UPDATE rc_extensions SET status = 'NotActivated', extension_number = ?, user_name = ?, email = ?, created = ?, last_modified = ?, data = ? WHERE id = ?",
        )
        .run(next, user.userName, user.emails[0]?.value ?? null, now, now, JSON.stringify(user), id);
      return this.get(id);
    })();
  }

  /** Writes a user's data and status. */
  update(id: number, status: ExtensionStatus, user: StoredUser, now: string): Extension | undefined {
    this.db
      .prepare('UPDATE rc_extensions SET status = ?, user_name = ?, email = ?, last_modified = ?, data = ? WHERE id = ?')
      .run(status, user.userName, user.emails[0]?.value ?? null, now, JSON.stringify(user), id);
    return this.get(id);
  }

  setStatus(id: number, status: ExtensionStatus, now: string): void {
    this.db.prepare('UPDATE rc_extensions SET status = ?, last_modified = ? WHERE id = ?').run(status, now, id);
  }

  /** "Deleting a user will convert the user extension into an unassigned extension" (docs/vendors/ringcentral.md §3). */
  unassign(id: number): void {
    this.db
      .prepare(
        "UPDATE rc_extensions SET status = 'Unassigned', extension_number = NULL, user_name = NULL, email = NULL, created = NULL, last_modified = NULL, data = NULL WHERE id = ?",
      )
      .run(id);
  }

  /** Makes exactly `available` extensions unassigned, adding new ones or removing the newest free ones. */
  setAvailableLicences(available: number): void {
    this.db.transaction(() => {
      const current = this.countUnassigned();
      if (available < current) {
        this.db
          .prepare("DELETE FROM rc_extensions WHERE id IN (SELECT id FROM rc_extensions WHERE status = 'Unassigned' ORDER BY id DESC LIMIT ?)")
          .run(current - available);
        return;
      }
      const insert = this.db.prepare("INSERT INTO rc_extensions (id, status, did) VALUES (?, 'Unassigned', ?)");
      let id = this.db.prepare('SELECT coalesce(max(id), ?) FROM rc_extensions').pluck().get(FIRST_EXTENSION_ID - 1) as number;
      for (let i = current; i < available; i++) {
        id += 1;
        insert.run(id, didFor(id));
      }
    })();
  }

  /** Inserts an assigned extension directly (seeds). */
  insertUser(status: Exclude<ExtensionStatus, 'Unassigned'>, extensionNumber: string, user: StoredUser, now: string): number {
    return this.insertUsers(status, [{ extensionNumber, user }], now)[0] ?? 0;
  }

  /** Inserts assigned extensions directly (seeds), with consecutive ids after the highest; returns the ids. */
  insertUsers(status: Exclude<ExtensionStatus, 'Unassigned'>, users: ReadonlyArray<{ extensionNumber: string; user: StoredUser }>, now: string): number[] {
    const insert = this.db.prepare(
      'INSERT INTO rc_extensions (id, status, extension_number, did, user_name, email, created, last_modified, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    return this.db.transaction(() => {
      let id = this.db.prepare('SELECT coalesce(max(id), ?) FROM rc_extensions').pluck().get(FIRST_EXTENSION_ID - 1) as number;
      return users.map(({ extensionNumber, user }) => {
        id += 1;
        insert.run(id, status, extensionNumber, didFor(id), user.userName, user.emails[0]?.value ?? null, now, now, JSON.stringify(user));
        return id;
      });
    })();
  }
}
