/**
 * Whether apply draws its live view (ink) or writes one line per change. The live view needs a
 * terminal; and in CI — `CI` or `CONTINUOUS_INTEGRATION` set to anything but "0" or "false", ink's
 * own rule (the is-in-ci package) — ink draws nothing until the view ends, so a CI job that runs
 * Roster on a pseudo-terminal would show a silent apply. There, the line per change is what is read.
 */
import type { CliIO } from './command.js';

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== '0' && value !== 'false';
}

export function inContinuousIntegration(env: CliIO['env']): boolean {
  return isSet(env['CI']) || isSet(env['CONTINUOUS_INTEGRATION']);
}

export function liveViewEnabled(io: Pick<CliIO, 'env' | 'stdout'>): boolean {
  return io.stdout.isTTY === true && !inContinuousIntegration(io.env);
}
