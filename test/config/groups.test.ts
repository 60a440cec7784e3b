/**
 * `provisioning.groups`, `groupDisplayName` and `groupBatchSize`: each form and its desired state,
 * the defaults, every problem at its line, and targets without /Groups.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_BATCH_SIZE } from '../../src/core/desired.js';
import type { Diagnostic } from '../../src/core/diagnostics.js';
import { evaluateConfigFiles } from '../../src/config/load.js';
import { interpolate } from '../../src/config/interpolate.js';
import { keysAt } from '../../src/config/schema-walk.js';
import { loadCatalog } from '../../src/config/catalog.js';

const IDP = 'idp:\n  type: jumpcloud\n  apiKey: ${JUMPCLOUD_API_KEY}\n';
const ENV = { JUMPCLOUD_API_KEY: 'jc-key', WIKI_TOKEN: 'wiki-token', RINGCENTRAL_CLIENT_ID: 'id', RINGCENTRAL_CLIENT_SECRET: 'secret', RINGCENTRAL_JWT: 'jwt' };

/** A `scim` application bound to Sales and Support; `extra` goes under `provisioning:` (lines 11 on). */
function wiki(extra: string, groups = '[Sales, Support]'): string {
  return `${IDP}applications:
  wiki:
    catalog: scim
    groups: ${groups}
    provisioning:
      url: https://wiki.example.com/scim/v2
      token: \${WIKI_TOKEN}
${extra}`;
}

/** A `ringcentral` application; `extra` goes under `provisioning:` (lines 13 on). */
function ringcentral(extra: string): string {
  return `${IDP}applications:
  ringcentral:
    catalog: ringcentral
    groups: [Sales]
    provisioning:
      auth:
        clientId: \${RINGCENTRAL_CLIENT_ID}
        clientSecret: \${RINGCENTRAL_CLIENT_SECRET}
        jwt: \${RINGCENTRAL_JWT}
${extra}`;
}

function load(text: string, env: Record<string, string> | undefined = ENV) {
  return evaluateConfigFiles([{ display: 'configs/roster.yaml', path: '/work/configs/roster.yaml', text }], { cwd: '/work', ...(env ? { env } : {}), probe: () => 'missing' });
}

