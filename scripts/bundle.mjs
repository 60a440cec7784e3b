// Bundles the compiled CLI (dist/cli/main.js) into dist/bundle/, which bin/roster runs.
//
// Why: loading Roster as ~170 compiled files plus the ~200 ES modules of zod and
// libphonenumber-js costs about 0.2 s of start-up on every command; one bundle loads in half the
// time (docs/benchmarks.md). The tests run the compiled files in-process; the end-to-end CI recipe
// test runs bin/roster, and so the bundle.
//
// What stays outside: better-sqlite3 (a native addon, loaded only by `roster sandbox`) and
// react-devtools-core (ink imports it only when DEV=true). Code loaded with import() — the
// sandbox, the ink views — becomes chunks loaded on demand, as before. The bundle sits two levels
// below the package root like the compiled files, so paths resolved from import.meta.url (the
// catalogs under src/config/catalog/) stay the same.
//
// Every module in the bundle is compiled and evaluated at every start-up, so what is left out
// matters: zod is imported as a namespace (`import * as z from 'zod'`) everywhere, because
// `import { z }` names an object that holds `z.locales`, which kept zod's 40-odd locales (about
// 360 KB) in the bundle. test/e2e/bundle.test.ts checks that only English is.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/bundle`;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}dist/cli/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'react-devtools-core'],
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __rosterCreateRequire } from 'node:module'; const require = __rosterCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
