/**
 * The resolved values of every secret field of a configuration (the schema marks them), so that
 * all of them are redacted from every system's text before any request is made.
 */
import { isRecord } from './merge.js';
import { isSecretPath } from './schema-walk.js';
import type { RosterConfig } from './schema.js';

export function secretValues(config: RosterConfig): string[] {
  const found: string[] = [];
  const visit = (value: unknown, path: readonly PropertyKey[]): void => {
    if (path.length > 0 && isSecretPath(path)) {
      if (typeof value === 'string' && value !== '') found.push(value);
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isRecord(value)) for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
  };
  visit(config, []);
  return found;
}
