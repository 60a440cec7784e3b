import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { formatSeconds, RateLimiter } from '../../src/sandbox/rate-limits.js';
import { HttpError } from '../../src/sandbox/http.js';
import { client, type Client } from './client.js';

describe('RateLimiter (clock injected)', () => {
  let now = 0;
  const limiter = new RateLimiter(() => now, 1, true);
  const attempt = (group: 'Heavy' | 'Light' = 'Heavy'): number | Record<string, string> => {
    try {
      return limiter.consume('token', group);
    } catch (error) {
      return (error as HttpError).status;
    }
  };

  it('counts a sliding 60 s window and restarts the 60 s penalty on every request during it', () => {
    now = 0;
    limiter.reset();
    for (let i = 0; i < 10; i++) {
      now = i * 1000;
      expect(attempt()).toMatchObject({ 'X-Rate-Limit-Remaining': String(9 - i) });
    }
    now = 10_000;
    expect(attempt()).toBe(429); // 11th in the window; penalty until 70 s
    expect(attempt('Light')).toMatchObject({ 'X-Rate-Limit-Group': 'light' }); // other groups unaffected
    now = 65_000;
    expect(attempt()).toBe(429); // during the penalty: restarts it, until 125 s
    now = 120_000;
    expect(attempt()).toBe(429); // would have been free at 70 s without the restart; now until 180 s
    now = 180_001;
    expect(attempt()).toMatchObject({ 'X-Rate-Limit-Remaining': '9' });
  });

  it('puts the headers and Retry-After on the 429', () => {
    now = 0;
    limiter.reset();
    for (let i = 0; i < 10; i++) limiter.consume('token', 'Heavy');
    try {
      limiter.consume('token', 'Heavy');
      throw new Error('expected a 429');
    } catch (error) {
      const e = error as HttpError;
      expect(e.extra).toMatchObject({
        errorCode: 'CMN-301',
        headers: { 'X-Rate-Limit-Group': 'heavy', 'X-Rate-Limit-Limit': '10', 'X-Rate-Limit-Remaining': '0', 'X-Rate-Limit-Window': '60', 'Retry-After': '60' },
      });
    }
  });

  it('writes scaled windows as fractional seconds', () => {
    expect(formatSeconds(60_000)).toBe('60');
    expect(formatSeconds(60_000 / 1000)).toBe('0.06');
    expect(formatSeconds(60_000 / 7)).toBe('8.572');
  });
});

describe('rate limits over HTTP (timeScale 60: 1 s windows and penalties)', () => {
  let sandbox: Sandbox;
  let http: Client;
  beforeAll(async () => {
    sandbox = await startSandbox({ timeScale: 60, seed: 'empty' });
    http = client(sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await http.admin('POST', '/reset', { seed: 'empty' });
    await sleep(1100);
  });

  it('sends X-Rate-Limit headers on every limited response and a 429 with Retry-After past the limit', async () => {
    const first = await http.rc('DELETE', '/scim/v2/Users/1');
    expect(first.status).toBe(404);
    expect(first.headers.get('x-rate-limit-group')).toBe('heavy');
    expect(first.headers.get('x-rate-limit-limit')).toBe('10');
    expect(first.headers.get('x-rate-limit-remaining')).toBe('9');
    expect(first.headers.get('x-rate-limit-window')).toBe('1');
    for (let i = 0; i < 9; i++) await http.rc('DELETE', '/scim/v2/Users/1');
    const limited = await http.rc('DELETE', '/scim/v2/Users/1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(limited.body).toMatchObject({ status: '429', errorCode: 'CMN-301' });
    expect((await http.rc('GET', '/scim/v2/Users')).headers.get('x-rate-limit-group')).toBe('light');
    const stats = (await http.admin('GET', '/stats')).body;
    expect(stats).toMatchObject({ tooManyRequests: 1, byGroup: { Heavy: 11, Light: 1 }, byVendor: { ringcentral: 12 } });
  });

  it('keeps refusing while requests keep arriving during the penalty', async () => {
    for (let i = 0; i < 40; i++) await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=1'); // Medium: 40 per window
    expect((await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=1')).status).toBe(429);
    await sleep(600);
    expect((await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=1')).status).toBe(429);
    await sleep(600);
    expect((await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=1')).status).toBe(429);
    await sleep(1100);
    expect((await http.rc('GET', '/restapi/v1.0/account/~/extension?perPage=1')).status).toBe(200);
  });

  it('limits the token endpoint in the Auth group (5 per window)', async () => {
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sandbox.jwt }).toString();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await http.vendor('POST', '/restapi/oauth/token', { rawBody: body, headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' } });
      statuses.push(res.status);
      expect(res.headers.get('x-rate-limit-group')).toBe('auth');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('shares one budget among all tokens of one client', async () => {
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.clientSecret}`).toString('base64');
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: sandbox.jwt }).toString();
    const token = async () =>
      (await http.vendor('POST', '/restapi/oauth/token', { rawBody: body, headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' } })).body.access_token;
    const [a, b] = [await token(), await token()];
    for (let i = 0; i < 10; i++) await http.vendor('DELETE', '/scim/v2/Users/1', { headers: { authorization: `Bearer ${a}` } });
    expect((await http.vendor('DELETE', '/scim/v2/Users/1', { headers: { authorization: `Bearer ${b}` } })).status).toBe(429);
    expect((await http.rc('DELETE', '/scim/v2/Users/1')).status).toBe(404); // the static token is another identity
  });
});

describe('rate limits switched off', () => {
  it('never answers 429 and sends no rate-limit headers', async () => {
    const sandbox = await startSandbox({ rateLimits: false, seed: 'empty' });
    try {
      const http = client(sandbox);
      for (let i = 0; i < 15; i++) {
        const res = await http.rc('DELETE', '/scim/v2/Users/1');
        expect(res.status).toBe(404);
        expect(res.headers.get('x-rate-limit-group')).toBeNull();
      }
    } finally {
      await sandbox.close();
    }
  });
});
