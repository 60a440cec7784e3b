/**
 * What `bench/floor.mjs` adds when BENCH_CHECKS names this module's bundle
 * (bench/lib/checked-floor.ts): each list page checked as Roster checks it, with the same schemas
 * compiled and checked in place (src/providers/http/compiled-schemas.ts). The floor with checks
 * is the cost of trusting no answer and doing nothing else with it.
 */
import { checkBody } from '../src/providers/http/compiled-schemas.js';
import { v1PageSchema, v2PageSchema } from '../src/providers/jumpcloud/paging.js';
import { graphObjectWithPathsSchema, systemUserSchema } from '../src/providers/jumpcloud/wire.js';
import { extensionListSchema } from '../src/providers/ringcentral/extensions.js';
import { userListSchema } from '../src/providers/scim/wire.js';

const LIST_PAGES: ReadonlyArray<readonly [RegExp, () => Parameters<typeof checkBody>[0]]> = [
  [/^\/api\/systemusers\b/, () => v1PageSchema(systemUserSchema)],
  [/^\/api\/v2\/usergroups\/[^/]+\/membership\b/, () => v2PageSchema(graphObjectWithPathsSchema)],
  [/^\/restapi\/v1\.0\/account\/[^/]+\/extension\b/, () => extensionListSchema],
  [/^\/scim\/v2\/Users\b/, () => userListSchema],
];

/** Whether the body of the page at `path` (with its query) passes Roster's check; other answers pass. */
export function checkPage(path: string, body: unknown): boolean {
  const schema = LIST_PAGES.find(([pattern]) => pattern.test(path))?.[1]();
  return schema === undefined || checkBody(schema, body).ok;
}
