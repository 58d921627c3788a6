// The benchmark's simulator fleet, in-process, driven by our own NETCONF and gNMI clients:
// every device answers, each request pays the injected round trip, the counters count what
// the devices were asked, and `validate: false` (benchmark only) skips exactly the YANG check.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GnmiClient, GnmiError } from '../../../adapters/gnmi/client.js';
import { RpcError } from '../../../adapters/netconf/messages.js';
import { NetconfSession } from '../../../adapters/netconf/session.js';
import { startFleet, type FleetDevice, type FleetStats, type SimulatorFleet } from '../../../lab/sim/fleet.js';

const NS = 'urn:nokia.com:sros:ns:yang:sr:conf';
const RTT = 5;
const vprn = (name: string, id: number) =>
  `<configure xmlns="${NS}"><service><customer><customer-name>1</customer-name></customer>` +
  `<vprn><service-name>${name}</service-name><service-id>${id}</service-id><customer>1</customer></vprn></service></configure>`;
/** A service-id nokia-conf does not allow (its range ends at 2147483647). */
const OUT_OF_RANGE = 2147483648;
const ni = (name: string, type: string) => ({ name, type, 'admin-state': 'enable' });

let fleet: SimulatorFleet;
let control: Awaited<ReturnType<SimulatorFleet['serveControl']>>;
const opened: { close(): unknown }[] = [];

const netconf = async (f: SimulatorFleet, d: FleetDevice) => {
  const s = await NetconfSession.connect({ host: '127.0.0.1', port: d.port, username: 'admin', password: 'pw', hostKeyFingerprint: d.hostKeyFingerprint!, timeoutMs: 15_000 });
  opened.push(s);
  return s;
};
const gnmi = (d: FleetDevice) => {
  const c = new GnmiClient({ address: `127.0.0.1:${d.port}`, plaintext: true, username: 'admin', password: 'pw', timeoutMs: 15_000 });
  opened.push(c);
  return c;
};
const stats = async () => (await (await fetch(`${control.url}/stats`)).json()) as FleetStats;
const ofPlatform = (f: SimulatorFleet, p: FleetDevice['platform']) => f.devices.filter((d) => d.platform === p);

beforeAll(async () => {
  fleet = await startFleet({ sros: 3, srlinux: 2, rttMs: RTT, validate: false, username: 'admin', password: 'pw', namePrefix: 'bench' });
  control = await fleet.serveControl();
});
afterAll(async () => {
  for (const c of opened.splice(0)) await c.close();
  control?.server.close();
  await fleet?.close();
});

