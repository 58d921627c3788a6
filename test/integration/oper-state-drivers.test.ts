// Operational state (issue 15) through the real drivers against the simulators: one state
// RPC per read, the router's own down reasons when a port goes down, and the same answers
// seen by clients nobody here wrote (ncclient for NETCONF, gnmi_cli for gNMI).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GnmiClient } from '../../adapters/gnmi/client.js';
import { loadSources } from '../../adapters/k8s/manifests.js';
import { NetconfSession } from '../../adapters/netconf/session.js';
import { cacheDir, projectRoot } from '../../adapters/paths.js';
import { resolve } from '../../adapters/render/resolve.js';
import type { Fragment, YObject } from '../../adapters/yang/tree.js';
import { GnmiDriver } from '../../devices/drivers/gnmi-driver.js';
import { NetconfDriver } from '../../devices/drivers/netconf-driver.js';
import type { OperMember } from '../../devices/drivers/oper.js';
import { SrlSimulator } from '../../lab/sim/srlinux/server.js';
import { SrosSimulator } from '../../lab/sim/sros/server.js';

const root = projectRoot();
// The simulators run in this process: the clients run beside it, never blocking it.
const run = (cmd: string, args: string[]) =>
  promisify(execFile)(cmd, args, { encoding: 'utf8', timeout: 30_000 }).then(
    (r) => ({ status: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ status: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(e) }),
  );
const { devices } = resolve(loadSources(join(root, 'examples')));
const intent = (device: string, kind: string, name: string) =>
  devices.find((d) => d.device.name === device)!.fragments.filter((f) => f.owner.kind === kind && f.owner.name === name).map((f) => f.fragment);
const svc = (kind: 'vprn' | 'vpls', name: string, value: YObject): Fragment => ({
  updates: [{ path: [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: kind, keys: { 'service-name': name } }], value: { 'service-name': name, ...value }, replace: true }],
  deletes: [],
});

