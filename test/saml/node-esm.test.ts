/**
 * The SAML library under Node's own ESM loader, as `roster` runs it. Vitest's module interop is
 * more forgiving with CommonJS packages (xpath, xml-crypto) than Node's, so a name that exists in
 * tests may be missing in production; this runs the real thing in a child process.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { FIXTURES } from './support.js';

it('parses signed metadata, refuses a hostile document and renders a diff under plain Node ESM', () => {
  const library = pathToFileURL(resolve(FIXTURES, '../../../src/saml/index.ts')).href;
  const script = `
    import { readFileSync } from 'node:fs';
    import { parseSpMetadata, diffText } from ${JSON.stringify(library)};
    const read = (f) => readFileSync(${JSON.stringify(FIXTURES)} + '/' + f);
    const signed = parseSpMetadata(read('sp/signed.xml'), { app: 'rc', source: 'signed' });
    const hostile = parseSpMetadata(read('hostile/billion-laughs.xml'), { app: 'rc', source: 'hostile' });
    console.log(JSON.stringify({
      signed: signed.metadata?.signed,
      acs: signed.metadata?.assertionConsumerServices[0]?.location,
      hostile: hostile.diagnostics.map((d) => d.code),
      diff: diffText('x', 'a\\n', 'b\\n').split('\\n')[3],
    }));
  `;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: join(FIXTURES, '../../..') });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({
    signed: 'valid',
    acs: 'https://sso.ringcentral.com/sp/ACS.saml2',
    hostile: ['saml.xml-doctype'],
    diff: '-a',
  });
});
