/**
 * Environment references in configuration text: `${NAME}`, `${NAME:-default}` (used when NAME is
 * unset or empty) and `$${` for a literal `${`. References may fill text values only.
 *
 * Secrets (the schema marks them) must be exactly `${NAME}`: a literal, or a default, would put
 * the secret in the file. Their values are resolved only when a command needs them and are never
 * shown. Without an environment (`roster validate`) references are checked, not resolved:
 * defaults are used, and `${NAME}` stays in the value (format checks skip such values).
 *
 * A variable that a secret field uses may fill no other field: text fields are shown in plans and
 * sent to the vendors (a description, a group name), so the secret would be printed and stored.
 */
import { isRecord } from './merge.js';
import type { ConfigPath, ConfigProblem } from './problem.js';
import { formatPath } from './problem.js';
import { SECRET_REFERENCE } from './schema.js';
import { isSecretPath, isTextPath, schemaAt } from './schema-walk.js';

export interface InterpolateOptions {
  /** Environment to resolve from; undefined checks references without resolving them (validate). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Interpolated {
  readonly data: Record<string, unknown>;
  readonly problems: ConfigProblem[];
}

/** `$${` (an escaped `${`), or a reference up to its closing brace if it has one. */
const REFERENCE_TOKEN = /\$\$\{|\$\{([^}]*)(\})?/g;
const REFERENCE_BODY = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([^]*))?$/;

const REFERENCE_HINT = 'write ${NAME} or ${NAME:-default}; NAME is letters, digits and underscores, not starting with a digit';

/** The variables that secret fields name, each with the first secret field naming it. */
function secretVariables(data: unknown): Map<string, ConfigPath> {
  const found = new Map<string, ConfigPath>();
  const visit = (value: unknown, path: ConfigPath): void => {
    if (path.length > 0 && isSecretPath(path)) {
      if (typeof value === 'string' && SECRET_REFERENCE.test(value)) {
        const name = value.slice(2, -1);
        if (!found.has(name)) found.set(name, path);
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isRecord(value)) for (const [key, inner] of Object.entries(value)) visit(inner, [...path, key]);
  };
  visit(data, []);
  return found;
}

export function interpolate(data: Record<string, unknown>, options: InterpolateOptions): Interpolated {
  const problems: ConfigProblem[] = [];
  const secrets = secretVariables(data);
  const problem = (path: ConfigPath, code: string, message: string, hint?: string) =>
    problems.push({ severity: 'error', code, message, ...(hint ? { hint } : {}), path });

  const secret = (value: unknown, path: ConfigPath): unknown => {
    const key = String(path[path.length - 1]);
    if (typeof value === 'string' && SECRET_REFERENCE.test(value)) return text(value, path);
    if (typeof value === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*:-/.test(value)) {
      problem(path, 'config.secret-default', `${key} gives a default value; a default would be a secret written in the file`, `write \`${key}: ${value.slice(0, value.indexOf(':-'))}}\` and set the variable in the environment`);
    } else if (typeof value === 'string' && value.startsWith('${')) {
      problem(path, 'config.bad-reference', `${key} must be exactly one environment reference`, 'write ${NAME}; NAME is letters, digits and underscores, not starting with a digit');
    } else if (value !== null && value !== undefined && typeof value !== 'object') {
      // The value is never repeated: it may be a real secret.
      problem(path, 'config.literal-secret', `${key} holds a literal value; secrets must come from the environment`, `move the value to an environment variable and write \`${key}: \${MY_VARIABLE}\``);
    }
    return value;
  };

  const text = (value: string, path: ConfigPath): string => {
    const key = String(path[path.length - 1]);
    if (!isTextPath(path)) {
      if (!value.replaceAll('$${', '').includes('${')) return value;
      problem(path, 'config.reference-not-text', `${key} cannot take an environment reference: references fill text values only`, 'write the value itself');
      return value;
    }
    return value.replace(REFERENCE_TOKEN, (whole, body: string | undefined, closed: string | undefined) => {
      if (whole === '$${') return '${';
      const parsed = closed ? REFERENCE_BODY.exec(body ?? '') : null;
      const name = parsed?.[1];
      const fallback = parsed?.[2];
      if (name === undefined || fallback?.includes('${')) {
        const what = !closed ? 'an unclosed environment reference' : parsed ? 'a nested environment reference' : `a malformed environment reference "${whole}"`;
        problem(path, 'config.bad-reference', `${key} holds ${what}`, parsed ? 'a default is plain text; nested references are not supported' : `${REFERENCE_HINT}; write $\${ for a literal \${`);
        return whole;
      }
      const secretAt = isSecretPath(path) ? undefined : secrets.get(name);
      if (secretAt) {
        problem(
          path,
          'config.secret-in-text',
          `${formatPath(path)} uses \${${name}}, which ${formatPath(secretAt)} uses as a secret: the value would be shown in plans and sent to the vendor`,
          `use a variable that holds no secret here, or remove the reference`,
        );
        return whole;
      }
      const resolved = options.env?.[name];
      if (resolved !== undefined && resolved !== '') return resolved;
      if (fallback !== undefined) return fallback;
      if (!options.env) return whole;
      const orDefault = isSecretPath(path) ? '' : `, or give a default: \${${name}:-value}`;
      problem(path, 'config.missing-variable', `environment variable ${name} is not set or empty (used by ${formatPath(path)})`, `export ${name}=… before running Roster${orDefault}`);
      return whole;
    });
  };

  const visit = (value: unknown, path: ConfigPath): unknown => {
    if (path.length > 0 && isSecretPath(path)) return secret(value, path);
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, visit(inner, [...path, key])]));
    // Text outside the schema is left for validation to report as an unknown key.
    return typeof value === 'string' && value.includes('${') && schemaAt(path) !== undefined ? text(value, path) : value;
  };

  return { data: visit(data, []) as Record<string, unknown>, problems };
}
