/**
 * Questions about the schema at a configuration path: which schema validates the value there,
 * which keys an object allows, whether the value is a secret or free text. Used to word
 * diagnostics and to decide where environment references are allowed.
 */
import { z } from 'zod';
import { configSchema, isSecretSchema } from './schema.js';

/** The schema inside optional, nullable and default wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** The (unwrapped) schema that validates the value at `path`, or undefined outside the schema. */
export function schemaAt(path: readonly PropertyKey[], root: z.ZodType = configSchema): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!schema) return undefined;
    const current = unwrap(schema);
    if (current instanceof z.ZodObject) schema = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodRecord) schema = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) schema = current.element as z.ZodType;
    else return undefined;
  }
  return schema ? unwrap(schema) : undefined;
}

/** The keys an object at `path` allows; empty when the value there is not an object. */
export function keysAt(path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(path);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

export function isSecretPath(path: readonly PropertyKey[]): boolean {
  const schema = schemaAt(path);
  return schema !== undefined && isSecretSchema(schema);
}

/** Whether the value at `path` is text, the only kind of value an environment reference may fill. */
export function isTextPath(path: readonly PropertyKey[]): boolean {
  return schemaAt(path) instanceof z.ZodString;
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