const lines = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.origin?.line}:${d.origin?.column} ${d.severity} ${d.code}: ${d.message}`);
const groupsOf = (text: string) => {
  const { loaded, diagnostics } = load(text);
  expect(lines(diagnostics)).toEqual([]);
  return loaded!.desired.applications[0]!.provisioning!.groups;
};

describe('provisioning.groups: forms and desired state', () => {
  it('defaults to the bound groups, with the default template and batch size, when the YAML says nothing', () => {
    expect(groupsOf(wiki(''))).toEqual({ mode: 'bound', names: [], displayNames: {}, displayNameTemplate: '{group}', batchSize: 100 });
    expect(DEFAULT_GROUP_BATCH_SIZE).toBe(100);
  });

  it('is set on every provisioned application, also one whose provisioning is disabled', () => {
    const text = `${IDP}applications:\n  wiki:\n    catalog: scim\n    groups: [Sales]\n    provisioning:\n      enabled: false\n      url: https://wiki.example.com/scim/v2\n`;
    expect(groupsOf(text)?.mode).toBe('bound');
  });

  it('takes `bound` written out as the default', () => {
    expect(groupsOf(wiki('      groups: bound\n'))).toEqual(groupsOf(wiki('')));
  });

  it('takes `none`', () => {
    expect(groupsOf(wiki('      groups: none\n'))).toEqual({ mode: 'none', names: [], displayNames: {}, displayNameTemplate: '{group}', batchSize: 100 });
  });

  it('takes a list of names and {name, displayName} entries, keeping only explicit displayNames, with where each is written', () => {
    const groups = groupsOf(
      wiki(`      groups:
        - Sales
        - name: Support Leads
          displayName: Support leads
        - name: Engineering
      groupDisplayName: "JumpCloud {group}"
      groupBatchSize: 25
`),
    );
    expect(groups).toEqual({
      mode: 'listed',
      names: ['Sales', 'Support Leads', 'Engineering'],
      displayNames: { 'Support Leads': 'Support leads' },
      displayNameTemplate: 'JumpCloud {group}',
      batchSize: 25,
      origins: {
        Sales: { file: 'configs/roster.yaml', line: 12, column: 11 },
        'Support Leads': { file: 'configs/roster.yaml', line: 13, column: 11 },
        Engineering: { file: 'configs/roster.yaml', line: 15, column: 11 },
      },
    });
  });

  it('does not require a listed group to be bound: it may be nested in a bound group', () => {
    const { loaded, diagnostics } = load(wiki('      groups: [Support Leads]\n', '[Support]'));
    expect(diagnostics).toEqual([]);
    expect(loaded?.desired.applications[0]?.provisioning?.groups).toMatchObject({ mode: 'listed', names: ['Support Leads'], origins: { 'Support Leads': { line: 11, column: 16 } } });
    expect(loaded?.desired.applications[0]?.groups).toEqual(['Support']);
  });

  it('takes an empty list: no group is provisioned', () => {
    expect(groupsOf(wiki('      groups: []\n'))).toEqual({ mode: 'listed', names: [], displayNames: {}, displayNameTemplate: '{group}', batchSize: 100 });
  });

  it('accepts a template without {group} when it names one group only, and the limits of the batch size', () => {
    expect(groupsOf(wiki('      groups: [Sales]\n      groupDisplayName: Everyone\n      groupBatchSize: 1\n'))).toMatchObject({ displayNameTemplate: 'Everyone', batchSize: 1 });
    expect(groupsOf(wiki('      groupBatchSize: 1000\n'))?.batchSize).toBe(1000);
  });

  it('keeps braces that are no placeholder as text', () => {
    expect(groupsOf(wiki('      groupDisplayName: "{group} {} { x } {1}"\n'))?.displayNameTemplate).toBe('{group} {} { x } {1}');
  });

  it('fills group names and templates from the environment, as other text', () => {
    const text = wiki('      groups:\n        - ${TEAM}\n        - name: ${TEAM}-leads\n      groupDisplayName: "${PREFIX:-JC} {group}"\n');
    const { loaded, diagnostics } = load(text, { ...ENV, TEAM: 'Sales' });
    expect(diagnostics).toEqual([]);
    expect(loaded?.desired.applications[0]?.provisioning?.groups).toMatchObject({ names: ['Sales', 'Sales-leads'], displayNameTemplate: 'JC {group}' });
    expect(lines(load(text, ENV).diagnostics)).toEqual([
      '12:11 error config.missing-variable: environment variable TEAM is not set or empty (used by applications.wiki.provisioning.groups[0])',
      '13:17 error config.missing-variable: environment variable TEAM is not set or empty (used by applications.wiki.provisioning.groups[1].name)',
    ]);
  });

  it('changes the configuration digest', () => {
    expect(load(wiki('      groups: none\n')).loaded!.digest).not.toBe(load(wiki('')).loaded!.digest);
  });
});

