/**
 * Answers are validated with schemas compiled on first use (compiled-schemas.ts): once per
 * schema, with the results and issues of zod's runtime parser, valid and hostile bodies alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledSchema } from '../../../src/providers/http/compiled-schemas.js';
import { systemUserSchema, v1List } from '../../../src/providers/jumpcloud/wire.js';
import { userListSchema } from '../../../src/providers/scim/wire.js';

const users = v1List(systemUserSchema);

describe('compiled answer schemas', () => {
  it('are compiled once per schema', () => {
    expect(compiledSchema(users)).toBe(compiledSchema(users));
    expect(compiledSchema(users)).not.toBe(users);
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
});
