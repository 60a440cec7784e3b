/**
 * Resolving an application's SSO before planning: the SP metadata named in the YAML is read
 * relative to that file, its values fill what the configuration leaves out, every problem points
 * at the line that names it, and where each value came from is kept for the plan.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_SP_REQUIREMENTS, type DesiredSso } from '../../src/core/desired.js';
import { loadCatalog } from '../../src/config/catalog.js';
import { resolveDesiredSso } from '../../src/saml/index.js';
import { FIXTURES, withTempDirAsync } from './support.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const ORIGIN = { file: 'configs/apps/ringcentral.yaml', line: 7, column: 19 };
const BASE = { label: 'RingCentral', ssoUrl: 'https://sso.jumpcloud.com/saml2/ringcentral', 'attributes.email': 'email' };

/** The desired SSO config/desired.ts makes for an application whose YAML sits in `dir/apps`. */
function desired(dir: string, reference: string | undefined, settings: Record<string, string | boolean> = {}, fromCatalog?: string[]): DesiredSso {
  return {
    enabled: true,
    settings: { ...BASE, ...settings },
    ...(reference !== undefined ? { spMetadata: { reference, declaredIn: { path: join(dir, 'apps/ringcentral.yaml'), display: 'configs/apps/ringcentral.yaml' }, origin: ORIGIN } } : {}),
    ...(fromCatalog ? { fromCatalog } : {}),
    requirements: loadCatalog('ringcentral').sso.requirements,
  };
}

async function withMetadata<T>(fixture: string, run: (dir: string) => Promise<T>): Promise<T> {
  return withTempDirAsync(async (dir) => {
    mkdirSync(join(dir, 'apps/metadata'), { recursive: true });
    copyFileSync(join(FIXTURES, fixture), join(dir, 'apps/metadata/sp.xml'));
    return run(dir);
  });
}

describe('resolveDesiredSso', () => {
  it('reads the metadata relative to its YAML file and takes the SP values, and signed assertions, from it', async () => {
    await withMetadata('sp/ringcentral.xml', async (dir) => {
      const resolved = await resolveDesiredSso('ringcentral', 'ringcentral', desired(dir, 'metadata/sp.xml'), { now: NOW });
      expect(resolved.settings).toEqual({
        ...BASE,
        'config.spEntityId': 'https://sso.ringcentral.com',
        'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2',
        // WantAssertionsSigned="true": JumpCloud's default does not sign assertions.
        'config.signAssertion': true,
      });
      expect(resolved.origins).toEqual({
        'config.spEntityId': 'configs/apps/metadata/sp.xml',
        'config.acsUrl': 'configs/apps/metadata/sp.xml',
        'config.signAssertion': 'configs/apps/metadata/sp.xml',
      });
      // `number` is missing, but the configuration's own checks report that, with its position.
      expect(resolved.diagnostics).toEqual([]);
    });
  });

  it('keeps what the configuration says, and reports a disagreement with the metadata naming both values', async () => {
    await withMetadata('sp/ringcentral.xml', async (dir) => {
      const resolved = await resolveDesiredSso('ringcentral', 'ringcentral', desired(dir, 'metadata/sp.xml', { 'config.signAssertion': false, 'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2' }), { now: NOW });
      expect(resolved.settings['config.signAssertion']).toBe(false);
      expect(resolved.origins).toEqual({ 'config.spEntityId': 'configs/apps/metadata/sp.xml' });
      expect((resolved.diagnostics ?? []).map((d) => d.code)).toEqual(['saml.assertion-signing-required']);
    });
  });

  it('points every problem reading the metadata at the setting that names it', async () => {
    await withTempDirAsync(async (dir) => {
      const resolved = await resolveDesiredSso('ringcentral', 'ringcentral', desired(dir, 'metadata/missing.xml'), { now: NOW });
      expect(resolved.diagnostics).toEqual([
        expect.objectContaining({ severity: 'error', code: 'saml.metadata-file-missing', origin: ORIGIN, path: 'applications.ringcentral.sso.spMetadata', address: 'ringcentral/sso' }),
      ]);
    });
  });

  it('without metadata, says which values are the catalog’s', async () => {
    await withTempDirAsync(async (dir) => {
      const sso = desired(dir, undefined, { 'config.acsUrl': 'https://sso.ringcentral.com/sp/ACS.saml2', 'config.spEntityId': 'https://sso.ringcentral.com' }, ['config.acsUrl']);
      const resolved = await resolveDesiredSso('ringcentral', 'ringcentral', sso, { now: NOW });
      expect(resolved.origins).toEqual({ 'config.acsUrl': 'the ringcentral catalog' });
      expect(resolved.settings).toEqual(sso.settings);
    });
  });

  it('checks nothing beyond the metadata without requirements', async () => {
    await withTempDirAsync(async (dir) => {
      const resolved = await resolveDesiredSso('wiki', 'scim', { ...desired(dir, undefined), requirements: NO_SP_REQUIREMENTS }, { now: NOW });
      expect(resolved.diagnostics).toEqual([]);
    });
  });
});
