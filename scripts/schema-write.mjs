// Writes what is generated from src/config/schema.ts and the catalogs: schema.json, and the key
// and catalog references inside docs/configuration.md. Run through `npm run schema`.
import { readFileSync, writeFileSync } from 'node:fs';
import { schemaText } from '../dist/cli/commands/schema.js';
import { generatedBlocks, withGeneratedBlocks } from '../dist/config/reference-docs.js';

const schemaFile = new URL('../schema.json', import.meta.url);
const docsFile = new URL('../docs/configuration.md', import.meta.url);

writeFileSync(schemaFile, schemaText());
writeFileSync(docsFile, withGeneratedBlocks(readFileSync(docsFile, 'utf8'), generatedBlocks()));
console.log('Wrote schema.json and the generated parts of docs/configuration.md.');
