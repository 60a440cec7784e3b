/**
 * schema.json and the generated parts of docs/configuration.md are current, every key is
 * documented, and editors using schema.json agree with Roster about the fixtures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../src/cli/commands/schema.js';
import { describeKeys, generatedBlocks, withGeneratedBlocks } from '../../src/config/reference-docs.js';
import { runValidate } from './run-validate.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('schema.json', () => {
  it('is the schema Roster generates (run `npm run schema` after changing src/config/schema.ts)', () => {
    expect(read('schema.json')).toBe(schemaText());
  });

  it('is what `roster schema` prints', async () => {
    const { runCli } = await import('../../src/cli/main.js');
    let printed = '';
    const io = { stdout: { write: (text: string) => ((printed += text), true) }, stderr: { write: () => true } };
    expect(await runCli(['schema'], io as never)).toBe(0);
    expect(printed).toBe(read('schema.json'));
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(read('schema.json')) as object);

  it('accepts the example configuration and every valid fixture, as an editor would', () => {
    const files = [...yamlFiles(join(root, 'configs')), ...yamlFiles(join(root, 'test/fixtures/config')).filter((f) => f.includes('/valid-'))];
    const documents = files.map((file) => ({ file, data: parse(readFileSync(file, 'utf8')) as unknown }));
    const byFixture = new Map<string, Record<string, unknown>>();
    for (const { file, data } of documents) {
      if (data === null) continue;
      // The files of one fixture (or of configs/) form one configuration: merge their top-level keys.
      const parts = relative(root, file).split('/');
      const folder = parts.slice(0, parts[0] === 'configs' ? 1 : 4).join('/');
      const merged = byFixture.get(folder) ?? {};
      for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
        merged[key] = key === 'applications' ? { ...(merged[key] as object), ...(value as object) } : value;
      }
      byFixture.set(folder, merged);
    }
    expect(byFixture.size).toBeGreaterThan(5);
    for (const [folder, data] of byFixture) {
      expect({ folder, valid: validate(data), errors: validate.errors ?? [] }).toEqual({ folder, valid: true, errors: [] });
    }
  });

  it('rejects a literal secret, as an editor would', () => {
    expect(validate({ idp: { type: 'jumpcloud', apiKey: 'literal-key' } })).toBe(false);
    expect(validate({ idp: { type: 'jumpcloud', apiKey: '${JUMPCLOUD_API_KEY}' } })).toBe(true);
  });
});

describe('docs/configuration.md', () => {
  it('holds the current key reference and catalog defaults (run `npm run schema`)', () => {
    const docs = read('docs/configuration.md');
    expect(withGeneratedBlocks(docs, generatedBlocks())).toBe(docs);
  });

  it('describes every key, with an example for every value a user writes', () => {
    const keys = describeKeys();
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter((key) => !key.description).map((key) => key.path)).toEqual([]);
    expect(keys.filter((key) => key.type !== 'mapping' && key.example === undefined).map((key) => key.path)).toEqual([]);
  });

  it('names every key of the documented example configuration', () => {
    const docs = read('docs/configuration.md');
    for (const key of ['idp.type', 'idp.url', 'idp.apiKey', 'idp.orgId', '<name>.catalog', '<name>.label', '<name>.portal', '<name>.groups', 'sso.ssoUrl', 'sso.spMetadata', 'sso.attributes', 'provisioning.url', 'provisioning.auth.clientId', 'provisioning.token', 'provisioning.mappings', 'provisioning.deprovision', 'safety.maxDeprovision', 'safety.protect']) {
      expect(docs).toContain(key);
    }
  });

  it('shows an example configuration that is valid', async () => {
    const run = await runValidate('configs', root);
    expect(run).toMatchObject({ exitCode: 0, stderr: '' });
  });
});
