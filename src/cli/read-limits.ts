/**
 * The read limits (src/providers/http/limits.ts) as the environment sets them:
 *   ROSTER_MAX_RESOURCES      resources per list, an integer (1000000)
 *   ROSTER_MAX_RESPONSE_SIZE  bytes per response: 33554432, 512KiB, 32MiB, 1GiB
 *   ROSTER_IDLE_TIMEOUT       time without a byte of a body: 30 (seconds), 30s, 500ms, 2m
 *   ROSTER_REQUEST_TIMEOUT    time per request, from sending to the last byte: as above
 * Unset or empty means the default. A value that cannot be read is a usage error naming the
 * variable, before any request is sent.
 */
import { DEFAULT_READ_LIMITS, LIMIT_SETTINGS, type ReadLimits } from '../providers/http/limits.js';
import { UsageError } from './options.js';

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };
const TIME_UNITS: Readonly<Record<string, number>> = { '': 1000, ms: 1, s: 1000, m: 60_000 };

function measure(name: string, text: string, units: Readonly<Record<string, number>>, example: string): number {
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(text);
  const unit = units[(match?.[2] ?? '').toLowerCase()];
  const value = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${name} must be a positive number like ${example}, not ${JSON.stringify(text)}`);
  return value;
}

export function readLimitsFromEnv(env: Readonly<Record<string, string | undefined>>): ReadLimits {
  const read = (key: keyof ReadLimits, units: Readonly<Record<string, number>>, example: string): number => {
    const name = LIMIT_SETTINGS[key];
    const text = env[name];
    return text === undefined || text.trim() === '' ? DEFAULT_READ_LIMITS[key] : measure(name, text, units, example);
  };
  return {
    maxResources: read('maxResources', { '': 1 }, '1000000'),
    maxResponseBytes: read('maxResponseBytes', BYTE_UNITS, '32MiB'),
    idleTimeoutMs: read('idleTimeoutMs', TIME_UNITS, '30s'),
    requestTimeoutMs: read('requestTimeoutMs', TIME_UNITS, '120s'),
  };
}
