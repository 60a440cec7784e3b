/**
 * Vendor answers are checked with their schema compiled on first use: zod's `z.compile` (zod 4.5
 * and later, https://zod.dev/compile) turns a schema into one generated validator with the same
 * results and the same issues, several times faster on the objects and arrays list pages are
 * made of (a 10,000-user plan validates about 18 MB of them). A schema the compiler cannot model
 * comes back as it was, on zod's runtime parser. Each schema is compiled once per process;
 * schemas must therefore be made once (module constants), not per request.
 */
import { z } from 'zod';

const compiled = new WeakMap<z.ZodType, z.ZodType>();

export function compiledSchema<T extends z.ZodType>(schema: T): T {
  let fast = compiled.get(schema) as T | undefined;
  if (fast === undefined) compiled.set(schema, (fast = z.compile(schema)));
  return fast;
}
