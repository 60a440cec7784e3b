import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startSandbox } from '../../src/sandbox/index.js';
import { client } from './client.js';
import { checkResponse, specFile } from './spec.js';

const ok = (method: string, path: string, status: number, body: unknown) =>
  checkResponse({ method, path, status, contentType: 'application/json', body, text: body === undefined ? '' : JSON.stringify(body) });

describe('the response check itself', () => {
  it('accepts vendor-shaped responses and names the schema it used', () => {
    expect(ok('GET', '/api/systemusers', 200, { totalCount: 0, results: [] })).toMatchObject({ kind: 'validated', schema: expect.stringContaining('jumpcloud-v1') });
    expect(ok('GET', '/api/v2/usergroups', 200, [])).toMatchObject({ kind: 'validated', schema: expect.stringContaining('jumpcloud-v2') });
    expect(ok('POST', '/scim/v2/Users/.search', 200, { totalResults: 0, Resources: [] })).toMatchObject({ kind: 'validated' });
    expect(ok('POST', '/api/v2/usergroups/x/members', 204, undefined)).toEqual({ kind: 'no-schema' });
    expect(ok('POST', '/restapi/oauth/token', 200, {})).toEqual({ kind: 'outside-specs' });
  });

  it('rejects drift: wrong types, wrong enums, list shapes, undocumented statuses and operations', () => {
    expect(() => ok('GET', '/api/systemusers', 200, [])).toThrow(/does not match/);
    expect(() => ok('GET', '/api/systemusers/abc', 200, { _id: 'abc', state: 'ACTIVE' })).toThrow(/allowed values/);
    expect(() => ok('GET', '/api/v2/usergroups', 200, { results: [] })).toThrow(/does not match/);
    expect(() => ok('GET', '/scim/v2/Users/1', 200, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a', name: { givenName: 'a' }, emails: [] })).toThrow(/familyName/);
    expect(() => ok('GET', '/scim/v2/Users/1', 404, { status: 404 })).toThrow(/must be string/);
    expect(() => ok('GET', '/restapi/v1.0/account/~/extension', 200, { records: [], paging: { perPage: 1, extra: 1 } })).toThrow(/additional properties/);
    expect(() => ok('POST', '/api/v2/usergroups', 200, { id: 'x', name: 'x' })).toThrow(/not documented/);
    expect(() => ok('GET', '/api/v2/nothing', 200, {})).toThrow(/no such operation/);
  });
});

describe('architecture', () => {
  it('src/sandbox imports nothing from the rest of Roster (dependency rule 6, test/architecture.test.ts)', () => {
    const root = join(process.cwd(), 'src', 'sandbox');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    const offending = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)]
        .map((m) => join(file, '..', m[1] ?? ''))
        .filter((target) => relative(root, target).startsWith('..'))
        .map((target) => `${relative(root, file)} → ${relative(root, target)}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('throttling groups', () => {
  it('count every RingCentral operation in the group its spec operation declares (x-throttling-group)', async () => {
    const doc = YAML.parse(readFileSync(specFile('ringcentral-scim'), 'utf8')) as { paths: Record<string, Record<string, { 'x-throttling-group'?: string }>> };
    const sandbox = await startSandbox({ seed: 'empty' });
    try {
      const http = client(sandbox);
      const checked: string[] = [];
      for (const [template, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const group = operation['x-throttling-group'];
          if (!group) continue;
          // createExtension is in the subset but not served by the sandbox (Roster only lists extensions).
          if (method === 'post' && template.endsWith('/extension')) continue;
          const path = template.replace('{accountId}', '~').replace('{scimUserId}', '1').replace('{type}', 'User').replace('{uri}', 'x');
          const headers = { authorization: `Bearer ${sandbox.scimToken}`, 'content-type': 'application/json' };
          const res = await http.raw(method.toUpperCase(), path, method === 'get' ? { headers } : { headers, rawBody: '{}' });
          expect([`${method} ${template}`, res.headers.get('x-rate-limit-group')]).toEqual([`${method} ${template}`, group.toLowerCase()]);
          checked.push(`${method} ${template}`);
        }
      }
      expect(checked).toHaveLength(13);
    } finally {
      await sandbox.close();
    }
  });
});
