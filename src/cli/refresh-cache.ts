/**
 * The refresh cache as the commands see it: where the file is, which key each application's
 * digests are made with, and the `--refresh`/`--cache` options (shared by plan and apply).
 */
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { loadCatalog } from '../config/catalog.js';
import type { RosterConfig } from '../config/schema.js';
import { FileKindError } from '../engine/files.js';
import { RefreshCacheStore } from '../engine/refresh-cache.js';
import type { CliIO } from './command.js';
import { UsageError } from './options.js';

/** Chooses the cache file when `--cache` is not given. */
export const CACHE_FILE_VARIABLE = 'ROSTER_CACHE';
/** Below the working directory, beside the journal; the name does not depend on the configuration. */
export const DEFAULT_CACHE_FILE = '.roster/cache/refresh.json';

/** Lines for a command's --help, under "Options:". */
export const REFRESH_HELP = `      --refresh MODE     cached (default): skip the detail reads of accounts the refresh cache
                         shows unchanged since Roster last read them in full; full: read
                         every account the plan compares, ignoring the cache (it is still updated)
      --cache FILE       the refresh cache (default: $${CACHE_FILE_VARIABLE}, or ${DEFAULT_CACHE_FILE});
                         it holds account versions and keyed digests, no personal data`;

/**
 * The key of an application's digests: an HMAC of its target's URL under its credential. Only
 * whoever holds the credential can make or check a digest, so a cache file kept as a CI artifact
 * reveals nothing and cannot be forged; another target or credential never matches it.
 * Rotating the credential starts the application's cache afresh (one plan reads in full).
 */
function applicationKeys(config: RosterConfig): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [name, app] of Object.entries(config.applications)) {
    const provisioning = app.provisioning;
    if (!provisioning?.enabled) continue;
    const url = provisioning.url ?? loadCatalog(app.catalog).provisioning.url ?? '';
    const secret = provisioning.auth
      ? [provisioning.auth.clientId, provisioning.auth.clientSecret, provisioning.auth.jwt].join('\u0000')
      : provisioning.token;
    if (!secret) continue;
    keys.set(name, createHmac('sha256', secret).update(`roster refresh cache\u0000${name}\u0000${url}`).digest('base64url'));
  }
  return keys;
}

/** The parsed `refreshOptions`. */
export interface RefreshValues {
  readonly refresh: string;
  readonly cache?: string | undefined;
}

export interface RefreshSettings {
  readonly file: string;
  /** `--refresh full`. */
  readonly full: boolean;
}

/** What `--refresh` and `--cache` (or ROSTER_CACHE) ask for; a wrong `--refresh` is a usage error, before anything is read. */
export function refreshSettings(values: RefreshValues, io: Pick<CliIO, 'cwd' | 'env'>): RefreshSettings {
  if (values.refresh !== 'cached' && values.refresh !== 'full') throw new UsageError(`--refresh must be cached or full, not "${values.refresh}"`);
  return { file: resolve(io.cwd, values.cache ?? io.env[CACHE_FILE_VARIABLE] ?? DEFAULT_CACHE_FILE), full: values.refresh === 'full' };
}

/** Opens the cache; a note on stderr when a stored file could not be used. */
export async function openRefreshCache(settings: RefreshSettings, io: CliIO, config: RosterConfig): Promise<RefreshCacheStore> {
  let store: RefreshCacheStore;
  try {
    store = await RefreshCacheStore.open({ file: settings.file, keys: applicationKeys(config), ignoreStored: settings.full });
  } catch (error) {
    if (error instanceof FileKindError) throw new UsageError(`the refresh cache ${error.message} (--cache FILE)`);
    throw error;
  }
  if (store.notice && !settings.full) io.stderr.write(`Refresh cache ${settings.file} ${store.notice}; accounts whose list pages lack compared attributes are read in full.\n`);
  return store;
}

/** Saves the cache; a failure costs only future reads, so it is a warning, never an error. */
export async function saveRefreshCache(store: RefreshCacheStore, io: CliIO): Promise<void> {
  try {
    await store.save();
  } catch (error) {
    io.stderr.write(`Warning: the refresh cache could not be saved to ${store.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the next plan reads accounts in full.\n`);
  }
}
