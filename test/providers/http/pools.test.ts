/**
 * Connection pools are per system and origin: when one server stands for JumpCloud and RingCentral
 * (the sandbox), each vendor still gets its own connections, as it does in production where they
 * are different origins. Observed from outside Roster: a TCP relay in front of the sandbox notes
 * which vendor's credentials each connection carried and how many connections were open at once.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src/config/schema.js';
import { createProviders } from '../../../src/cli/wiring.js';
import { DEFAULT_TRANSPORT } from '../../../src/providers/http/transport.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';

type Vendor = 'jumpcloud' | 'ringcentral';

interface Relay {
  readonly url: string;
  /** Per connection, the vendors whose requests it carried. */
  readonly connections: Array<Set<Vendor>>;
  /** Most connections open at once that carried each vendor's requests. */
  readonly mostOpen: Record<Vendor, number>;
  close(): Promise<void>;
}

/** Request heads name their vendor: JumpCloud's `x-api-key`, RingCentral's `authorization`. */
function vendorsIn(chunk: string): Vendor[] {
  const found: Vendor[] = [];
  if (/\r\nx-api-key:/i.test(chunk)) found.push('jumpcloud');
  if (/\r\nauthorization:/i.test(chunk)) found.push('ringcentral');
  return found;
}

async function relayTo(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const connections: Array<Set<Vendor>> = [];
  const open = new Set<Set<Vendor>>();
  const mostOpen: Record<Vendor, number> = { jumpcloud: 0, ringcentral: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const vendors = new Set<Vendor>();
    connections.push(vendors);
    open.add(vendors);
    const upstream = createConnection({ host: hostname, port: Number(port) });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      for (const vendor of vendorsIn(chunk.toString('latin1'))) vendors.add(vendor);
      for (const vendor of ['jumpcloud', 'ringcentral'] as const) {
        mostOpen[vendor] = Math.max(mostOpen[vendor], [...open].filter((c) => c.has(vendor)).length);
      }
    });
    client.pipe(upstream).pipe(client);
    const done = () => {
      open.delete(vendors);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done).on('error', done);
    upstream.on('close', done).on('error', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections,
    mostOpen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let sandbox: Sandbox;
let relay: Relay;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: { users: 1200, groups: 1, provisioned: true }, rateLimits: false });
  relay = await relayTo(sandbox.url);
});
afterAll(async () => {
  await relay.close();
  await sandbox.close();
});

describe('connection pools', () => {
  it('JumpCloud and RingCentral at one origin each read over connections of their own, at most the configured number at once', async () => {
    const config = configSchema.parse({
      idp: { type: 'jumpcloud', url: relay.url, apiKey: sandbox.apiKey },
      applications: {
        ringcentral: {
          catalog: 'ringcentral',
          groups: ['Group 1'],
          provisioning: { url: `${relay.url}/scim/v2`, auth: { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret, jwt: sandbox.jwt } },
        },
      },
    });
    const providers = createProviders(config, { readOnly: true });
    try {
      const target = providers.targets.get('ringcentral')!;
      // Both vendors' lists at once, as a plan reads them.
      const [directory, accounts] = await Promise.all([providers.idp.readDirectory({ groupNames: ['Group 1'] }), target.readAccounts({ compared: [] })]);
      expect(directory.users).toHaveLength(1200);
      expect(accounts).toHaveLength(1200);
    } finally {
      await providers.close();
    }
    const carried = relay.connections.filter((vendors) => vendors.size > 0);
    expect(carried.filter((vendors) => vendors.has('jumpcloud')).length).toBeGreaterThan(0);
    expect(carried.filter((vendors) => vendors.has('ringcentral')).length).toBeGreaterThan(0);
    expect(carried.filter((vendors) => vendors.size > 1)).toEqual([]);
    expect(relay.mostOpen.jumpcloud).toBeLessThanOrEqual(DEFAULT_TRANSPORT.connections);
    expect(relay.mostOpen.ringcentral).toBeLessThanOrEqual(DEFAULT_TRANSPORT.connections);
    // With a pool each, the two vendors together had more connections open than one pool allows.
    expect(relay.mostOpen.jumpcloud + relay.mostOpen.ringcentral).toBeGreaterThan(DEFAULT_TRANSPORT.connections);
  }, 60_000);
});
