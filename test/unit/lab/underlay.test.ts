// The lab underlay (lab/underlay.ts) and the startup configs generated from it: what each
// platform gets, that the files in lab/topologies/configs/ are what the generator writes, and
// that every one passes full validation (yanglint -t config) of the whole datastore.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStartupConfig, readStartupConfig } from '../../../adapters/yang/startup-config.js';
import { configureXml } from '../../../adapters/yang/xml.js';
import { loadPlatformSchema } from '../../../adapters/yang/schema-index.js';
import { loadTopology } from '../../../lab/emulated/topology.js';
import { YanglintSession } from '../../../lab/sim/yanglint-session.js';
import { devicesOf, topologyStartupConfigs } from '../../../lab/startup-configs.js';
import { projectRoot } from '../../../adapters/paths.js';
import { isisNet, underlayConfig, UNDERLAY_VLAN } from '../../../lab/underlay.js';
import type { YObject, YValue } from '../../../adapters/yang/tree.js';
import { checkPrerequisites } from '../../../controllers/prerequisites.js';
import { loadSources } from '../../../adapters/k8s/manifests.js';

const root = projectRoot();
const devicesFile = join(root, 'examples', '00-devices.yaml');
const devices = devicesOf(loadSources(devicesFile));
const dev = (n: string) => devices.find((d) => d.name === n)!;
const configs = join(root, 'lab', 'topologies', 'configs');
const sessions: YanglintSession[] = [];
afterAll(() => sessions.forEach((s) => s.close()));

