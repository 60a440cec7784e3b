/**
 * The refresh cache file: loading, keyed digests, recording what a run saw, saving atomically.
 * What the cache holds and how a plan uses it is decided in core/refresh-cache.ts.
 *
 * Contract for the commands that read accounts (plan, apply):
 *   1. `RefreshCacheStore.open(options)` before reading; pass the store to `readActualState`
 *      (or `planLive`), which uses it to skip detail reads and records what it read.
 *   2. After writing accounts, apply reads them back (its convergence check) and calls
 *      `record(desired, { directory, targets })` with the directory the plan used and the targets
 *      as read back: accounts read in full that hold what is desired are recorded, entries of
 *      accounts whose version changed are dropped.
 *   3. `save()` once at the end. A failure to save loses nothing but future savings.
 * Whatever happens to the file (missing, corrupt, written by another target or another version,
 * two runs saving at once), a plan stays correct: it only reads more.
 */
import { hash, randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { resolveAccess } from '../core/access.js';
import { accountComparer } from '../core/account-comparison.js';
import type { DesiredApplication, DesiredState } from '../core/desired.js';
import { omittedManagedAttributes } from '../core/detail-reads.js';
import { mapUser } from '../core/mapping.js';
import type { Directory, FlatAttributes } from '../core/model.js';
import type { TargetInput } from '../core/plan.js';
import { ensureFolder, FileKindError, readRegularFile } from './files.js';
import {
  cacheCovers,
  cacheRules,
  parseRefreshCache,
  recordAccounts,
  serializeRefreshCache,
  type ApplicationCache,
  type CacheDigests,
  type CachedAccount,
} from '../core/refresh-cache.js';

export interface RefreshCacheOptions {
  readonly file: string;
  /**
   * A secret per application, which keys its digests and identifies its target: the CLI derives
   * it from the application's target URL and credential. Applications without one are not cached.
   */
  readonly keys: ReadonlyMap<string, string>;
  /** `--refresh full`: nothing stored is used, but what this run reads is recorded. */
  readonly ignoreStored?: boolean;
}

/** What refresh needs to know about one application's cached accounts. */
export interface CachedApplication {
  readonly entries: ReadonlyMap<string, CachedAccount>;
  readonly digests: CacheDigests;
}

type TargetShape = Pick<TargetInput, 'capabilities' | 'normalizer'>;

/** What was read: the directory the plan used, and each application's accounts. */
export interface ObservedState {
  readonly directory: Directory;
  readonly targets: Readonly<Record<string, TargetInput>>;
  /** Per application, the mapped attributes of each user with access, where already computed. */
  readonly mapped?: ReadonlyMap<string, ReadonlyMap<string, FlatAttributes>>;
}

/** The mapped attributes of every user with access to the application, by IdP user id. */
export function mappedUsers(directory: Directory, app: DesiredApplication): Map<string, FlatAttributes> {
  const mapped = new Map<string, FlatAttributes>();
  const provisioning = app.provisioning;
  if (!provisioning) return mapped;
  for (const { user } of resolveAccess(directory, app.groups).granted) mapped.set(user.id, mapUser(user, provisioning.mappings, provisioning.rules).attributes);
  return mapped;
}

/** Characters of a base64url SHA-256 kept per digest: 132 bits. */
const DIGEST_LENGTH = 22;

/**
 * SHA-256 of the secret key, a NUL and the text, cut to 132 bits: a secret-prefix hash, which
 * length extension cannot extend because only part of the hash is kept (and the texts, JSON,
 * never hold the padding's zero bytes). One one-shot hash per account costs a fifth of an HMAC,
 * and a plan computes one for every account.
 */
function keyedHash(key: string): (text: string) => string {
  return (text) => hash('sha256', `${key}\u0000${text}`, 'base64url').slice(0, DIGEST_LENGTH);
}

function sameSection(a: ApplicationCache, b: ApplicationCache | undefined): boolean {
  if (!b || a.scope !== b.scope || a.rules !== b.rules || a.accounts.size !== b.accounts.size) return false;
  for (const [id, entry] of a.accounts) {
    const other = b.accounts.get(id);
    if (!other || other.version !== entry.version || other.digest !== entry.digest) return false;
  }
  return true;
}

function sameSections(a: ReadonlyMap<string, ApplicationCache>, b: ReadonlyMap<string, ApplicationCache>): boolean {
  if (a.size !== b.size) return false;
  for (const [app, section] of a) if (!sameSection(section, b.get(app))) return false;
  return true;
}

type Loaded = { readonly sections: ReadonlyMap<string, ApplicationCache>; readonly notice?: string };

async function load(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = readRegularFile(file);
  } catch (error) {
    // A FIFO, a device or a folder is refused, not skipped: saving would replace it.
    if (error instanceof FileKindError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { sections: new Map() } : { sections: new Map(), notice: `could not be read (${code ?? 'error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { sections: new Map(), notice: 'is not valid JSON' };
  }
  const parsed = parseRefreshCache(json);
  return 'problem' in parsed ? { sections: new Map(), notice: `was not used: ${parsed.problem}` } : { sections: parsed.cache };
}

export class RefreshCacheStore {
  /** Sections recorded during this run; they win over stored ones. */
  private readonly recorded = new Map<string, ApplicationCache>();

  private constructor(
    private readonly options: RefreshCacheOptions,
    private readonly stored: ReadonlyMap<string, ApplicationCache>,
    /** Why the stored file was not used, when that deserves a word (a missing file does not). */
    readonly notice: string | undefined,
  ) {}

  static async open(options: RefreshCacheOptions): Promise<RefreshCacheStore> {
    const loaded = await load(options.file);
    return new RefreshCacheStore(options, loaded.sections, loaded.notice);
  }

  get file(): string {
    return this.options.file;
  }

  /**
   * `--refresh full`: every compared account is read in full, from its detail read, not from what
   * the target shows beside its list either (RingCentral's extension records).
   */
  get readsInFull(): boolean {
    return this.options.ignoreStored === true;
  }

  /** How the application's accounts are digested, and its section's identity; undefined when it is not cached. */
  private shape(app: DesiredApplication, target: TargetShape): { scope: string; rules: string; digests: CacheDigests } | undefined {
    const key = this.options.keys.get(app.name);
    const provisioning = app.provisioning;
    const { listOmits } = target.capabilities;
    // Nothing to vouch for when lists return every compared attribute.
    if (key === undefined || !provisioning?.enabled || omittedManagedAttributes(provisioning, listOmits).length === 0) return undefined;
    const hash = keyedHash(key);
    return {
      scope: hash('scope'),
      rules: cacheRules(provisioning, listOmits),
      digests: { covers: cacheCovers(provisioning, listOmits), compare: accountComparer(provisioning, listOmits, target.normalizer), hash },
    };
  }

  /** The latest entries of a section made for this target under these rules. */
  private entries(app: string, scope: string, rules: string): ReadonlyMap<string, CachedAccount> | undefined {
    const usable = (section: ApplicationCache | undefined) => (section && section.scope === scope && section.rules === rules ? section.accounts : undefined);
    return usable(this.recorded.get(app)) ?? (this.options.ignoreStored ? undefined : usable(this.stored.get(app)));
  }

  /** The application's usable entries (possibly none), or undefined when it is not cached at all. */
  lookup(app: DesiredApplication, target: TargetShape): CachedApplication | undefined {
    const shape = this.shape(app, target);
    if (!shape) return undefined;
    return { entries: this.entries(app.name, shape.scope, shape.rules) ?? new Map(), digests: shape.digests };
  }

  /** Records what was read of each provisioned application's accounts (see recordAccounts). */
  record(desired: DesiredState, observed: ObservedState): void {
    for (const app of desired.applications) {
      const target = observed.targets[app.name];
      const shape = target ? this.shape(app, target) : undefined;
      if (!target || !shape) continue;
      const mapped = observed.mapped?.get(app.name) ?? mappedUsers(observed.directory, app);
      const accounts = recordAccounts(this.entries(app.name, shape.scope, shape.rules), target.accounts, (id) => mapped.get(id), shape.digests, target.comparedFromLists);
      this.recorded.set(app.name, { scope: shape.scope, rules: shape.rules, accounts });
    }
  }

  /**
   * Writes the file atomically (a temporary file renamed over it), when this run recorded
   * anything that the file does not already hold. Sections of other configured applications are
   * kept as they were stored.
   */
  async save(): Promise<void> {
    if (this.recorded.size === 0) return;
    const sections = new Map<string, ApplicationCache>();
    for (const [app, section] of this.stored) if (this.options.keys.has(app)) sections.set(app, section);
    for (const [app, section] of this.recorded) sections.set(app, section);
    // A plan that found every account as the file has it leaves the file alone.
    if (sameSections(sections, this.stored)) return;
    const file = this.options.file;
    ensureFolder(dirname(file));
    const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, `${JSON.stringify(serializeRefreshCache(sections))}\n`, { mode: 0o600 });
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
