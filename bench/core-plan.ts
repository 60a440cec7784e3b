/**
 * The pure core alone: `buildPlan` on N users who all have an account that already holds what
 * the mapping yields (a no-change plan), with the bench configuration's mappings and RingCentral's
 * capabilities and normaliser. Two shapes of the same accounts: as list pages show them (what a
 * warm refresh cache leaves) and read in full (a cold cache: phones and addresses compared too).
 *
 * Run as its own process (`node --expose-gc --import tsx bench/core-plan.ts N`); prints one JSON
 * line per shape: median milliseconds of three runs, the heap the plan keeps, the process's peak RSS.
 */
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/load.js';
import type { DirectoryUser, TargetAccount } from '../src/core/model.js';
import { buildPlan, type PlanInput } from '../src/core/plan.js';
import { RINGCENTRAL_CAPABILITIES } from '../src/providers/ringcentral/profile.js';
import { ringCentralNormalizer } from '../src/providers/ringcentral/normalize.js';

const CONFIG = fileURLToPath(new URL('./config/', import.meta.url));
const ENVIRONMENT = {
  ROSTER_IDP_URL: 'https://console.jumpcloud.com',
  JUMPCLOUD_API_KEY: 'key',
  ROSTER_SCIM_URL: 'https://platform.ringcentral.com/scim/v2',
  RINGCENTRAL_CLIENT_ID: 'id',
  RINGCENTRAL_CLIENT_SECRET: 'secret',
  RINGCENTRAL_JWT: 'jwt',
};
const DEPARTMENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department';

/** The users of `--seed users=N,groups=1`: a US work address and a mobile number each. */
function directoryUser(i: number): DirectoryUser {
  const login = `user${String(i + 1).padStart(6, '0')}`;
  return {
    id: i.toString(16).padStart(24, '0'),
    username: login,
    email: `${login}@example.com`,
    firstname: `First${i}`,
    lastname: `Last${i}`,
    department: 'Group 1',
    addresses: [{ type: 'work', streetAddress: '100 Market Street', locality: 'San Francisco', region: 'CA', postalCode: '94105', country: 'US' }],
    phoneNumbers: [{ type: 'mobile', number: `+1415${String(2000000 + i).padStart(7, '0')}` }],
    attributes: {},
    state: 'ACTIVATED',
    suspended: false,
    passwordExpired: false,
  };
}

/** The account RingCentral holds for that user: country as a name, the server's own numbers beside the mobile. */
function account(user: DirectoryUser, i: number, detail: 'list' | 'full'): TargetAccount {
  const listed = {
    userName: user.email,
    externalId: user.id,
    active: true,
    'emails[type eq "work"].value': user.email,
    'name.givenName': user.firstname!,
    'name.familyName': user.lastname!,
    [DEPARTMENT]: user.department!,
  };
  const omitted = {
    'addresses[type eq "work"].streetAddress': '100 Market Street',
    'addresses[type eq "work"].locality': 'San Francisco',
    'addresses[type eq "work"].region': 'CA',
    'addresses[type eq "work"].postalCode': '94105',
    'addresses[type eq "work"].country': 'United States',
    'phoneNumbers[type eq "work"].value': `+1650${String(5550100 + i).padStart(7, '0')}`,
    'phoneNumbers[type eq "other"].value': String(101 + i),
    'phoneNumbers[type eq "mobile"].value': user.phoneNumbers[0]!.number,
  };
  return {
    id: String(1271140001 + i),
    userName: user.email,
    externalId: user.id,
    state: 'active',
    detail,
    version: '2024-03-02T11:46:40.000Z',
    attributes: detail === 'full' ? { ...listed, ...omitted } : listed,
  };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function main(users: number): Promise<void> {
  const loaded = (await loadConfig({ dir: CONFIG, cwd: CONFIG, env: ENVIRONMENT })).loaded;
  if (!loaded) throw new Error('the bench configuration does not load');
  const directoryUsers = Array.from({ length: users }, (_, i) => directoryUser(i));
  const directory = { users: directoryUsers, groups: [{ id: 'g1', name: 'Group 1', members: directoryUsers.map((u) => ({ userId: u.id, via: [] })) }] };
  for (const detail of ['list', 'full'] as const) {
    const input: PlanInput = {
      desired: loaded.desired,
      directory,
      idpSystem: 'jumpcloud',
      idpApplications: [],
      targets: {
        ringcentral: {
          system: 'ringcentral',
          accounts: directoryUsers.map((u, i) => account(u, i, detail)),
          capabilities: RINGCENTRAL_CAPABILITIES,
          normalizer: ringCentralNormalizer,
        },
      },
      configDigest: loaded.digest,
      createdAt: new Date(0).toISOString(),
    };
    const times: number[] = [];
    let keptMb = 0;
    for (let run = 0; run < 3; run++) {
      gc();
      const heapBefore = process.memoryUsage().heapUsed;
      const started = performance.now();
      const plan = buildPlan(input);
      times.push(performance.now() - started);
      gc();
      keptMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
      if (plan.changes.length !== 0) throw new Error(`expected a plan without changes, got ${plan.changes.length}`);
    }
    console.log(JSON.stringify({ users, detail, ms: median(times), keptMb, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
  }
}

await main(Number(process.argv[2] ?? 100_000));
