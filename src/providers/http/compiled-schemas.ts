/**
 * Vendor answers are checked with their schema compiled on first use: zod's `z.compile` (zod 4.5
 * and later, https://zod.dev/compile) turns a schema into one generated validator with the same
 * results and the same issues, several times faster on the objects and arrays list pages are
 * made of (a 10,000-user plan validates about 18 MB of them). A schema the compiler cannot model
 * comes back as it was, on zod's runtime parser. Each schema is compiled once per process;
 * schemas must therefore be made once (module constants), not per request.
 *
 * A list page's schema (one checked in place) is compiled for its first page. Any other schema's
 * first answer is checked by zod's runtime parser, and the schema is compiled for its second:
 * compiling costs milliseconds (the application list's schema 5 to 10 ms), which an answer read
 * once (a token, the application list) does not earn back.
 *
 * List pages are also checked in place: zod's `validate` (4.6) answers whether a body is valid
 * without building the copy a parse returns, and a valid page is used as it came. Only schemas
 * whose parse changes nothing may be marked so (no transforms, no defaults; unknown keys are left
 * in, which their readers ignore): test/providers/http/compiled-schemas.test.ts holds every
 * marked schema to that.
 */
import * as z from 'zod';

const compiled = new WeakMap<z.ZodType, z.ZodType>();
/** Schemas that have checked one answer, with the runtime parser. */
const usedOnce = new WeakSet<z.ZodType>();
const inPlace = new Set<z.ZodType>();

export function compiledSchema<T extends z.ZodType>(schema: T): T {
  let fast = compiled.get(schema) as T | undefined;
  if (fast === undefined) compiled.set(schema, (fast = z.compile(schema)));
  return fast;
}

/** Whether `schema` has been compiled, for the tests. */
export function isCompiled(schema: z.ZodType): boolean {
  return compiled.has(schema);
}

/** The compiled schema, except for the first answer of a schema not checked in place. */
function checkerFor<T extends z.ZodType>(schema: T): T {
  if (compiled.has(schema)) return compiled.get(schema) as T;
  if (inPlace.has(schema) || usedOnce.has(schema)) return compiledSchema(schema);
  usedOnce.add(schema);
  return schema;
}

/** Marks a schema whose valid bodies are used as they came (see the module comment). */
export function checkedInPlace<T extends z.ZodType>(schema: T): T {
  inPlace.add(schema);
  return schema;
}

/** The schemas marked so far, for the test that holds them to the rule. */
export function schemasCheckedInPlace(): readonly z.ZodType[] {
  return [...inPlace];
}

/** A body checked against a schema: the valid value, or the first issue zod found. */
export type CheckedBody<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly issue: z.core.$ZodIssue | undefined };

/**
 * The body checked against `schema`: valid, it comes back as it came where the schema is checked
 * in place, else as zod parsed it; invalid, with zod's first issue (one parse either way on the
 * common path, a second only to explain an invalid page checked in place).
 */
export function checkBody<T>(schema: z.ZodType<T>, body: unknown): CheckedBody<T> {
  const fast = checkerFor(schema);
  if (inPlace.has(schema) && fast.validate(body)) return { ok: true, data: body as T };
  const result = fast.safeParse(body);
  return result.success ? { ok: true, data: result.data } : { ok: false, issue: result.error.issues[0] };
}
