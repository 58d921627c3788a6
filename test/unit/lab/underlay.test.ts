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
import { projectRoot } from '../../../lab/stack/paths.js';
import { underlayConfig } from '../../../lab/underlay.js';

const root = projectRoot();
const devicesFile = join(root, 'examples', '00-devices.yaml');
const devices = devicesOf(readFileSync(devicesFile, 'utf8'), devicesFile);
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
      { port: 'ethernet-1/1', peer: dev('pe1') },
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
    ])
      expect(lines).toContain(l);
    expect(lines).not.toContain('set / interface ethernet-1/3 vlan-tagging true'); // leaf-leaf link
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
  });
});