describe('provisioning.groups: problems at their lines', () => {
  const problems = (extra: string, groups?: string) => {
    const { loaded, diagnostics } = load(wiki(extra, groups));
    expect(loaded).toBeUndefined();
    return diagnostics.map((d) => [`${d.origin?.line}:${d.origin?.column}`, d.code, d.message, d.hint, d.path]);
  };

  it('rejects another word, suggesting the nearest', () => {
    expect(problems('      groups: bond\n')).toEqual([
      ['11:15', 'config.invalid-union', 'expected `bound`, `none` or a list of IdP groups, not string "bond"', 'did you mean `bound`?', 'applications.wiki.provisioning.groups'],
    ]);
  });

  it('rejects a mapping in place of a list', () => {
    expect(problems('      groups:\n        name: Sales\n')).toEqual([
      ['12:9', 'config.invalid-union', 'expected `bound`, `none` or a list of IdP groups, not a mapping', undefined, 'applications.wiki.provisioning.groups'],
    ]);
  });

  it('names unknown keys of an entry, with the key meant', () => {
    expect(problems('      groups:\n        - name: Sales\n          dispalyName: Sales team\n')).toEqual([
      ['13:11', 'config.unknown-key', 'unknown key "dispalyName"', 'did you mean `displayName`?', 'applications.wiki.provisioning.groups[0].dispalyName'],
    ]);
  });

  it('names an unknown key next to groups, with the key meant', () => {
    expect(problems('      groupBatchSise: 10\n')).toEqual([
      ['11:7', 'config.unknown-key', 'unknown key "groupBatchSise"', 'did you mean `groupBatchSize`?', 'applications.wiki.provisioning.groupBatchSise'],
    ]);
  });

  it('rejects an entry without a name, an empty name and an entry that is neither text nor a mapping', () => {
    expect(problems('      groups:\n        - displayName: Sales team\n        - ""\n        - 3\n')).toEqual([
      ['12:11', 'config.invalid-type', 'missing required key "name"', undefined, 'applications.wiki.provisioning.groups[0].name'],
      ['13:11', 'config.too-small', 'groups[1] must not be empty', undefined, 'applications.wiki.provisioning.groups[1]'],
      ['14:11', 'config.invalid-union', 'expected an IdP group name, or a mapping with `name` and `displayName`, not number 3', undefined, 'applications.wiki.provisioning.groups[2]'],
    ]);
  });

  it('rejects an empty or blank displayName', () => {
    expect(problems('      groups:\n        - name: Sales\n          displayName: ""\n')).toEqual([
      ['13:24', 'config.too-small', 'displayName must not be empty', undefined, 'applications.wiki.provisioning.groups[0].displayName'],
    ]);
    expect(problems('      groups:\n        - Support\n        - name: Sales\n          displayName: "  "\n')).toEqual([
      ['14:24', 'config.group-display-name-empty', 'the displayName of group "Sales" must not be blank', 'remove it to take the name from `groupDisplayName`', 'applications.wiki.provisioning.groups[1].displayName'],
    ]);
  });

  it('rejects a group listed twice, at the second entry', () => {
    expect(problems('      groups:\n        - Sales\n        - Support\n        - name: Sales\n          displayName: Sales team\n')).toEqual([
      ['14:11', 'config.group-listed-twice', 'group "Sales" is listed twice in provisioning.groups (also as groups[0])', 'keep one entry: an IdP group becomes one target group', 'applications.wiki.provisioning.groups[2]'],
    ]);
  });

  it('rejects an unknown placeholder in the template, naming each once', () => {
    expect(problems('      groupDisplayName: "{org} {group} {team} {org}"\n')).toEqual([
      [
        '11:25',
        'config.group-template-placeholder',
        'groupDisplayName has the unknown placeholders {org}, {team}; the only placeholder is {group}, the IdP group’s name',
        'write e.g. `groupDisplayName: "JumpCloud {group}"`',
        'applications.wiki.provisioning.groupDisplayName',
      ],
    ]);
  });

  it('rejects an empty or blank template', () => {
    expect(problems('      groupDisplayName: ""\n')).toEqual([['11:25', 'config.too-small', 'groupDisplayName must not be empty', undefined, 'applications.wiki.provisioning.groupDisplayName']]);
    expect(problems('      groupDisplayName: " "\n')).toEqual([
      ['11:25', 'config.group-display-name-empty', 'groupDisplayName must not be blank', 'remove it for the default, {group}', 'applications.wiki.provisioning.groupDisplayName'],
    ]);
  });

  it('rejects a batch size out of range or not a whole number', () => {
    expect(problems('      groupBatchSize: 0\n')).toEqual([['11:23', 'config.too-small', 'groupBatchSize must be at least 1, not number 0', undefined, 'applications.wiki.provisioning.groupBatchSize']]);
    expect(problems('      groupBatchSize: 1001\n')).toEqual([['11:23', 'config.too-big', 'groupBatchSize must be at most 1000', undefined, 'applications.wiki.provisioning.groupBatchSize']]);
    expect(problems('      groupBatchSize: 2.5\n')).toEqual([['11:23', 'config.invalid-type', 'groupBatchSize must be a whole number, not number 2.5', undefined, 'applications.wiki.provisioning.groupBatchSize']]);
    expect(problems('      groupBatchSize: "10"\n')).toEqual([['11:23', 'config.invalid-type', 'groupBatchSize must be a number, not string "10"', undefined, 'applications.wiki.provisioning.groupBatchSize']]);
  });

  it('rejects two listed groups with the same displayName, naming both, at the second', () => {
    expect(problems('      groups:\n        - Sales\n        - name: Support\n          displayName: Sales\n')).toEqual([
      ['14:24', 'config.group-display-name-clash', 'groups "Sales" and "Support" would both be the target group "Sales"', 'give each group its own displayName', 'applications.wiki.provisioning.groups[1].displayName'],
    ]);
  });

  it('rejects displayNames that differ only in case, as SCIM compares them', () => {
    expect(problems('      groups:\n        - name: Sales\n          displayName: Sales Team\n        - name: Support\n          displayName: sales team\n')).toEqual([
      [
        '15:24',
        'config.group-display-name-clash',
        'groups "Sales" and "Support" would be one target group: their displayNames "Sales Team" and "sales team" differ only in case, which SCIM ignores',
        'give each group its own displayName',
        'applications.wiki.provisioning.groups[1].displayName',
      ],
    ]);
  });

  it('rejects an override equal to another group’s templated displayName', () => {
    expect(problems('      groups:\n        - Sales\n        - name: Support\n          displayName: JC Sales\n      groupDisplayName: JC {group}\n')).toEqual([
      ['14:24', 'config.group-display-name-clash', 'groups "Sales" and "Support" would both be the target group "JC Sales"', 'give each group its own displayName', 'applications.wiki.provisioning.groups[1].displayName'],
    ]);
  });

  it('rejects a template without {group} that names several bound groups alike, at the template', () => {
    expect(problems('      groupDisplayName: Everyone\n')).toEqual([
      [
        '11:25',
        'config.group-display-name-clash',
        'groups "Sales" and "Support" would both be the target group "Everyone"',
        'put {group} in groupDisplayName, or give each group its own displayName',
        'applications.wiki.provisioning.groupDisplayName',
      ],
    ]);
  });

  it('rejects bound groups whose names differ only in case, at the second group', () => {
    expect(problems('', '[Sales, SALES]')).toEqual([
      [
        '7:21',
        'config.group-display-name-clash',
        'groups "Sales" and "SALES" would be one target group: their displayNames "Sales" and "SALES" differ only in case, which SCIM ignores',
        'give each group its own displayName',
        'applications.wiki.groups[1]',
      ],
    ]);
  });

  it('does not check displayNames when no group is provisioned', () => {
    expect(load(wiki('      groups: none\n      groupDisplayName: Everyone\n')).diagnostics).toEqual([]);
  });

  it('reports every problem in one run, without noise from the invalid values', () => {
    expect(problems('      groups: [Sales, Sales]\n      groupDisplayName: "{team}"\n      groupBatchSize: -1\n').map(([at, code]) => `${at} ${code}`)).toEqual([
      '11:23 config.group-listed-twice',
      '12:25 config.group-template-placeholder',
      '13:23 config.too-small',
    ]);
  });
});

