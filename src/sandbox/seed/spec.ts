/**
 * What a seed is, and how one is read from the CLI or the admin API. Kept apart from the loading
 * code, so that reading `--seed` loads nothing else.
 */

/**
 * A bench seed: `users` users over `groups` groups; with `provisioned`, every user also has an
 * activated RingCentral account linked to them (see provisioned.ts).
 */
export interface BenchSeed {
  users: number;
  groups: number;
  provisioned?: boolean;
}

export type Seed = 'demo' | 'empty' | BenchSeed;

/**
 * Reads a seed from the CLI (`demo`, `empty`, `users=N,groups=M[,provisioned]`) or the admin API
 * (the same strings, or `{users, groups, provisioned?}`).
 */
export function parseSeed(value: unknown): Seed {
  if (value === 'demo' || value === 'empty') return value;
  let spec = value;
  if (typeof value === 'string') {
    const match = /^users=(\d+),groups=(\d+)(,provisioned)?$/.exec(value.replace(/\s+/g, ''));
    if (!match) throw new Error(`seed must be demo, empty or users=N,groups=M[,provisioned], not "${value}"`);
    spec = { users: Number(match[1]), groups: Number(match[2]), provisioned: match[3] !== undefined };
  }
  const users = (spec as { users?: unknown } | null)?.users;
  const groups = (spec as { groups?: unknown } | null)?.groups;
  const provisioned = (spec as { provisioned?: unknown } | null)?.provisioned ?? false;
  if (
    !Number.isInteger(users) ||
    !Number.isInteger(groups) ||
    (users as number) < 0 ||
    (groups as number) < 0 ||
    (users as number) > 1_000_000 ||
    typeof provisioned !== 'boolean'
  ) {
    throw new Error('seed must be "demo", "empty" or {"users": N, "groups": M, "provisioned"?: true|false} with 0 <= N <= 1000000 and M >= 0');
  }
  return { users: users as number, groups: groups as number, ...(provisioned ? { provisioned } : {}) };
}
