import type { AddressInfo } from 'node:net';
import { createAdmin } from './admin.js';
import type { SandboxContext } from './context.js';
import { Faults } from './faults.js';
import { createGenericScim } from './generic-scim/index.js';
import { GenericScimSwitches, type GenericScimBehaviour } from './generic-scim/switches.js';
import { cryptoRandom, ObjectIdFactory } from './ids.js';
import { createJumpCloud } from './jumpcloud/index.js';
import { RateLimiter } from './rate-limits.js';
import { RequestLog } from './request-log.js';
import { AccountStore } from './ringcentral/account-store.js';
import { createRingCentral } from './ringcentral/index.js';
import { applySeed, defaultLicences } from './seed/seed.js';
import type { Seed } from './seed/spec.js';
import { createSandboxServer } from './server.js';
import { resolveSettings, type CredentialOptions } from './settings.js';
import { clearData, openDatabase, readMeta, writeMeta } from './store/database.js';

/** How to start the sandbox: where it listens, what it holds, and the credentials and limits it applies (settings.ts). */
export interface SandboxOptions extends CredentialOptions {
  /** 0 or undefined = a free port. */
  port?: number;
  /** Default 'demo'. */
  seed?: Seed;
  /**
   * SQLite file; default ':memory:'. With a file, state survives restarts: the seed only fills a
   * new or empty file, while `licences`, when given, always sets the free licences.
   */
  data?: string;
  /** Free RingCentral licences (unassigned extensions); default 100 (one per user for a larger bench seed). */
  licences?: number;
  /**
   * The generic SCIM target's switches at start and after every reset (generic-scim/switches.ts):
   * `patch` (default true), `ignoreExcludedAttributes` (default false).
   */
  genericScim?: Partial<GenericScimBehaviour>;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT`: the IdP base URL; the SCIM base is `${url}/scim/v2`. */
  readonly url: string;
  readonly apiKey: string;
  readonly orgId: string;
  readonly scimToken: string;
  /** The bearer token of the generic SCIM 2.0 target at `${url}/generic-scim/v2`. */
  readonly genericScimToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly jwt: string;
  close(): Promise<void>;
}

export type { Seed } from './seed/spec.js';

/**
 * Starts local stand-ins of the JumpCloud API (`/api`, `/api/v2`), RingCentral (`/scim/v2`,
 * `/restapi`) and a generic SCIM 2.0 target (`/generic-scim/v2`) on one 127.0.0.1 origin, with
 * the admin API under `/_sandbox`.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('port must be an integer between 0 and 65535');
  if (options.licences !== undefined && (!Number.isInteger(options.licences) || options.licences < 0)) throw new Error('licences must be a non-negative integer');

  const db = openDatabase(options.data ?? ':memory:');
  try {
    const settings = resolveSettings(db, options);
    const genericScim = new GenericScimSwitches(options.genericScim);
    const seed = options.seed ?? 'demo';
    const loadSeed = (which: Seed, licences: number | undefined): void => {
      applySeed(db, which, settings.orgId, licences ?? defaultLicences(which));
      writeMeta(db, 'seed', JSON.stringify(which));
    };
    if (readMeta(db, 'seed') === undefined) loadSeed(seed, options.licences);
    else if (options.licences !== undefined) new AccountStore(db).setAvailableLicences(options.licences);

    let baseUrl = '';
    const ctx: SandboxContext = { db, settings, ids: new ObjectIdFactory(cryptoRandom), now: () => Date.now(), baseUrl: () => baseUrl };
    const limiter = new RateLimiter(ctx.now, settings.timeScale, settings.rateLimits);
    const faults = new Faults();
    const log = new RequestLog();
    const reset = (which: Seed, licences: number | undefined): void => {
      clearData(db);
      loadSeed(which, licences);
      limiter.reset();
      faults.clear();
      log.clear();
      genericScim.reset();
    };
    const server = createSandboxServer({
      apps: [createJumpCloud(ctx), createRingCentral(ctx, limiter), createGenericScim(ctx, genericScim), createAdmin({ ctx, faults, log, reset, genericScim })],
      faults,
      log,
      now: ctx.now,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    let closing: Promise<void> | undefined;
    return {
      url: baseUrl,
      apiKey: settings.apiKey,
      orgId: settings.orgId,
      scimToken: settings.scimToken,
      genericScimToken: settings.genericScimToken,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      jwt: settings.jwt,
      close: () => {
        closing ??= new Promise<void>((resolve) => {
          server.close(() => {
            db.close();
            resolve();
          });
          server.closeAllConnections();
        });
        return closing;
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
