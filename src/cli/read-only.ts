/**
 * What every command that only reads (import, explain) does around its reads: providers whose
 * HTTP clients refuse anything but reads, progress on a terminal, a failing system reported as one
 * line that says nothing was changed, and the connections closed whatever happens.
 */
import type { RosterConfig } from '../config/schema.js';
import { ExitCode, type CliIO } from './command.js';
import { describeFailure } from './commands/common.js';
import { readProgress } from './progress.js';
import { createProviders, type WiredProviders } from './wiring.js';

/**
 * @param label what the progress line says is being read
 * @param read reads and writes the command's output; `readsDone` clears the progress line first
 */
export async function withReadOnlyProviders(
  io: CliIO,
  config: RosterConfig,
  label: string,
  read: (providers: WiredProviders, readsDone: () => void) => Promise<number>,
): Promise<number> {
  const progress = readProgress(io, label);
  const providers = createProviders(config, { readOnly: true, ...(progress.listener ? { onTransport: progress.listener } : {}) });
  try {
    return await read(providers, () => progress.done());
  } catch (error) {
    progress.done();
    const message = describeFailure(error);
    if (!message) throw error;
    io.stderr.write(`${message}\nNothing was changed.\n`);
    return ExitCode.error;
  } finally {
    progress.done();
    await providers.close();
  }
}