describe('SR OS: nokia-state over NETCONF <get>', () => {
  let sim: SrosSimulator;
  let driver: NetconfDriver;
  const vrf = intent('pe1', 'VRF', 'blue');
  const vpls = intent('pe1', 'VPLS', 'green');
  // A VPLS with no SAP and no VXLAN: down by the router's rule (TIMETRA-SERV-MIB svcOperStatus).
  const lonely = [svc('vpls', 'lonely', { 'service-id': '4242', customer: '1', 'admin-state': 'enable' })];
  beforeAll(async () => {
    sim = await SrosSimulator.start({ username: 'admin', password: 'pw', startupConfig: { file: join(root, 'lab', 'topologies', 'configs', 'pe1.partial.cfg') } });
    driver = new NetconfDriver(await NetconfSession.connect({ host: '127.0.0.1', port: sim.port, username: 'admin', password: 'pw', hostKeyFingerprint: sim.hostKeyFingerprint }));
    await driver.apply([...vrf, ...vpls, ...lonely]);
  });
  afterAll(async () => {
    await driver?.close();
    await sim?.close();
  });

  it('reads every service of every group in one <get>, with the SRv6 SID the router allocated', async () => {
    const gets = sim.ops.get ?? 0;
    const [blue, green, alone] = await driver.readOperState([vrf, vpls, lonely]);
    expect(sim.ops.get).toBe(gets + 1);
    expect(blue).toEqual([
      expect.objectContaining({ kind: 'vprn', name: 'blue', up: true, members: [{ kind: 'interface', name: 'if-1/1/c1/1-100', up: true }, { kind: 'sap', name: '1/1/c1/1:100', up: true }, { kind: 'bgp-ipvpn', name: 'srv6 1', up: true }] }),
    ]);
    // loc1 is fc00:0:1::/48 with a 16-bit function: the End.DT46 value is the fourth group.
    const value = Number(/"end-dt46":\{"value":"?(\d+)/.exec(JSON.stringify(vrf))![1]);
    expect(blue![0]!.sids).toEqual([{ function: 'end-dt46', sid: `fc00:0:1:${value.toString(16)}::`, status: 'no-error' }]);
    expect(green).toEqual([{ kind: 'vpls', name: 'green', up: true, members: [{ kind: 'sap', name: '1/1/c2/1:200', up: true }] }]);
    expect(alone).toEqual([{ kind: 'vpls', name: 'lonely', up: false, reason: 'oper-state down', members: [] }]);
  });

  it("says which SAP and interface a port fault takes down, in the model's words, and recovers", async () => {
    sim.portFaults.apply({ port: '1/1/c1/1', oper: 'down' });
    const blue = (await driver.readOperState([vrf]))[0]![0];
    expect(blue).toMatchObject({
      up: true, // a VPRN is up while enabled; its interface and SAP say what is down
      members: [
        { kind: 'interface', name: 'if-1/1/c1/1-100', up: false, reason: 'port-down' },
        { kind: 'sap', name: '1/1/c1/1:100', up: false, reason: 'port-oper-down' },
        { kind: 'bgp-ipvpn', name: 'srv6 1', up: true }, // BGP does not look at the port
      ],
    });
    sim.portFaults.apply({ port: '1/1/c1/1', oper: 'up' });
    const again = (await driver.readOperState([vrf]))[0]![0];
    expect(again!.members.every((m: OperMember) => m.up)).toBe(true);
  });

  it('derives admin-state: a disabled service is down and its SAP says svc-admin-down', async () => {
    sim.setRunning(sim.runningXml().replace(/(<service-name>green<\/service-name>[\s\S]*?<admin-state>)enable/, '$1disable'));
    const green = (await driver.readOperState([vpls]))[0]![0];
    expect(green).toEqual({ kind: 'vpls', name: 'green', up: false, reason: 'oper-state down', members: [{ kind: 'sap', name: '1/1/c2/1:200', up: false, reason: 'svc-admin-down' }] });
  });

  it("derives the BGP-VPN instance's state: disabled by hand, bgp-ipvpn srv6 1 is down", async () => {
    const xml = sim.runningXml();
    const disabled = xml.replace(/(<bgp-ipvpn><segment-routing-v6><bgp-instance>1<\/bgp-instance><admin-state>)enable/, '$1disable');
    expect(disabled).not.toBe(xml);
    sim.setRunning(disabled);
    try {
      const blue = (await driver.readOperState([vrf]))[0]![0]!;
      expect(blue.members.find((m) => m.kind === 'bgp-ipvpn')).toEqual({ kind: 'bgp-ipvpn', name: 'srv6 1', up: false, reason: 'oper-state disabled' });
    } finally {
      sim.setRunning(xml);
    }
  });

  it('reports the SID the router could not install when its locator is disabled', async () => {
    const xml = sim.runningXml();
    expect(xml).toContain('<locator-name>loc1</locator-name><admin-state>enable</admin-state>');
    sim.setRunning(xml.replace('<locator-name>loc1</locator-name><admin-state>enable</admin-state>', '<locator-name>loc1</locator-name><admin-state>disable</admin-state>'));
    const blue = (await driver.readOperState([vrf]))[0]![0]!;
    expect(blue.sids).toEqual([expect.objectContaining({ function: 'end-dt46', status: 'locator-admin-down' })]);
    sim.setRunning(xml);
  });

  it('answers ncclient the same (a <get> with a nokia-state subtree filter)', async () => {
    sim.portFaults.apply({ port: '1/1/c1/1', oper: 'down' });
    const flt =
      '<state xmlns="urn:nokia.com:sros:ns:yang:sr:state"><port><port-id>1/1/c1/1</port-id><oper-state/></port><service><vprn><service-name>blue</service-name><oper-state/>' +
      '<interface><interface-name/><ipv4><down-reason/></ipv4><sap><sap-id/><oper-state/><oper-flags/></sap></interface><bgp-ipvpn/></vprn></service></state>';
    const r = await run('/usr/bin/python3', ['-c', [
      'import sys', 'from ncclient import manager',
      `m = manager.connect(host="127.0.0.1", port=${sim.port}, username="admin", password="pw", hostkey_verify=False, allow_agent=False, look_for_keys=False)`,
      'print(m.get(filter=("subtree", sys.argv[1])).data_xml)',
    ].join('\n'), flt]);
    expect(r.stderr).toBe('');
    const xml = r.stdout.replace(/\s+/g, '');
    expect(xml).toContain('<statexmlns="urn:nokia.com:sros:ns:yang:sr:state"><port><port-id>1/1/c1/1</port-id><oper-state>down</oper-state></port>');
    expect(xml).toContain('<interface><interface-name>if-1/1/c1/1-100</interface-name><ipv4><down-reason>port-down</down-reason></ipv4><sap><sap-id>1/1/c1/1:100</sap-id><oper-state>down</oper-state><oper-flags>port-oper-down</oper-flags></sap></interface>');
    expect(xml).toMatch(/<bgp-ipvpn><segment-routing-v6><bgp-instance>1<\/bgp-instance><oper-state>enabled<\/oper-state><oper-rd-type>configured<\/oper-rd-type><oper-route-distinguisher>[^<]+<\/oper-route-distinguisher><\/segment-routing-v6><\/bgp-ipvpn>/);
    expect(xml).not.toContain('<configure'); // only what the filter selects
    sim.portFaults.apply({ port: '1/1/c1/1', oper: 'up' });
  });
});

describe('SR Linux: state leaves over gNMI Get (type STATE)', () => {
  let sim: SrlSimulator;
  let client: GnmiClient;
  let driver: GnmiDriver;
  const vpls = intent('leaf1', 'VPLS', 'green');
  beforeAll(async () => {
    sim = await SrlSimulator.start({ startupConfig: { file: join(root, 'lab', 'topologies', 'configs', 'leaf1.cli') } });
    client = new GnmiClient({ address: `127.0.0.1:${sim.port}`, plaintext: true });
    driver = new GnmiDriver(client);
    await driver.apply(vpls);
  });
  afterAll(async () => {
    await driver?.close();
    await sim?.close();
  });

  it('reads the network-instance and its subinterfaces in one Get, and the port fault as port-down', async () => {
    const gets = sim.ops.Get ?? 0;
    const evpn = { kind: 'bgp-evpn instance', name: '1', up: true };
    expect(await driver.readOperState([vpls])).toEqual([[{ kind: 'network-instance', name: 'green', up: true, members: [{ kind: 'subinterface', name: 'ethernet-1/1.200', up: true }, evpn] }]]);
    expect(sim.ops.Get).toBe(gets + 1);
    sim.portFaults.apply({ port: 'ethernet-1/1', oper: 'down' });
    expect(await driver.readOperState([vpls])).toEqual([[{ kind: 'network-instance', name: 'green', up: true, members: [{ kind: 'subinterface', name: 'ethernet-1/1.200', up: false, reason: 'port-down' }, evpn] }]]);
    sim.portFaults.apply({ port: 'ethernet-1/1', oper: 'up' });
    expect((await driver.readOperState([vpls]))[0]![0]!.members[0]!.up).toBe(true);
  });

  it("derives the EVPN bgp-instance's state: its VXLAN interface removed out of band is no-vxlan-interface", async () => {
    const before = structuredClone(sim.doc);
    const doc = structuredClone(sim.doc) as Record<string, unknown>;
    for (const k of Object.keys(doc)) if (k.endsWith('tunnel-interface')) delete doc[k];
    sim.setDocument(doc as typeof sim.doc);
    try {
      const green = (await driver.readOperState([vpls]))[0]![0]!;
      expect(green.members.find((m) => m.kind === 'bgp-evpn instance')).toEqual({ kind: 'bgp-evpn instance', name: '1', up: false, reason: 'no-vxlan-interface' });
    } finally {
      sim.setDocument(before);
    }
    expect((await driver.readOperState([vpls]))[0]![0]!.members.every((m) => m.up)).toBe(true);
  });

  it('keeps CONFIG Gets free of state, and lays state over config for ALL', async () => {
    const [config] = await client.get(['/interface[name=ethernet-1/1]'], 'CONFIG');
    expect(JSON.stringify(config!.updates[0]!.value)).not.toContain('oper-state');
    const [all] = await client.get(['/interface[name=ethernet-1/1]'], 'ALL');
    expect(all!.updates[0]!.value).toMatchObject({ 'admin-state': 'enable', 'oper-state': 'up' });
  });

  const gnmiCli = join(cacheDir(), 'go-bin', 'gnmi_cli');
  it('answers gnmi_cli the same (Get of type STATE)', async () => {
    expect(existsSync(gnmiCli)).toBe(true); // built by npm run bootstrap
    sim.portFaults.apply({ port: 'ethernet-1/1', oper: 'down', reason: 'transceiver-oper-down' });
    const r = await run(gnmiCli, ['-address', `127.0.0.1:${sim.port}`, '-insecure', '-timeout', '10s', '-get', '-proto',
      'type: STATE encoding: JSON_IETF path: <elem: <name: "interface" key: <key: "name" value: "ethernet-1/1">>>']);
    sim.portFaults.apply({ port: 'ethernet-1/1', oper: 'up' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('\\"oper-down-reason\\":\\"transceiver-oper-down\\"');
    expect(r.stdout).toContain('\\"oper-down-reason\\":\\"port-down\\"'); // its subinterface
    expect(r.stdout).not.toContain('admin-state'); // STATE: config false leaves only
    const evpn = await run(gnmiCli, ['-address', `127.0.0.1:${sim.port}`, '-insecure', '-timeout', '10s', '-get', '-proto',
      'type: STATE encoding: JSON_IETF path: <elem: <name: "network-instance" key: <key: "name" value: "green">> elem: <name: "protocols"> elem: <name: "bgp-evpn"> elem: <name: "bgp-instance" key: <key: "id" value: "1">>>']);
    expect(evpn.status).toBe(0);
    expect(evpn.stdout).toContain('\\"oper-state\\":\\"up\\"');
  });
});
