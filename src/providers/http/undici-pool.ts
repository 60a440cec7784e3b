/**
 * undici's connection pool without the rest of undici. `import { Pool } from 'undici'` evaluates
 * all of it — fetch, WebSocket, cookies, caches, mocks — which cost about 70 ms of every command's
 * start-up, where Roster needs a pool and its `request` method only. undici 7 keeps them in
 * lib/dispatcher/pool.js and lib/api/api-request.js (its index.js merely copies the api onto
 * Dispatcher.prototype). The version is pinned (~7.30, package-lock.json); every HTTP test goes
 * through here, so an undici that moved them fails the tests, not a user.
 */
import type { Dispatcher, Pool as UndiciPool } from 'undici';
import PoolClass from 'undici/lib/dispatcher/pool.js';
import apiRequest from 'undici/lib/api/api-request.js';

export type PoolOptions = UndiciPool.Options;

/** One pool of connections to an origin, with undici's `request`. */
export class Pool {
  private readonly pool: UndiciPool;

  constructor(origin: string, options: PoolOptions) {
    this.pool = new PoolClass(origin, options);
  }

  request(options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    return apiRequest.call(this.pool, options);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