describe('lab underlay', () => {
  it('SR OS PE: platform base, IS-IS advertising the locator, SRv6 with FPEs as netlab, iBGP VPN/EVPN to every peer', () => {
    const cfg = underlayConfig(dev('pe1'), devices, [{ port: '1/1/c3/1', peer: dev('pe2'), address: '10.1.0.0/31' }]);
    const lines = cfg.split('\n');
    for (const l of [
      '/configure card 1 mda 1 mda-type me12-100gb-qsfp28',
      '/configure port 1/1/c1 connector breakout c1-100g',
      '/configure port 1/1/c1/1 ethernet mode hybrid',
      '/configure port 1/1/c1/1 ethernet encap-type dot1q',
      '/configure port 1/1/c3/1 ethernet mode network',
      '/configure router "Base" interface "system" ipv4 primary address 10.0.0.1',
      '/configure router "Base" interface "core-pe2" port 1/1/c3/1',
      '/configure router "Base" isis 0 ipv6-routing native',
      '/configure router "Base" isis 0 segment-routing-v6 locator "loc1" level-capability 2',
      '/configure router "Base" segment-routing segment-routing-v6 origination-fpe [1]',
      '/configure router "Base" segment-routing segment-routing-v6 locator "loc1" static-function max-entries 1024',
      '/configure router "Base" segment-routing segment-routing-v6 locator "loc1" termination-fpe [2]',
      '/configure card 1 mda 1 xconnect mac 1 loopback 1',
      '/configure port-xc pxc 2 port-id 1/1/m1/2',
      '/configure fwd-path-ext fpe 1 application srv6 type origination',
      '/configure fwd-path-ext fpe 2 application srv6 type termination',
      '/configure router "Base" autonomous-system 65000',
      '/configure router "Base" bgp group "ibgp" family evpn true',
      '/configure router "Base" bgp neighbor "10.0.0.2" group "ibgp"',
      '/configure router "Base" bgp neighbor "10.0.1.1" group "ibgp"',
      '/configure router "Base" bgp segment-routing-v6 family ipv4 add-srv6-tlvs locator-name "loc1"',
    ])
      expect(lines).toContain(l);
    expect(cfg).not.toContain('neighbor "10.0.0.1"'); // not itself
  });

  it('SR OS PE: a leaf-facing link is a routed interface on the underlay VLAN of the hybrid port, in IS-IS point-to-point', () => {
    const cfg = underlayConfig(dev('pe1'), devices, [{ port: '1/1/c1/1', peer: dev('leaf1'), address: '10.1.0.2/31' }]);
    const lines = cfg.split('\n');
    for (const l of [
      '/configure port 1/1/c1/1 ethernet mode hybrid',
      '/configure port 1/1/c1/1 ethernet encap-type dot1q',
      `/configure router "Base" interface "fabric-leaf1" port 1/1/c1/1:${UNDERLAY_VLAN}`,
      '/configure router "Base" interface "fabric-leaf1" ipv4 primary address 10.1.0.2',
      '/configure router "Base" interface "fabric-leaf1" ipv4 primary prefix-length 31',
      '/configure router "Base" interface "fabric-leaf1" ipv6',
      '/configure router "Base" isis 0 interface "fabric-leaf1" interface-type point-to-point',
    ])
      expect(lines).toContain(l);
    expect(lines).not.toContain('/configure port 1/1/c1/1 ethernet mode network');
    const twice = [{ port: '1/1/c1/1', peer: dev('leaf1'), address: '10.1.0.2/31' }, { port: '1/1/c2/1', peer: dev('leaf1'), address: '10.1.0.4/31' }];
    expect(() => underlayConfig(dev('pe1'), devices, twice)).toThrow('NetworkDevice pe1: two routed links to leaf1');
  });

  it('IS-IS NET of a leaf: the area and a system ID from the system address, as SR OS derives its own', () => {
    expect(isisNet('10.0.1.1')).toBe('49.0001.0100.0000.1001.00');
    expect(isisNet('192.168.255.12')).toBe('49.0001.1921.6825.5012.00');
    expect(isisNet('10.0.1.2')).not.toBe(isisNet('10.0.0.2'));
  });

  it('takes FPE ids and the static range from the NetworkDevice', () => {
    const spec = structuredClone(dev('pe2').spec);
    spec.srv6!.originationFpe = [3];
    spec.srv6!.locators[0]!.terminationFpe = [4];
    spec.srv6!.locators[0]!.staticFunctionMaxEntries = 64;
    const cfg = underlayConfig({ name: 'pe2', spec }, []);
    expect(cfg).toContain('segment-routing-v6 origination-fpe [3]\n');
    expect(cfg).toContain('locator "loc1" termination-fpe [4]\n');
    expect(cfg).toContain('locator "loc1" static-function max-entries 64\n');
    expect(cfg).toContain('/configure fwd-path-ext fpe 4 application srv6 type termination\n');
    expect(cfg).toContain('/configure port-xc pxc 3 port-id 1/1/m1/3\n');
  });

  it('SR Linux leaf: tagged ports towards the PEs, system0, default network-instance with iBGP EVPN', () => {
    const cfg = underlayConfig(dev('leaf1'), devices, [
      { port: 'ethernet-1/1', peer: dev('pe1'), address: '10.1.0.3/31' },
      { port: 'ethernet-1/3', peer: dev('leaf2') },
    ]);
    const lines = cfg.split('\n');
    for (const l of [
      'set / interface ethernet-1/1 vlan-tagging true',
      'set / interface ethernet-1/2 vlan-tagging true',
      'set / interface system0 subinterface 0 ipv4 address 10.0.1.1/32',
      'set / network-instance default type default',
      'set / network-instance default interface system0.0',
      'set / network-instance default protocols bgp autonomous-system 65000',
      'set / network-instance default protocols bgp router-id 10.0.1.1',
      'set / network-instance default protocols bgp afi-safi evpn admin-state enable',
      'set / network-instance default protocols bgp group overlay afi-safi evpn admin-state enable',
      'set / network-instance default protocols bgp neighbor 10.0.0.1 peer-group overlay',
      // the routed underlay towards pe1 (netlab isis/srlinux.j2)
      'set / interface ethernet-1/1 subinterface 4090 type routed',
      'set / interface ethernet-1/1 subinterface 4090 vlan encap single-tagged vlan-id 4090',
      'set / interface ethernet-1/1 subinterface 4090 ipv4 address 10.1.0.3/31',
      'set / interface ethernet-1/1 subinterface 4090 ipv6 admin-state enable',
      'set / network-instance default interface ethernet-1/1.4090',
      'set / network-instance default protocols isis instance i1 admin-state enable',
      'set / network-instance default protocols isis instance i1 level-capability L2',
      'set / network-instance default protocols isis instance i1 net [49.0001.0100.0000.1001.00]',
      'set / network-instance default protocols isis instance i1 interface system0.0 passive true',
      'set / network-instance default protocols isis instance i1 interface ethernet-1/1.4090 circuit-type point-to-point',
      'set / network-instance default protocols isis instance i1 interface ethernet-1/1.4090 ipv4-unicast admin-state enable',
    ])
      expect(lines).toContain(l);
    expect(lines).not.toContain('set / interface ethernet-1/3 vlan-tagging true'); // leaf-leaf link
    expect(cfg).not.toContain('ethernet-1/3 subinterface'); // unrouted: no address
    expect(cfg).not.toContain('ethernet-1/2 subinterface'); // no link on the port
  });

  it('refuses a device without the addresses its underlay needs, naming it', () => {
    const spec = structuredClone(dev('leaf2').spec);
    delete spec.systemAddress;
    expect(() => underlayConfig({ name: 'leaf9', spec }, [])).toThrow('NetworkDevice leaf9: spec.systemAddress is needed for its underlay');
  });

  it('lab/topologies/configs/ holds exactly what gen:lab-configs writes', () => {
    const generated = topologyStartupConfigs(loadTopology(join(root, 'lab', 'topologies', 'netintent.clab.yml')), devices);
    expect([...generated.keys()].sort()).toEqual(['leaf1.cli', 'leaf2.cli', 'pe1.partial.cfg', 'pe2.partial.cfg']);
    for (const [file, text] of generated) expect(readFileSync(join(configs, file), 'utf8')).toBe(text);
    for (const topo of ['netintent.clab.yml', 'mini.clab.yml'])
      for (const n of loadTopology(join(root, 'lab', 'topologies', topo)).nodes.filter((x) => x.emulation !== 'none'))
        expect(n.startupConfig).toBe(`configs/${n.name}.${n.emulation === 'sros' ? 'partial.cfg' : 'cli'}`);
  });

  it('every PE-leaf link of the topology is an IS-IS adjacency on both ends, in one /31 on the underlay VLAN', async () => {
    const topo = loadTopology(join(root, 'lab', 'topologies', 'netintent.clab.yml'));
    const docs = new Map<string, YObject>();
    for (const n of topo.nodes.filter((x) => x.emulation !== 'none')) {
      docs.set(n.name, await readStartupConfig(n.emulation as 'sros' | 'srlinux', join(configs, `${n.name}.${n.emulation === 'sros' ? 'partial.cfg' : 'cli'}`)));
    }
    const list = (v: YValue | undefined) => (Array.isArray(v) ? (v as YObject[]) : []);
    const obj = (v: YValue | undefined) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as YObject;
    const peEnd = (pe: string, port: string) => {
      const base = list(obj(docs.get(pe)!['nokia-conf:configure']).router).find((r) => r['router-name'] === 'Base')!;
      const itf = list(base.interface).find((i) => i.port === `${port}:${UNDERLAY_VLAN}`);
      const isis = list(base.isis).find((i) => i['isis-instance'] === 0)!;
      const adj = itf && list(isis.interface).find((i) => i['interface-name'] === itf['interface-name']);
      const primary = obj(obj(itf?.ipv4).primary);
      return { address: `${String(primary.address)}/${String(primary['prefix-length'])}`, adj, level: isis['level-capability'], area: isis['area-address'] };
    };
    const leafEnd = (leaf: string, port: string) => {
      const doc = docs.get(leaf)!;
      const sub = list(list(doc['srl_nokia-interfaces:interface']).find((i) => i.name === port)?.subinterface).find((x) => x.index === UNDERLAY_VLAN);
      const ni = list(doc['srl_nokia-network-instance:network-instance']).find((n) => n.name === 'default')!;
      const isis = list(obj(obj(ni.protocols)['srl_nokia-isis:isis']).instance)[0]!;
      const name = `${port}.${UNDERLAY_VLAN}`;
      return {
        sub,
        address: String(list(obj(sub?.ipv4).address)[0]?.['ip-prefix']),
        inInstance: list(ni.interface).some((i) => i.name === name),
        adj: list(isis.interface).find((i) => i['interface-name'] === name),
        level: isis['level-capability'],
        net: (isis.net as string[])[0]!,
      };
    };
    const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    const peLeaf = topo.links.filter((l) => [l.a, l.z].some((e) => e.node.startsWith('pe')) && [l.a, l.z].some((e) => e.node.startsWith('leaf')));
    expect(peLeaf).toHaveLength(4);
    const nets = new Set<string>();
    for (const l of peLeaf) {
      const [p, f] = l.a.node.startsWith('pe') ? [l.a, l.z] : [l.z, l.a];
      const pe = peEnd(p.node, p.interface);
      const leaf = leafEnd(f.node, f.interface);
      const what = `${p.node}:${p.interface} - ${f.node}:${f.interface}`;
      expect([what, pe.adj?.['interface-type'], leaf.adj?.['circuit-type']]).toEqual([what, 'point-to-point', 'point-to-point']);
      expect([what, obj(obj(leaf.sub?.['srl_nokia-interfaces-vlans:vlan']).encap)]).toEqual([what, { 'single-tagged': { 'vlan-id': UNDERLAY_VLAN } }]);
      expect([what, leaf.inInstance, obj(leaf.adj?.['ipv4-unicast'])['admin-state'], obj(leaf.sub?.ipv6)['admin-state']]).toEqual([what, true, 'enable', 'enable']);
      // one /31: same network, two different hosts
      const [pa, plen] = pe.address.split('/');
      const [la, llen] = leaf.address.split('/');
      expect([what, plen, llen]).toEqual([what, '31', '31']);
      expect([what, toInt(pa!) >> 1, toInt(pa!) === toInt(la!)]).toEqual([what, toInt(la!) >> 1, false]);
      // both ends level 2 in the same area
      expect([what, pe.level, leaf.level, leaf.net.startsWith(`${(pe.area as string[])[0]}.`)]).toEqual([what, '2', 'L2', true]);
      nets.add(leaf.net);
    }
    expect(nets.size).toBe(2); // leaf1, leaf2: distinct system IDs
    // and what netintent checks before its first push holds on every node's startup config
    for (const [node, doc] of docs) expect([node, checkPrerequisites(dev(node).spec, doc).missing]).toEqual([node, []]);
  });

  it('every generated startup config passes full validation (yanglint -t config)', async () => {
    const sros = new YanglintSession('sros');
    const srl = new YanglintSession('srlinux');
    sessions.push(sros, srl);
    const keys = (await loadPlatformSchema('sros')).index;
    for (const file of ['pe1.partial.cfg', 'pe2.partial.cfg']) {
      const doc = await readStartupConfig('sros', join(configs, file));
      expect([file, await sros.validate(configureXml(doc, { keysOf: (p) => keys.get(p)?.keys }), 'xml')]).toEqual([file, []]);
    }
    for (const file of ['leaf1.cli', 'leaf2.cli']) {
      const doc = await readStartupConfig('srlinux', join(configs, file));
      expect([file, await srl.validate(JSON.stringify(doc), 'json')]).toEqual([file, []]);
    }
    // and full validation does judge: a dangling locator reference fails
    const broken = readFileSync(join(configs, 'pe1.partial.cfg'), 'utf8').replace('add-srv6-tlvs locator-name "loc1"', 'add-srv6-tlvs locator-name "nope"');
    const doc = parseStartupConfig('sros', broken, await loadPlatformSchema('sros'));
    expect((await sros.validate(configureXml(doc, { keysOf: (p) => keys.get(p)?.keys }), 'xml'))[0]).toContain('Invalid leafref value "nope"');
    // and the SR Linux IS-IS model is loaded and judged: a malformed NET fails its pattern
    const badNet = readFileSync(join(configs, 'leaf1.cli'), 'utf8').replace('net [49.0001.0100.0000.1001.00]', 'net [49.0001.0100.00]');
    const leafDoc = parseStartupConfig('srlinux', badNet, await loadPlatformSchema('srlinux'));
    expect((await srl.validate(JSON.stringify(leafDoc), 'json')).join('\n')).toMatch(/Unsatisfied pattern - "49\.0001\.0100\.00".*isis:isis\/instance\[name='i1'\]\/net/);
  });
});