describe('simulator fleet', () => {
  it('lists every device with its name, platform and port', () => {
    expect(fleet.devices.map((d) => d.name)).toEqual(['bench-sros-1', 'bench-sros-2', 'bench-sros-3', 'bench-srlinux-1', 'bench-srlinux-2']);
    expect(new Set(fleet.devices.map((d) => d.port)).size).toBe(5);
    for (const d of ofPlatform(fleet, 'sros')) expect(d.hostKeyFingerprint).toMatch(/^SHA256:/);
    for (const d of ofPlatform(fleet, 'srlinux')) expect(d.hostKeyFingerprint).toBeUndefined();
  });

  it('answers on every device', async () => {
    for (const d of ofPlatform(fleet, 'sros')) expect(await (await netconf(fleet, d)).getConfig('running')).toContain('<card-type>iom-1</card-type>');
    for (const d of ofPlatform(fleet, 'srlinux')) {
      const [n] = await gnmi(d).get(['/interface[name=mgmt0]/admin-state']);
      expect(n!.updates[0]!.value).toBe('enable');
    }
  });

  it('makes every request pay the injected round trip', async () => {
    for (const d of fleet.devices) expect(fleet.simulator(d.name)!.faults.latencyMs).toBe(RTT);
    const s = await netconf(fleet, ofPlatform(fleet, 'sros')[0]!);
    const c = gnmi(ofPlatform(fleet, 'srlinux')[0]!);
    // A round trip far above what a loopback request costs, so the timing shows it; 5 calls each.
    const rtt = 40;
    fleet.setRtt(rtt);
    try {
      const calls = {
        'NETCONF get-config': () => s.getConfig('running'),
        'gNMI Get': () => c.get(['/interface[name=mgmt0]']),
        'gNMI Capabilities': () => c.capabilities(),
        'gNMI Subscribe ONCE': () => c.subscribe(['/interface[name=mgmt0]'], { mode: 'ONCE' }, () => undefined).done,
      };
      for (const [what, call] of Object.entries(calls)) {
        const t = performance.now();
        for (let i = 0; i < 5; i++) await call();
        // A timer may fire up to a millisecond early.
        expect({ what, ms: performance.now() - t >= 5 * (rtt - 1) }).toEqual({ what, ms: true });
      }
    } finally {
      fleet.setRtt(RTT);
    }
  });

  it('counts RPCs and commits per device, served on the control endpoint, and resets them', async () => {
    const [pe] = ofPlatform(fleet, 'sros');
    const [leaf] = ofPlatform(fleet, 'srlinux');
    const s = await netconf(fleet, pe!);
    const c = gnmi(leaf!);
    expect((await fetch(`${control.url}/reset-stats`, { method: 'POST' })).status).toBe(204);
    expect((await stats()).totals).toEqual({ rpcs: 0, commits: 0 });
    await s.lock();
    await s.editConfig(vprn('counted', 10));
    await s.commit();
    await s.unlock();
    await c.set({ update: [{ path: '/network-instance[name=counted]', value: ni('counted', 'srl_nokia-network-instance:ip-vrf') }] });
    // The same Set again changes nothing: an RPC, not a commit.
    await c.set({ update: [{ path: '/network-instance[name=counted]', value: ni('counted', 'srl_nokia-network-instance:ip-vrf') }] });
    const seen: unknown[] = [];
    await c.subscribe(['/network-instance[name=counted]'], { mode: 'ONCE' }, (n) => seen.push(n)).done;
    expect(seen).toHaveLength(1);
    const after = await stats();
    expect(after.devices[pe!.name]).toEqual({ rpcs: 4, commits: 1 });
    expect(after.devices[leaf!.name]).toEqual({ rpcs: 3, commits: 1 });
    expect(after.devices['bench-sros-2']).toEqual({ rpcs: 0, commits: 0 });
    expect(after.totals).toEqual({ rpcs: 7, commits: 2 });
    await fetch(`${control.url}/reset-stats`, { method: 'POST' });
    expect((await stats()).totals).toEqual({ rpcs: 0, commits: 0 });
    expect((await fetch(`${control.url}/nothing`)).status).toBe(404);
  });

  it('without validation (benchmark only) accepts what YANG refuses; with it, refuses', async () => {
    const checked = await startFleet({ sros: 1, srlinux: 1, rttMs: 0, username: 'admin', password: 'pw' });
    try {
      for (const [f, accepted] of [
        [fleet, true],
        [checked, false],
      ] as const) {
        const s = await netconf(f, ofPlatform(f, 'sros')[0]!);
        const edit = s.editConfig(vprn('too-big', OUT_OF_RANGE)).then(() => s.commit());
        if (accepted) await expect(edit).resolves.toBeUndefined();
        else await expect(edit).rejects.toBeInstanceOf(RpcError);
        const set = gnmi(ofPlatform(f, 'srlinux')[0]!).set({ update: [{ path: '/network-instance[name=odd]', value: ni('odd', 'no-such-type') }] });
        if (accepted) await expect(set).resolves.toBeDefined();
        else await expect(set).rejects.toBeInstanceOf(GnmiError);
      }
      // The device's own commit rules still hold without YANG: a SAP in two services.
      const s = await netconf(fleet, ofPlatform(fleet, 'sros')[1]!);
      const vplsWithSap = (name: string, id: number) =>
        `<configure xmlns="${NS}"><service><customer><customer-name>1</customer-name></customer><vpls><service-name>${name}</service-name>` +
        `<service-id>${id}</service-id><customer>1</customer><sap><sap-id>1/1/c1/1:100</sap-id></sap></vpls></service></configure>`;
      await s.editConfig(vplsWithSap('a', 21));
      await s.editConfig(vplsWithSap('b', 22));
      await expect(s.commit()).rejects.toThrow(/already in use/);
    } finally {
      await checked.close();
    }
  });
});
