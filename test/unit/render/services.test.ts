// VRF / VPLS rules that depend on the devices' platforms, PE-CE routing, and the small
// router-facing details: interface-name length, customer-id, double-tagged subinterfaces,
// endpoint conflicts in offline render, EVIs without asNumber.
import { describe, expect, it } from '@jest/globals';
import { resolve } from '../../../adapters/render/resolve.js';
import { interfaceName } from '../../../adapters/render/sros/common.js';
import { device, documentOf, src } from '../../support/render.js';

const pe = (name: string, extra: object = {}) => device(name, 'sros', 1, { asNumber: 65000, systemAddress: `10.0.0.${name.length}`, ...extra });
const leaf = (name: string, extra: object = {}) => device(name, 'srlinux', 9, { asNumber: 65000, systemAddress: '10.0.1.1', ...extra });
const docOf = documentOf;
const l2 = (device: string, port: string, vlan?: number, innerVlan?: number) => ({ device, port, vlan, innerVlan });

describe('EVPN data plane across platforms', () => {
  const vpls = (evpn: object, extra: object = {}) =>
    src('VPLS', 'v', { endpoints: [l2('pe1', '1/1/c2/1', 200), l2('leaf1', 'ethernet-1/1', 200)], evpn: { evi: 200, ...evpn }, ...extra });

  it('renders VXLAN on the SR OS members of a VPLS that has SR Linux members', () => {
    const r = resolve([pe('pe1'), leaf('leaf1'), vpls({ vni: 10200 })]);
    expect(r.errors).toEqual([]);
    const v = docOf(r, 'pe1')['nokia-conf:configure'].service.vpls[0];
    expect(v.vxlan).toEqual({ instance: [{ 'vxlan-instance': 1, vni: 10200 }] });
    expect(v['bgp-evpn']).toEqual({ evi: 200, vxlan: [{ 'bgp-instance': 1, 'vxlan-instance': 1, 'admin-state': 'enable' }] });
    expect(v['bgp-evpn'].mpls).toBeUndefined();
    const ni = docOf(r, 'leaf1')['srl_nokia-network-instance:network-instance'][0];
    expect(ni['vxlan-interface']).toEqual([{ name: 'vxlan1.10200' }]);
  });

  it('keeps EVPN-MPLS for SR OS-only VPLSs and honours an explicit vxlan there', () => {
    const mpls = resolve([pe('pe1'), pe('pe22'), src('VPLS', 'v', { endpoints: [l2('pe1', '1/1/c2/1', 5), l2('pe22', '1/1/c2/1', 5)], evpn: { evi: 5 } })]);
    expect(docOf(mpls, 'pe1')['nokia-conf:configure'].service.vpls[0]['bgp-evpn'].mpls).toHaveLength(1);
    const vx = resolve([pe('pe1'), src('VPLS', 'v', { endpoints: [l2('pe1', '1/1/c2/1', 5)], evpn: { evi: 5, encapsulation: 'vxlan' } })]);
    expect(docOf(vx, 'pe1')['nokia-conf:configure'].service.vpls[0].vxlan.instance[0].vni).toBe(5);
  });

  it('refuses SR Linux with MPLS or SRv6, and a VNI without VXLAN, naming the field and the device', () => {
    expect(resolve([pe('pe1'), leaf('leaf1'), vpls({ encapsulation: 'mpls' })]).errors[0]).toMatchObject({
      field: 'spec.evpn.encapsulation',
      message: expect.stringContaining('leaf1 is SR Linux'),
    });
    expect(resolve([pe('pe1'), leaf('leaf1'), vpls({}, { srv6: { locator: 'loc1' } })]).errors[0]).toMatchObject({
      field: 'spec.srv6',
      message: expect.stringContaining('SR OS only'),
    });
    const onlyPe = src('VPLS', 'v', { endpoints: [l2('pe1', '1/1/c2/1', 5)], evpn: { evi: 5, vni: 7 } });
    expect(resolve([pe('pe1'), onlyPe]).errors[0]).toMatchObject({ field: 'spec.evpn.vni', message: expect.stringContaining('MPLS') });
  });

  it('refuses an EVPN-VXLAN VRF on SR OS with the reason (no R-VPLS + evpn-tunnel)', () => {
    const v = src('VRF', 'w', {
      endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 3, ipv4: '10.3.0.1/24' }, { device: 'leaf1', port: 'ethernet-1/1', vlan: 3, ipv4: '10.3.1.1/24' }],
      evpnVxlan: { vni: 3000 },
    });
    const r = resolve([pe('pe1'), leaf('leaf1'), v]);
    expect(r.errors[0]).toMatchObject({ field: 'spec.evpnVxlan', message: expect.stringContaining('evpn-tunnel') });
    expect(r.devices.flatMap((d) => d.fragments)).toEqual([]);
  });

  it('takes an explicit EVI with explicit RTs on devices without asNumber', () => {
    const r = resolve([
      leaf('leaf1', { asNumber: undefined }),
      src('VPLS', 'v', { endpoints: [l2('leaf1', 'ethernet-1/1', 9)], evpn: { evi: 9, routeTargets: { import: 'target:65001:9', export: 'target:65001:9' } } }),
    ]);
    expect(r.errors).toEqual([]);
    const without = resolve([leaf('leaf1', { asNumber: undefined }), src('VPLS', 'v', { endpoints: [l2('leaf1', 'ethernet-1/1', 9)], evpn: { evi: 9 } })]);
    expect(without.errors[0]).toMatchObject({ field: 'spec.evpn.routeTargets', message: expect.stringContaining('asNumber') });
  });
});