describe('targets without /Groups', () => {
  const warnings = (extra: string) => {
    const { loaded, diagnostics } = load(ringcentral(extra));
    expect(loaded).toBeDefined();
    return lines(diagnostics);
  };

  it('are declared by their catalog', () => {
    expect(loadCatalog('ringcentral').provisioning.groups).toBe(false);
    expect(loadCatalog('scim').provisioning.groups).toBe(true);
  });

  it('stay silent about the default and about `none`', () => {
    expect(warnings('')).toEqual([]);
    expect(warnings('      groups: none\n')).toEqual([]);
  });

  it('warn that an explicit provisioning.groups is ignored, at its line', () => {
    expect(warnings('      groups: [Sales]\n')).toEqual(['13:7 warning config.groups-unsupported: RingCentral has no SCIM /Groups; provisioning.groups is ignored']);
    expect(warnings('      groups: bound\n')).toEqual(['13:7 warning config.groups-unsupported: RingCentral has no SCIM /Groups; provisioning.groups is ignored']);
  });

  it('warn about the template and batch size too, and check nothing else about groups there', () => {
    expect(warnings('      groups: none\n      groupDisplayName: Everyone\n      groupBatchSize: 10\n')).toEqual([
      '14:7 warning config.groups-unsupported: RingCentral has no SCIM /Groups; provisioning.groupDisplayName is ignored',
      '15:7 warning config.groups-unsupported: RingCentral has no SCIM /Groups; provisioning.groupBatchSize is ignored',
    ]);
  });

  it('still reject values of the wrong shape', () => {
    const { loaded, diagnostics } = load(ringcentral('      groupBatchSize: 0\n'));
    expect(loaded).toBeUndefined();
    expect(lines(diagnostics)).toEqual(['13:23 error config.too-small: groupBatchSize must be at least 1, not number 0']);
  });
});

