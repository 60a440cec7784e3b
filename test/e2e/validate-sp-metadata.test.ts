/**
 * `roster validate` judges SP metadata files as plan does, through bin/roster: read within the
 * same cap (1 MiB) and parsed by the same safe parser (no DTD, no entity, UTF-8 only). An
 * absolute `spMetadata` path is shown as given. URLs are not fetched.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { roster } from '../support/cli.js';

const SAML = fileURLToPath(new URL('../fixtures/saml/', import.meta.url));

async function configNaming(spMetadata: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'roster-validate-metadata-'));
  await writeFile(
    join(dir, 'roster.yaml'),
    `idp:\n  type: jumpcloud\n  apiKey: \${JUMPCLOUD_API_KEY}\napplications:\n  wiki:\n    catalog: scim\n    groups: [Engineering]\n    sso:\n      spMetadata: ${JSON.stringify(spMetadata)}\n`,
  );
  return dir;
}

describe('roster validate and SP metadata files', () => {
  it('refuses a file over 1 MiB named by an absolute path, showing the path as given', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'roster-metadata-'));
    const big = join(folder, 'big.xml');
    const good = await readFile(join(SAML, 'sp/one-acs.xml'), 'utf8');
    await writeFile(big, good.replace('<md:SPSSODescriptor', `<!-- ${'x'.repeat(1024 * 1024)} -->\n  <md:SPSSODescriptor`));
    const config = await configNaming(big);
    const run = await roster(['validate', '-c', config], { cwd: tmpdir() });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`SP metadata ${big} is `);
    expect(run.stderr).toContain('over the 1048576-byte limit');
    expect(run.stderr).not.toContain(`${config}${big}`);
  });

  it('refuses an external entity, as plan does, and accepts good metadata', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'roster-metadata-'));
    await copyFile(join(SAML, 'hostile/external-entity.xml'), join(folder, 'sp.xml'));
    const hostile = await roster(['validate', '-c', await configNaming(join(folder, 'sp.xml'))], { cwd: tmpdir() });
    expect(hostile.code, hostile.stderr).toBe(1);
    expect(hostile.stderr).toContain(`${join(folder, 'sp.xml')} contains a DOCTYPE with an external entity (XXE)`);

    const fine = await roster(['validate', '-c', await configNaming(join(SAML, 'sp/one-acs.xml'))], { cwd: tmpdir() });
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stdout).toContain('Configuration is valid: 1 application.');
  });

  it('does not fetch a URL', async () => {
    const run = await roster(['validate', '-c', await configNaming('https://127.0.0.1:9/never-fetched.xml')], { cwd: tmpdir() });
    expect(run.code, run.stderr).toBe(0);
  });
});
