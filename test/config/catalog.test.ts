/**
 * The catalogs are data that validation, normalisation and the core all read: they must pass
 * Roster's own checks, and every path they name must be one the core understands.
 */
import { describe, expect, it } from 'vitest';
import { parseScimPath } from '../../src/core/scim-path.js';
import { CATALOG_NAMES, loadCatalog } from '../../src/config/catalog.js';
import { checkSource } from '../../src/config/check-source.js';
import { checkTargetPath } from '../../src/config/check-target-path.js';

describe.each(CATALOG_NAMES)('catalog %s', (name) => {
  const catalog = loadCatalog(name);

  it('maps valid SCIM paths from known directory properties', () => {
    for (const [target, source] of Object.entries(catalog.provisioning.mappings)) {
      expect({ target, problem: checkTargetPath(target).problem }).toEqual({ target, problem: undefined });
      expect({ source, problem: checkSource(source).problem }).toEqual({ source, problem: undefined });
    }
  });

  it('states SSO attributes from known single-valued directory properties', () => {
    for (const source of Object.values(catalog.sso.attributes)) expect(checkSource(source)).toEqual({ shape: 'scalar' });
    for (const required of catalog.sso.requirements.attributes) {
      expect(catalog.sso.attributes).toHaveProperty(required.name);
      if (required.source !== undefined) expect(catalog.sso.attributes[required.name]).toBe(required.source);
    }
  });

  it('names paths the core can parse, maps what creation needs, and recommends credentials it takes', () => {
    const { rules } = catalog.provisioning;
    for (const path of [...rules.requiredAtCreate, ...rules.targetOwned, ...rules.ignored]) expect({ path, parsed: parseScimPath(path) !== undefined }).toEqual({ path, parsed: true });
    for (const path of rules.requiredAtCreate) expect(catalog.provisioning.mappings).toHaveProperty([path]);
    expect(catalog.provisioning.credentials.accepted).toContain(catalog.provisioning.credentials.recommended);
  });
});

describe('mapping targets', () => {
  it.each([
    'userName',
    'title',
    'name.givenName',
    'emails[type eq "work"].value',
    'addresses[type eq "home"].postalCode',
    'phoneNumbers[type eq "mobile"].value',
    'addresses[]',
    'phoneNumbers[]',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
  ])('accepts %s, which the core parses', (path) => {
    expect(checkTargetPath(path).problem).toBeUndefined();
    expect(path.endsWith('[]') || parseScimPath(path) !== undefined).toBe(true);
  });

  it('accepts other extensions with a warning, and only in a form the core parses', () => {
    expect(checkTargetPath('urn:example:schemas:2.0:Badge:number')).toEqual({
      shape: 'scalar',
      problem: { severity: 'warning', message: 'Roster cannot check attributes of the extension schema urn:example:schemas:2.0:Badge', hint: 'make sure the application declares this schema (GET /Schemas)' },
    });
    expect(checkTargetPath('urn:example:schemas:2.0:Badge:').problem?.severity).toBe('error');
  });
});

describe('directory sources', () => {
  it.each([
    ['email', 'scalar'],
    ['attributes.costCenter', 'scalar'],
    ['addresses[type eq "work"].country', 'scalar'],
    ['phoneNumbers[type eq "mobile"].number', 'scalar'],
    ['addresses[]', 'multi-valued'],
    ['phoneNumbers[]', 'multi-valued'],
  ])('accepts %s as %s', (source, shape) => {
    expect(checkSource(source)).toEqual({ shape });
  });
});