describe('endpoints', () => {
  it('renders SR Linux Q-in-Q as a double-tagged subinterface with an index above the VLAN range', () => {
    const r = resolve([leaf('leaf1'), src('VPLS', 'v', { endpoints: [l2('leaf1', 'ethernet-1/1', 20, 30), l2('leaf1', 'ethernet-1/1', 20)] })]);
    expect(r.errors).toEqual([]);
    const subs = docOf(r, 'leaf1')['srl_nokia-interfaces:interface'][0].subinterface;
    const dbl = subs.find((s: any) => s['srl_nokia-interfaces-vlans:vlan'].encap['double-tagged']);
    expect(dbl['srl_nokia-interfaces-vlans:vlan'].encap['double-tagged']).toEqual({ 'outer-vlan-id': 20, 'inner-vlan-id': 30 });
    expect(dbl.index).toBeGreaterThan(4094);
    expect(subs.map((s: any) => s.index)).toContain(20);
  });

  it('names VPRN interfaces within SR OS 32 characters, starting with a letter', () => {
    const longest = `lag-${'a'.repeat(23)}`;
    expect(interfaceName(longest, 4094)).toHaveLength(32);
    expect(interfaceName('1/x1/1/c999/999', 4094)).toBe('if-1/x1/1/c999/999-4094');
    const r = resolve([pe('pe1'), src('VRF', 'v', { endpoints: [{ device: 'pe1', port: longest, vlan: 4094, ipv4: '10.0.0.1/24' }] })]);
    expect(docOf(r, 'pe1')['nokia-conf:configure'].service.vprn[0].interface[0]['interface-name']).toBe(`${longest}-4094`);
  });

  it('refuses, offline too, an endpoint an older service holds', () => {
    const a = src('VRF', 'a', { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 10, ipv4: '10.0.0.1/24' }] });
    const b = src('VPLS', 'b', { endpoints: [l2('pe1', '1/1/c1/1', 10)] });
    // Without creation times (manifests), kind/namespace/name decides, as in the controller.
    const r = resolve([pe('pe1'), a, b]);
    expect(r.errors).toEqual([
      { origin: 'test.yaml#a', object: 'VRF default/a', field: 'spec.endpoints[0]', message: '1/1/c1/1 VLAN 10 on pe1 is already used by VPLS default/b', cause: 'invalid' },
    ]);
    expect(docOf(r, 'pe1')['nokia-conf:configure'].service.vpls[0]['service-name']).toBe('b');
    // Creation time decides before names do.
    const older = src('VRF', 'a', { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 10, ipv4: '10.0.0.1/24' }] }, { creationTimestamp: '2026-01-01T00:00:00Z' });
    expect(resolve([pe('pe1'), older, b]).errors[0]).toMatchObject({ object: 'VPLS default/b', message: expect.stringContaining('VRF default/a') });
  });
});

describe('SR OS customers', () => {
  const vpls = (spec: object) => src('VPLS', 'v', { endpoints: [l2('pe1', '1/1/c2/1', 5)], ...spec });
  it('uses a numeric name as the customer-id, customerId otherwise, and refuses neither', () => {
    const customer = (r: ReturnType<typeof resolve>) => docOf(r, 'pe1')['nokia-conf:configure'].service.customer[0];
    expect(customer(resolve([pe('pe1'), vpls({ customer: '42' })]))).toEqual({ 'customer-name': '42', 'customer-id': 42 });
    expect(customer(resolve([pe('pe1'), vpls({ customer: 'acme', customerId: 7 })]))).toEqual({ 'customer-name': 'acme', 'customer-id': 7 });
    expect(resolve([pe('pe1'), vpls({ customer: 'acme' })]).errors[0]).toMatchObject({ field: 'spec.customerId', message: expect.stringContaining('customer-id') });
  });
});

