/**
 * The read limits as the environment sets them: units, defaults for unset or empty values, and a
 * usage error naming the variable for a value that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { readLimitsFromEnv } from '../../src/cli/read-limits.js';
import { UsageError } from '../../src/cli/options.js';
import { DEFAULT_READ_LIMITS } from '../../src/providers/http/limits.js';

describe('read limits from the environment', () => {
  it('unset or empty: the defaults (1,000,000 resources, 32 MiB, 30 s idle, 120 s a request)', () => {
    expect(readLimitsFromEnv({})).toEqual(DEFAULT_READ_LIMITS);
    expect(readLimitsFromEnv({ ROSTER_MAX_RESOURCES: '', ROSTER_IDLE_TIMEOUT: ' ' })).toEqual(DEFAULT_READ_LIMITS);
    expect(DEFAULT_READ_LIMITS).toEqual({ maxResources: 1_000_000, maxResponseBytes: 32 * 1024 * 1024, idleTimeoutMs: 30_000, requestTimeoutMs: 120_000 });
  });

  it.each([
    ['ROSTER_MAX_RESOURCES', '5000', 'maxResources', 5000],
    ['ROSTER_MAX_RESPONSE_SIZE', '1048576', 'maxResponseBytes', 1048576],
    ['ROSTER_MAX_RESPONSE_SIZE', '512KiB', 'maxResponseBytes', 512 * 1024],
    ['ROSTER_MAX_RESPONSE_SIZE', '64 MiB', 'maxResponseBytes', 64 * 1024 * 1024],
    ['ROSTER_MAX_RESPONSE_SIZE', '1gib', 'maxResponseBytes', 1024 ** 3],
    ['ROSTER_IDLE_TIMEOUT', '5', 'idleTimeoutMs', 5000],
    ['ROSTER_IDLE_TIMEOUT', '500ms', 'idleTimeoutMs', 500],
    ['ROSTER_REQUEST_TIMEOUT', '3s', 'requestTimeoutMs', 3000],
    ['ROSTER_REQUEST_TIMEOUT', '2m', 'requestTimeoutMs', 120_000],
  ] as const)('%s=%s → %s %d', (name, value, key, expected) => {
    expect(readLimitsFromEnv({ [name]: value })[key]).toBe(expected);
  });

  it.each([
    ['ROSTER_MAX_RESOURCES', 'lots'],
    ['ROSTER_MAX_RESOURCES', '0'],
    ['ROSTER_MAX_RESOURCES', '10KiB'],
    ['ROSTER_MAX_RESPONSE_SIZE', '32MB'],
    ['ROSTER_IDLE_TIMEOUT', '-1'],
    ['ROSTER_REQUEST_TIMEOUT', '1.5s'],
  ])('%s=%s is a usage error naming the variable', (name, value) => {
    expect(() => readLimitsFromEnv({ [name]: value })).toThrow(UsageError);
    expect(() => readLimitsFromEnv({ [name]: value })).toThrow(`${name} must be a positive number like`);
  });
});
