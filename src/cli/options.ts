/**
 * Shared option parsing for commands (node:util parseArgs), with errors that say what is wrong
 * and how to get help.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/^.*?: /, '')}\nRun \`roster ${command} --help\` for usage.`);
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