describe('PE-CE routing', () => {
  const vrf = (endpoint: object, extra: object = {}) =>
    src('VRF', 'v', { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 10, ipv4: '10.0.0.1/30', ...endpoint }], ...extra });

  it('renders eBGP and static routes in the SR OS vprn, and the policies the neighbor names', () => {
    const r = resolve([pe('pe1'), vrf({ bgp: { peerAddress: '10.0.0.2', peerAs: 64514 }, staticRoutes: [{ prefix: '10.9.0.0/16', nextHop: '10.0.0.2' }] })]);
    expect(r.errors).toEqual([]);
    const conf = docOf(r, 'pe1')['nokia-conf:configure'];
    const vprn = conf.service.vprn[0];
    expect(vprn['autonomous-system']).toBe(65000);
    expect(vprn.bgp.neighbor[0]).toMatchObject({ 'ip-address': '10.0.0.2', group: 'ce', 'peer-as': 64514, family: { ipv4: true } });
    const names = [...vprn.bgp.neighbor[0].import.policy, ...vprn.bgp.neighbor[0].export.policy];
    expect(conf['policy-options']['policy-statement'].map((p: any) => p.name).sort()).toEqual([...names].sort());
    expect(vprn['static-routes'].route).toEqual([
      { 'ip-prefix': '10.9.0.0/16', 'route-type': 'unicast', 'next-hop': [{ 'ip-address': '10.0.0.2', 'admin-state': 'enable' }] },
    ]);
  });

  it('renders eBGP and static routes in the SR Linux ip-vrf with routing policies', () => {
    const v = src('VRF', 'w', {
      endpoints: [
        { device: 'leaf1', port: 'ethernet-1/1', vlan: 3, ipv4: '10.3.0.1/24', bgp: { peerAddress: '10.3.0.2', peerAs: 64600, export: 'reject-all' }, staticRoutes: [{ prefix: '10.8.0.0/16', nextHop: '10.3.0.3' }] },
      ],
      evpnVxlan: { vni: 3000 },
    });
    const r = resolve([leaf('leaf1'), v]);
    expect(r.errors).toEqual([]);
    const doc = docOf(r, 'leaf1');
    const ni = doc['srl_nokia-network-instance:network-instance'][0];
    const bgp = ni.protocols['srl_nokia-bgp:bgp'];
    expect(bgp).toMatchObject({ 'autonomous-system': 65000, 'router-id': '10.0.1.1' });
    expect(bgp.neighbor[0]).toMatchObject({ 'peer-address': '10.3.0.2', 'peer-group': 'ce', 'peer-as': 64600, 'export-policy': ['netintent-ce-reject-all'] });
    expect(ni['srl_nokia-static-routes:static-routes'].route[0]).toMatchObject({ prefix: '10.8.0.0/16', 'next-hop-group': 'static-10.8.0.0_16' });
    expect(ni['srl_nokia-next-hop-groups:next-hop-groups'].group[0].nexthop[0]['ip-address']).toBe('10.3.0.3');
    expect(doc['srl_nokia-routing-policy:routing-policy'].policy.map((p: any) => p.name).sort()).toEqual(['netintent-ce-accept-all', 'netintent-ce-reject-all']);
  });

  it('refuses what the router could not run, naming the field', () => {
    expect(resolve([pe('pe1'), vrf({ bgp: { peerAddress: '2001:db8::2', peerAs: 1 } })]).errors[0]).toMatchObject({ field: 'spec.endpoints[0].bgp.peerAddress' });
    expect(resolve([pe('pe1'), vrf({ staticRoutes: [{ prefix: '2001:db8::/32', nextHop: '10.0.0.2' }] })]).errors[0]).toMatchObject({
      field: 'spec.endpoints[0].staticRoutes[0].nextHop',
    });
    expect(resolve([pe('pe1', { asNumber: undefined }), vrf({ bgp: { peerAddress: '10.0.0.2', peerAs: 1 } }, { routeDistinguisher: '10.0.0.3:1', routeTargets: { import: 'target:1:1', export: 'target:1:1' } })]).errors[0]).toMatchObject({
      field: 'spec.endpoints[0].bgp',
      message: expect.stringContaining('asNumber'),
    });
  });
});
