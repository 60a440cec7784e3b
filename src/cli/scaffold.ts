/**
 * The files `roster init` copies from Roster's own package: the example configuration and the
 * GitHub Actions workflow of examples/github-actions/, read where they are shipped (package.json
 * "files") rather than kept as second copies, so a scaffolded repository always gets the recipe
 * that is documented and tested. Paths are relative to this module, two levels below the package
 * root whether it runs compiled (dist/cli/) or bundled (dist/bundle/).
 */
import { readFile } from 'node:fs/promises';

const packageFile = (path: string): URL => new URL(`../../${path}`, import.meta.url);

/** The example configuration, configs/roster.yaml. */
export function readExampleConfig(): Promise<string> {
  return readFile(packageFile('configs/roster.yaml'), 'utf8');
}

/** The GitHub Actions workflow of the CI recipe (docs/ci.md). */
export function readExampleWorkflow(): Promise<string> {
  return readFile(packageFile('examples/github-actions/roster.yml'), 'utf8');
}
