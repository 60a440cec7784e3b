// Fails when schema.json or the generated parts of docs/configuration.md differ from what
// src/config/schema.ts and the catalogs produce. Run `npm run schema` to regenerate them.
import { readFileSync } from 'node:fs';
import { schemaText } from '../dist/cli/commands/schema.js';
import { generatedBlocks, withGeneratedBlocks } from '../dist/config/reference-docs.js';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
const stale = [];
if (read('../schema.json') !== schemaText()) stale.push('schema.json');
const docs = read('../docs/configuration.md');
if (withGeneratedBlocks(docs, generatedBlocks()) !== docs) stale.push('docs/configuration.md');

if (stale.length > 0) {
  console.error(`${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run \`npm run schema\` and commit the result.`);
  process.exit(1);
}
console.log('schema.json and docs/configuration.md are current.');
