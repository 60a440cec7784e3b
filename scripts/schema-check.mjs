// Fails when schema.json differs from the JSON Schema generated from src/config/schema.ts.
// Run `npm run schema` to regenerate it.
import { readFileSync } from 'node:fs';
import { schemaText } from '../dist/cli/commands/schema.js';

const committed = readFileSync(new URL('../schema.json', import.meta.url), 'utf8');
if (committed !== schemaText()) {
  console.error('schema.json is stale: run `npm run schema` and commit the result.');
  process.exit(1);
}
console.log('schema.json is current.');
