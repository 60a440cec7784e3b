/**
 * Properties of the configuration language: every value the schema accepts survives being written
 * as YAML and read back by Roster's loader; no input, however broken, makes the loader throw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { interpolate } from '../../src/config/interpolate.js';
import { evaluateConfigFiles, loadConfig } from '../../src/config/load.js';
import { mergeSources } from '../../src/config/merge.js';
import { APPLICATION_NAME, configSchema, isSecretSchema } from '../../src/config/schema.js';
import { parseYamlSource } from '../../src/config/yaml-source.js';

interface Meta {
  readonly examples?: readonly unknown[];
}

/** Text without `$`, which interpolation would read as a reference. */
const plainText = fc.string({ maxLength: 12 }).filter((s) => !s.includes('$'));
const reference = fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,8}$/).map((name) => `\${${name}}`);

/** Text made of the pieces of SCIM paths, directory properties and references, and inherited names. */
const pathLike = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'emailsphoneNumbrdtyq[]."_:$}{ -0'.split('')), maxLength: 30 }),
  fc.constantFrom('constructor', 'toString', 'constructor[type eq "x"].number', 'addresses[type eq "work"].toString', 'name.constructor'),
);

/**
 * Values for a schema: mostly its documented examples (which pass format checks), some random
 * `text`.
 */
function arbitraryOf(schema: z.ZodType, examples: readonly unknown[] = [], text: fc.Arbitrary<string> = plainText): fc.Arbitrary<unknown> {
  const meta = (z.globalRegistry.get(schema) as Meta | undefined) ?? {};
  const known = [...(meta.examples ?? []), ...examples];
  const fromExamples = <T>(random: fc.Arbitrary<T>) => (known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 3 }, { arbitrary: random, weight: 1 }) : random);
  const of = (inner: z.ZodType, innerExamples: readonly unknown[] = []) => arbitraryOf(inner, innerExamples, text);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) return of(schema.unwrap() as z.ZodType, known);
  if (schema instanceof z.ZodNullable) return fc.oneof(fc.constant(null), of(schema.unwrap() as z.ZodType, known));
  if (isSecretSchema(schema)) return reference;
  if (schema instanceof z.ZodString) return fromExamples(text);
  if (schema instanceof z.ZodBoolean) return fc.boolean();
  if (schema instanceof z.ZodNumber) return fc.nat({ max: 1000 });
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...schema.options);
  if (schema instanceof z.ZodLiteral) return fc.constantFrom(...schema.values);
  if (schema instanceof z.ZodUnion) return fc.oneof(...(schema.options as z.ZodType[]).map((option) => of(option, known)));
  if (schema instanceof z.ZodArray) return fc.array(of(schema.element as z.ZodType), { maxLength: 3 });
  if (schema instanceof z.ZodRecord) {
    const exampleKeys = known.flatMap((example) => (typeof example === 'object' && example ? Object.keys(example) : []));
    const keys = schema === configSchema.shape.applications.unwrap() ? fc.stringMatching(APPLICATION_NAME) : exampleKeys.length ? fc.oneof(fc.constantFrom(...exampleKeys), text) : text;
    return fc.dictionary(keys.filter((key) => key !== '__proto__'), of(schema.valueType as z.ZodType), { maxKeys: 3 });
  }
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    const required = Object.keys(shape).filter((key) => !(shape[key] instanceof z.ZodOptional || shape[key] instanceof z.ZodDefault));
    return fc.record(Object.fromEntries(Object.entries(shape).map(([key, child]) => [key, of(child)])), { requiredKeys: required });
  }
  throw new Error(`no arbitrary for ${schema.def.type}`);
}

/** Roster's reading of one YAML text, up to the schema. */
function readBack(yaml: string): unknown {
  const { source, diagnostics } = parseYamlSource({ display: 'p.yaml', path: '/p.yaml', text: yaml });
  expect(diagnostics).toEqual([]);
  const { merged } = mergeSources([source!]);
  return configSchema.parse(interpolate(merged.data, {}).data);
}

describe('configuration properties', () => {
  it('any value the schema accepts round-trips through YAML', () => {
    let accepted = 0;
    fc.assert(
      fc.property(arbitraryOf(configSchema), (value) => {
        const parsed = configSchema.safeParse(value);
        fc.pre(parsed.success);
        accepted++;
        expect(readBack(stringify(value))).toEqual(parsed.data);
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('never throws on configurations of the right shape with arbitrary names and values', () => {
    fc.assert(
      fc.property(arbitraryOf(configSchema, [], pathLike), (value) => {
        const files = [{ display: 'roster.yaml', path: '/c/roster.yaml', text: stringify(value) }];
        expect(() => evaluateConfigFiles(files, { cwd: '/c', probe: () => 'missing' })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    const yamlish = fc.string({ unit: fc.constantFrom(...'ab:-[]{}&*!|>\'"#%@`,?\n\t ${}0~'.split('')), maxLength: 200 });
    fc.assert(
      fc.property(fc.array(yamlish, { minLength: 1, maxLength: 3 }), (texts) => {
        const files = texts.map((text, i) => ({ display: `f${i}.yaml`, path: `/c/f${i}.yaml`, text }));
        const { diagnostics } = evaluateConfigFiles(files, { cwd: '/c' });
        for (const d of diagnostics) expect(d.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  const folder = mkdtempSync(join(tmpdir(), 'roster-bytes-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('never throws on random bytes read from disk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        writeFileSync(join(folder, 'roster.yaml'), bytes);
        const result = await loadConfig({ dir: folder, cwd: folder });
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
