/**
 * Answers are validated with schemas compiled on their second use (compiled-schemas.ts): once per
 * schema, with the results and issues of zod's runtime parser, valid and hostile bodies alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkBody, checkedInPlace, compiledSchema, isCompiled, schemasCheckedInPlace } from '../../../src/providers/http/compiled-schemas.js';
import { v1PageSchema, v2PageSchema } from '../../../src/providers/jumpcloud/paging.js';
import { applicationSchema, graphConnectionSchema, graphObjectWithPathsSchema, systemUserSchema, userGroupSchema, v1List } from '../../../src/providers/jumpcloud/wire.js';
import { extensionListSchema } from '../../../src/providers/ringcentral/extensions.js';
import { userListSchema } from '../../../src/providers/scim/wire.js';

const users = v1List(systemUserSchema);

describe('compiled answer schemas', () => {
  it('are compiled once per schema', () => {
    expect(compiledSchema(users)).toBe(compiledSchema(users));
    expect(compiledSchema(users)).not.toBe(users);
  });

  it("check a schema's first answer with the runtime parser, and compile it for the second", () => {
    const schema = z.object({ results: z.array(z.object({ id: z.string() })) });
    expect(checkBody(schema, { results: [{ id: 'a' }] })).toEqual({ ok: true, data: { results: [{ id: 'a' }] } });
    expect(isCompiled(schema)).toBe(false);
    expect(checkBody(schema, { results: [{ id: 1 }] })).toMatchObject({ ok: false, issue: { path: ['results', 0, 'id'] } });
    expect(isCompiled(schema)).toBe(true);
    expect(checkBody(schema, { results: [] })).toEqual({ ok: true, data: { results: [] } });
  });

  it('compile a list page schema for its first page', () => {
    const page = checkedInPlace(z.looseObject({ results: z.array(z.looseObject({ id: z.string() })) }));
    expect(checkBody(page, { results: [{ id: 'a' }] })).toMatchObject({ ok: true });
    expect(isCompiled(page)).toBe(true);
  });

  it('accept, reject and report as the runtime parser does', () => {
    const body = fc.oneof(
      fc.record({ totalCount: fc.oneof(fc.nat(), fc.constant(-1), fc.string()), results: fc.array(fc.record({ _id: fc.oneof(fc.string(), fc.nat()), username: fc.string(), email: fc.oneof(fc.string(), fc.constant(null)), state: fc.constantFrom('ACTIVATED', 'STAGED', 'GONE', null), phoneNumbers: fc.oneof(fc.constant(null), fc.array(fc.record({ type: fc.string(), number: fc.oneof(fc.string(), fc.nat()) }))) }, { requiredKeys: ['_id'] }), { maxLength: 3 }) }),
      fc.record({ totalResults: fc.oneof(fc.nat(), fc.double()), Resources: fc.array(fc.record({ id: fc.string(), userName: fc.oneof(fc.string(), fc.constant('')), active: fc.oneof(fc.boolean(), fc.string()), meta: fc.record({ lastModified: fc.oneof(fc.string(), fc.nat()) }) }), { maxLength: 3 }) }),
      fc.anything(),
    );
    fc.assert(
      fc.property(body, (value) => {
        for (const schema of [users, userListSchema]) {
          const runtime = schema.safeParse(value);
          const fast = compiledSchema(schema).safeParse(value);
          expect(fast.success).toBe(runtime.success);
          if (runtime.success && fast.success) expect(fast.data).toEqual(runtime.data);
          else expect(fast.error?.issues[0]).toEqual(runtime.error?.issues[0]);
        }
      }),
      { numRuns: 300 },
    );
  });

  // Every page schema the providers read: made here as their reads make them.
  v1PageSchema(systemUserSchema);
  v1PageSchema(applicationSchema);
  v2PageSchema(graphObjectWithPathsSchema);
  v2PageSchema(graphConnectionSchema);
  v2PageSchema(userGroupSchema);

  it('checked in place only where a parse changes nothing: no transform, no default, unknown keys kept', () => {
    const marked = schemasCheckedInPlace();
    expect(marked).toEqual(expect.arrayContaining([userListSchema, extensionListSchema, v1PageSchema(systemUserSchema), v2PageSchema(graphObjectWithPathsSchema)]));
    for (const schema of marked) {
      // A transform cannot be written as JSON Schema (it throws); a default or a stripped key
      // makes what a parse takes differ from what it returns.
      expect(z.toJSONSchema(schema, { io: 'input' })).toEqual(z.toJSONSchema(schema, { io: 'output' }));
    }
  });

  it('hands a valid page back as it came, and nothing for an invalid one', () => {
    const page = { totalCount: 1, results: [{ _id: 'u1', username: 'alice', email: 'alice@example.com', extra: { kept: true } }] };
    const checked = checkBody(v1PageSchema(systemUserSchema), page);
    expect(checked.ok && checked.data).toBe(page);
    expect(checkBody(v1PageSchema(systemUserSchema), { ...page, totalCount: -1 })).toMatchObject({ ok: false, issue: { path: ['totalCount'] } });
    // A schema not checked in place hands back zod's parse.
    const parsed = checkBody(v1List(systemUserSchema), page);
    expect(parsed.ok && parsed.data).toEqual(page);
    expect(parsed.ok && parsed.data).not.toBe(page);
  });
});
