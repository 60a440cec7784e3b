/**
 * Questions about the schema at a configuration path: which schema validates the value there,
 * which keys an object allows, whether the value is a secret or free text. Used to word
 * diagnostics and to decide where environment references are allowed.
 */
import * as z from 'zod';
import { configSchema, isSecretSchema } from './schema.js';

/** The schema inside optional, nullable and default wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** The options of a union, else the schema itself. */
function options(schema: z.ZodType): z.ZodType[] {
  return schema instanceof z.ZodUnion ? (schema.options as z.ZodType[]).map(unwrap) : [schema];
}

/**
 * The schema of one step down: a key of an object or record, an item of a list. Of a union's
 * options, the first that has such a step: `groups: [...]` is a list, `groups[0].name` a key.
 */
function childOf(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const current = unwrap(schema);
  const union = current instanceof z.ZodUnion;
  for (const option of options(current)) {
    if (option instanceof z.ZodObject && !(union && typeof segment === 'number')) {
      const child = (option.shape as Record<string, z.ZodType>)[String(segment)];
      if (child || !union) return child;
    } else if (option instanceof z.ZodRecord && !(union && typeof segment === 'number')) return option.valueType as z.ZodType;
    else if (option instanceof z.ZodArray && !(union && typeof segment !== 'number')) return option.element as z.ZodType;
  }
  return undefined;
}

/** The (unwrapped) schema that validates the value at `path`, or undefined outside the schema. */
export function schemaAt(path: readonly PropertyKey[], root: z.ZodType = configSchema): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = childOf(schema, segment);
  }
  return schema ? unwrap(schema) : undefined;
}

/** The keys an object at `path` allows (an object option, for a union); empty when the value there is not an object. */
export function keysAt(path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(path);
  return schema ? options(schema).flatMap((option) => (option instanceof z.ZodObject ? Object.keys(option.shape) : [])) : [];
}

export function isSecretPath(path: readonly PropertyKey[]): boolean {
  const schema = schemaAt(path);
  return schema !== undefined && isSecretSchema(schema);
}

/**
 * Whether the value at `path` is text, the only kind of value an environment reference may fill:
 * a string, or a union of strings, mappings and lists (a group written by name or as a mapping).
 */
export function isTextPath(path: readonly PropertyKey[]): boolean {
  const schema = schemaAt(path);
  if (schema instanceof z.ZodString) return true;
  if (!(schema instanceof z.ZodUnion)) return false;
  const scalars = options(schema).filter((option) => !(option instanceof z.ZodObject || option instanceof z.ZodRecord || option instanceof z.ZodArray));
  return scalars.length > 0 && scalars.every((option) => option instanceof z.ZodString);
}

/**
 * Where else under the same parent object a misplaced key belongs, as paths relative to `base`:
 * `deprovision` written under `safety` belongs under `provisioning`.
 */
export function placesOfKey(key: string, base: readonly PropertyKey[]): string[] {
  const root = schemaAt(base);
  if (!root) return [];
  const places: string[] = [];
  const visit = (schema: z.ZodType, at: string[]): void => {
    const current = unwrap(schema);
    if (!(current instanceof z.ZodObject)) return;
    for (const [name, child] of Object.entries(current.shape as Record<string, z.ZodType>)) {
      if (name === key) places.push(at.join('.'));
      visit(child, [...at, name]);
    }
  };
  visit(root, []);
  return places;
}
