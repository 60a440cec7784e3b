/**
 * Steps shared by commands: loading the configuration with diagnostics printed once (and, for
 * commands that read the systems, the SP metadata each application names), and turning provider
 * failures into one clear line.
 */
import { hasErrors } from '../../core/diagnostics.js';
import { loadConfig, type LoadedConfig } from '../../config/load.js';
import { secretValues } from '../../config/secret-values.js';
import { FileKindError } from '../../engine/files.js';
import { ProviderError, registerSecret } from '../../providers/http/errors.js';
import { formatDiagnostics } from '../../render/diagnostics.js';
import type { CliIO } from '../command.js';
import { resolveSso } from '../resolve-sso.js';
import { printable } from '../../render/printable.js';

/**
 * The configuration, or undefined after reporting why not. With `resolveEnv` (commands that read
 * the systems), `${NAME}` references are resolved and every application's SP metadata is read and
 * checked: its problems travel in the desired state, into the plan.
 */
export async function loadOrReport(io: CliIO, dir: string, resolveEnv: boolean): Promise<LoadedConfig | undefined> {
  const result = await loadConfig({ dir, cwd: io.cwd, ...(resolveEnv ? { env: io.env } : {}) });
  if (result.diagnostics.length > 0) io.stderr.write(`${formatDiagnostics(result.diagnostics)}\n`);
  if (hasErrors(result.diagnostics) || !result.loaded) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr.write(`Configuration has ${errors} error${errors === 1 ? '' : 's'}; nothing was read or changed.\n`);
    return undefined;
  }
  // Every credential is known before the first request of any system, since any of them may echo another's.
  if (resolveEnv) for (const secret of secretValues(result.loaded.config)) registerSecret(secret);
  return resolveEnv ? { ...result.loaded, desired: await resolveSso(result.loaded.desired, { now: new Date() }) } : result.loaded;
}

/** A failure talking to a system, as one line for the user (its message carries the advice). Returns undefined for defects. */
export function describeFailure(error: unknown): string | undefined {
  // A provider's message quotes the vendor's error text: shown escaped, never as terminal controls.
  if (error instanceof ProviderError || error instanceof FileKindError) return printable(error.message);
  return undefined;
}
