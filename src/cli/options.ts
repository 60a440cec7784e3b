/**
 * Shared option parsing for commands (node:util parseArgs), with errors that say what is wrong
 * and how to get help.
 *
 * Before parseArgs sees them, single-dash tokens are checked, because parseArgs reads `-out=x` as
 * `-o` with the value `ut=x`:
 *   - `-o=FILE` (a short option, `=`, a value) is read as `-o FILE`;
 *   - `-out`, `-out=FILE` (a long option's name after one dash) are refused: "did you mean --out?";
 *   - a value glued to a short option (`-cDIR`) is refused: write `-c DIR`;
 *   - only boolean short options may be grouped (`-xy`).
 * An unknown option is refused with the nearest option of the command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { nearest } from '../config/suggest.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** `--help`, taken by every command. */
export const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Options every command takes, removed by main.ts before a command parses its own (so they are
 * named here only for suggestions and shell completion).
 */
export const GLOBAL_OPTIONS = {
  'no-color': { type: 'boolean' },
  debug: { type: 'boolean' },
} as const satisfies OptionTable;

/** Other tools' names for an option, suggested when they are used (Terraform's `-target`). */
const OTHER_NAMES: Readonly<Record<string, string>> = { target: 'app' };

function suggestLong(name: string, options: OptionTable): string | undefined {
  const names = [...Object.keys(options), ...Object.keys(GLOBAL_OPTIONS)];
  if (names.includes(name)) return name;
  const other = OTHER_NAMES[name];
  if (other !== undefined && Object.hasOwn(options, other)) return other;
  return nearest(name, names);
}

function unknownOption(token: string, options: OptionTable): UsageError {
  const body = token.replace(/^-+/, '');
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const near = suggestLong(name, options);
  return new UsageError(`unknown option ${token}${near !== undefined ? `; did you mean --${near}${eq < 0 ? '' : body.slice(eq)}?` : ''}`);
}

/** The argv parseArgs is given: `-o=FILE` split, single-dash traps refused (see the module comment). */
export function normalizeArguments(argv: readonly string[], options: OptionTable): string[] {
  const shorts = new Map(Object.entries(options).flatMap(([name, option]) => (option.short ? [[option.short, { name, type: option.type }] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('--')) {
      const name = token.slice(2).split('=', 1)[0]!;
      const option = options[name];
      if (!option) throw unknownOption(token, options);
      out.push(token);
      // The next token is this option's value: not an option to check.
      if (option.type === 'string' && !token.includes('=') && i + 1 < argv.length) out.push(argv[++i]!);
      continue;
    }
    if (!token.startsWith('-') || token === '-') {
      out.push(token);
      continue;
    }
    const body = token.slice(1);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const short = shorts.get(name[0]!);
    if (name.length === 1) {
      if (!short) throw unknownOption(token, options);
      if (eq < 0) {
        out.push(token);
        if (short.type === 'string' && i + 1 < argv.length) out.push(argv[++i]!);
        continue;
      }
      if (short.type !== 'string') throw new UsageError(`-${name} (--${short.name}) takes no value`);
      const value = body.slice(eq + 1);
      if (value === '') throw new UsageError(`-${name} (--${short.name}) needs a value: -${name} VALUE`);
      out.push(`-${name}`, value);
      continue;
    }
    // Several characters after one dash: a long name (Terraform's `-out=FILE`), booleans grouped, or a glued value.
    const long = suggestLong(name, options);
    if (long !== undefined && (Object.hasOwn(options, long) || Object.hasOwn(GLOBAL_OPTIONS, long)) && (long === name || !short)) {
      throw new UsageError(`unknown option ${token}: long options take two dashes; did you mean --${long}${eq < 0 ? '' : body.slice(eq)}?`);
    }
    if (eq < 0 && [...body].every((c) => shorts.get(c)?.type === 'boolean')) {
      out.push(token);
      continue;
    }
    if (short?.type === 'string') {
      throw new UsageError(`${token}: write -${name[0]} ${body.slice(1)} (or --${short.name}=${body.slice(1)}): a value is not glued to a short option`);
    }
    throw unknownOption(token, options);
  }
  return out;
}

/**
 * Parses a command's argv against its table (with `--help` added). Throws UsageError with the
 * message only; `parseOptions` adds where to get help.
 */
export function parseCommandLine<T extends OptionTable>(argv: string[], options: T, allowPositionals = false) {
  const table = { ...options, ...HELP_OPTION };
  const args = normalizeArguments(argv, table);
  try {
    return parseArgs({ args, options: table, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^.*?: /, ''));
  }
}

export function parseOptions<T extends OptionTable>(command: string, argv: string[], options: T, allowPositionals = false) {
  try {
    return parseCommandLine(argv, options, allowPositionals);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${error.message}\nRun \`roster ${command} --help\` for usage.`);
  }
}

/** The `-c/--config DIR` option every configuration-reading command takes. */
export const configOption = { config: { type: 'string', short: 'c', default: 'configs' } } as const;

/**
 * `--refresh cached|full` and `--cache FILE`, taken by every command that reads accounts (plan,
 * apply); see refresh-cache.ts in this folder for what they do.
 */
export const refreshOptions = {
  refresh: { type: 'string', default: 'cached' },
  cache: { type: 'string' },
} as const;

/** `--app NAME` (repeatable): plan and apply only these applications. */
export const appScopeOption = { app: { type: 'string', multiple: true, default: [] as string[] } } as const;