describe('the schema walk through a group entry', () => {
  it('knows the keys of an entry written as a mapping', () => {
    expect(keysAt(['applications', 'wiki', 'provisioning', 'groups', 0])).toEqual(['name', 'displayName']);
    expect(keysAt(['applications', 'wiki', 'provisioning'])).toEqual(expect.arrayContaining(['groups', 'groupDisplayName', 'groupBatchSize']));
  });

  it('takes no environment reference where the value is `bound` or `none`', () => {
    const data = { applications: { wiki: { provisioning: { groups: '${MODE}' } } } };
    expect(interpolate(data, { env: { MODE: 'none' } }).problems.map((p) => p.code)).toEqual(['config.reference-not-text']);
  });
});

describe('schema.json, as editors see it', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(new URL('../../schema.json', import.meta.url), 'utf8')) as object);
  const config = (provisioning: Record<string, unknown>) => ({
    idp: { type: 'jumpcloud', apiKey: '${JUMPCLOUD_API_KEY}' },
    applications: { wiki: { catalog: 'scim', groups: ['Sales'], provisioning: { url: 'https://wiki.example.com/scim/v2', token: '${WIKI_TOKEN}', ...provisioning } } },
  });

  it('accepts each form', () => {
    for (const groups of ['bound', 'none', [], ['Sales', { name: 'Support Leads', displayName: 'Support leads' }, { name: 'Engineering' }]]) {
      expect({ groups, valid: validate(config({ groups, groupDisplayName: 'JC {group} {}', groupBatchSize: 1000 })) }).toEqual({ groups, valid: true });
    }
  });

  it('rejects what loading rejects by shape: other words, unknown keys, unknown placeholders, batch sizes out of range', () => {
    for (const provisioning of [{ groups: 'all' }, { groups: [{ name: 'Sales', dispalyName: 'x' }] }, { groups: [{ displayName: 'x' }] }, { groupDisplayName: '{team} {group}' }, { groupBatchSize: 0 }, { groupBatchSize: 1001 }, { groupBatchSize: 2.5 }]) {
      expect({ provisioning, valid: validate(config(provisioning)) }).toEqual({ provisioning, valid: false });
    }
  });

  it('documents the defaults, with a description on every new key', () => {
    type Node = { properties: Record<string, Node>; additionalProperties: Node; default?: unknown; description?: string };
    const root = JSON.parse(readFileSync(new URL('../../schema.json', import.meta.url), 'utf8')) as Node;
    const provisioning = root.properties['applications']!.additionalProperties.properties['provisioning']!.properties;
    expect(Object.fromEntries(['groups', 'groupDisplayName', 'groupBatchSize'].map((key) => [key, provisioning[key]?.default]))).toEqual({ groups: 'bound', groupDisplayName: '{group}', groupBatchSize: 100 });
    for (const key of ['groups', 'groupDisplayName', 'groupBatchSize']) expect(provisioning[key]?.description).toMatch(/\w{3,}/);
  });
});
