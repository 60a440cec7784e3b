/**
 * docs/plan.schema.json describes the JSON plan exactly: plans validate against it, and its enums
 * are the core's.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, CHANGE_KINDS, REASON_CODES } from '../../src/core/change.js';
import { VIOLATION_KINDS } from '../../src/core/safety.js';
import { redact } from '../../src/core/redact.js';
import { renderJson } from '../../src/render/json.js';
import { buildPlan } from '../../src/core/plan.js';
import { toInput, worldArb } from '../core/worlds.js';
import { scenarioPlan } from './scenario.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/plan.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

describe('plan JSON Schema', () => {
  it('accepts the JSON plan, redacted or not', () => {
    for (const plan of [scenarioPlan(), redact(scenarioPlan())]) {
      const valid = validate(JSON.parse(renderJson(plan)));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('accepts the plan of any generated world', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        validate(JSON.parse(renderJson(buildPlan(toInput(world).input))));
        expect(validate.errors ?? []).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a field it does not document', () => {
    expect(validate({ ...JSON.parse(renderJson(scenarioPlan())), extra: 1 })).toBe(false);
  });

  it('lists the actions, kinds, reason codes and violation kinds the core has', () => {
    const defs = schema.definitions;
    expect(defs.action.enum).toEqual([...ACTIONS]);
    expect(defs.change.properties.kind.enum).toEqual([...CHANGE_KINDS]);
    expect(defs.change.properties.reason.properties.code.enum).toEqual([...REASON_CODES]);
    expect(defs.violation.properties.kind.enum).toEqual([...VIOLATION_KINDS]);
    expect(Object.keys(schema.properties.summary.properties)).toEqual([...ACTIONS]);
  });
});
