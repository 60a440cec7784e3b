import { existsSync, statSync } from 'node:fs';
import { ExitCode, type CliIO, type Command } from '../command.js';
import { parseCommandLine } from '../options.js';
import type { Sandbox, SandboxOptions } from '../../sandbox/index.js';
import { parseSeed } from '../../sandbox/seed/spec.js';

const HELP = `Usage: roster sandbox [options]

Serves local stand-ins of the JumpCloud API, RingCentral (SCIM 2.0, OAuth, extension list) and
a generic SCIM 2.0 target (Users and Groups) on 127.0.0.1, so that Roster can be tried and tested without a vendor account. Prints the URLs
and every credential it accepts as shell export lines, then serves until interrupted (Ctrl+C).

Options:
  --port N                    port to listen on (default: a free port)
  --seed demo|empty|users=N,groups=M[,provisioned]
                              initial directory (default: demo); with provisioned, every
                              user also has an activated RingCentral account linked to them
  --data FILE                 keep state in this SQLite file (default: in memory); the seed only
                              fills a new or empty file, and generated credentials are kept in it
  --api-key KEY               JumpCloud x-api-key to accept (default: random)
  --org-id ID                 JumpCloud organisation id, 24 hex characters (default: random)
  --multi-tenant              require the x-org-id header, as for a multi-tenant admin
  --scim-token TOKEN          static bearer token RingCentral SCIM accepts (default: random)
  --generic-scim-token TOKEN  static bearer token the generic SCIM target accepts (default: random)
  --client-id ID              RingCentral OAuth client id (default: random)
  --client-secret SECRET      RingCentral OAuth client secret (default: random)
  --jwt JWT                   RingCentral JWT assertion for the JWT grant (default: random)
  --token-ttl SECONDS         lifetime of issued access tokens (default: 3600)
  --time-scale N              divide rate-limit windows and penalties by N (default: 1)
  --rate-limits on|off        enforce RingCentral rate limits (default: on)
  --licences N                free RingCentral licences (default: 100, or one per user for a
                              bench seed that is not provisioned)
  -h, --help                  show this help

Examples:
  roster sandbox
  roster sandbox --port 8080 --data sandbox.sqlite
  roster sandbox --seed users=10000,groups=20 --time-scale 60
  roster sandbox --seed users=100000,groups=1,provisioned --rate-limits off
`;

const OPTIONS = {
  port: { type: 'string' },
  seed: { type: 'string' },
  data: { type: 'string' },
  'api-key': { type: 'string' },
  'org-id': { type: 'string' },
  'multi-tenant': { type: 'boolean' },
  'scim-token': { type: 'string' },
  'generic-scim-token': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  jwt: { type: 'string' },
  'token-ttl': { type: 'string' },
  'time-scale': { type: 'string' },
  'rate-limits': { type: 'string' },
  licences: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function number(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new Error(`--${flag} expects ${integer ? 'an integer' : 'a number'}, got "${value}"`);
  }
  return parsed;
}

/** Turns flags into options; throws an Error whose message names the flag. */
export function readSandboxOptions(argv: string[]): SandboxOptions | 'help' {
  const { values } = parseCommandLine(argv, OPTIONS);
  if (values.help) return 'help';
  const rateLimits = values['rate-limits'];
  if (rateLimits !== undefined && rateLimits !== 'on' && rateLimits !== 'off') throw new Error(`--rate-limits expects on or off, got "${rateLimits}"`);
  const options: SandboxOptions = {};
  const set = <K extends keyof SandboxOptions>(key: K, value: SandboxOptions[K] | undefined): void => {
    if (value !== undefined) options[key] = value;
  };
  set('port', number('port', values.port, true));
  if (values.seed !== undefined) options.seed = parseSeed(values.seed);
  set('data', values.data);
  set('apiKey', values['api-key']);
  set('orgId', values['org-id']);
  set('multiTenant', values['multi-tenant']);
  set('scimToken', values['scim-token']);
  set('genericScimToken', values['generic-scim-token']);
  set('clientId', values['client-id']);
  set('clientSecret', values['client-secret']);
  set('jwt', values.jwt);
  set('tokenTtlSeconds', number('token-ttl', values['token-ttl'], false));
  set('timeScale', number('time-scale', values['time-scale'], false));
  if (rateLimits !== undefined) options.rateLimits = rateLimits === 'on';
  set('licences', number('licences', values.licences, true));
  return options;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The environment variables the example configuration reads, pointing at this sandbox: what
 * `roster sandbox` prints to export, and what the demo and the tests run Roster with.
 */
export function sandboxEnvironment(sandbox: Sandbox): Record<string, string> {
  return {
    ROSTER_IDP_URL: sandbox.url,
    JUMPCLOUD_API_KEY: sandbox.apiKey,
    JUMPCLOUD_ORG_ID: sandbox.orgId,
    ROSTER_SCIM_URL: `${sandbox.url}/scim/v2`,
    RINGCENTRAL_TOKEN: sandbox.scimToken,
    RINGCENTRAL_CLIENT_ID: sandbox.clientId,
    RINGCENTRAL_CLIENT_SECRET: sandbox.clientSecret,
    RINGCENTRAL_JWT: sandbox.jwt,
    GENERIC_SCIM_URL: `${sandbox.url}/generic-scim/v2`,
    GENERIC_SCIM_TOKEN: sandbox.genericScimToken,
  };
}

/** What the sandbox serves and accepts, as a shell script: comments, then export lines to paste. */
export function describeSandbox(sandbox: Sandbox): string {
  return [
    `# Roster sandbox listening on ${sandbox.url}`,
    `#   JumpCloud API    ${sandbox.url}/api and ${sandbox.url}/api/v2`,
    `#   RingCentral SCIM ${sandbox.url}/scim/v2 (OAuth token: ${sandbox.url}/restapi/oauth/token)`,
    `#   Generic SCIM     ${sandbox.url}/generic-scim/v2 (Users and Groups, RFC 7643/7644)`,
    `#   Admin API        ${sandbox.url}/_sandbox`,
    '# Paste these lines into your shell:',
    ...Object.entries(sandboxEnvironment(sandbox)).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    '',
  ].join('\n');
}

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Serve local stand-ins of the JumpCloud, RingCentral and generic SCIM APIs for demos and tests',
  help: HELP,
  options: OPTIONS,
  async run(argv: string[], io: CliIO): Promise<number> {
    let options: SandboxOptions | 'help';
    try {
      options = readSandboxOptions(argv);
    } catch (error) {
      io.stderr.write(`roster sandbox: ${(error as Error).message}\nRun "roster sandbox --help" for the options.\n`);
      return ExitCode.error;
    }
    if (options === 'help') {
      io.stdout.write(HELP);
      return ExitCode.ok;
    }
    if (options.data !== undefined && options.seed !== undefined && existsSync(options.data) && statSync(options.data).size > 0) {
      io.stderr.write(`roster sandbox: ${options.data} already holds state, so --seed is not applied (POST /_sandbox/reset reseeds it).\n`);
    }
    let sandbox: Sandbox;
    try {
      // Loaded here, so that the other commands never load the sandbox.
      const { startSandbox } = await import('../../sandbox/index.js');
      sandbox = await startSandbox(options);
    } catch (error) {
      io.stderr.write(`roster sandbox: could not start: ${(error as Error).message}\n`);
      return ExitCode.error;
    }
    io.stdout.write(describeSandbox(sandbox));
    io.stderr.write('Serving; press Ctrl+C to stop.\n');
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) resolve();
      else io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await sandbox.close();
    io.stderr.write('Sandbox stopped.\n');
    return ExitCode.ok;
  },
};
