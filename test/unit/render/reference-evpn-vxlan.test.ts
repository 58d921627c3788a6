// Reference tests: EVPN-VXLAN services as published, working labs configure them. Each test
// names the repository and file, and asserts that netintent's rendering carries the same
// statements, modulo names and allocated values.
import { describe, expect, it } from '@jest/globals';
import { device as anyDevice, render, src } from '../../support/render.js';

const device = (name: string, platform: 'sros' | 'srlinux', n: number) => anyDevice(name, platform, n, { asNumber: 100, systemAddress: `10.0.0.${n}` });

describe('SR Linux EVPN-VXLAN mac-vrf: srl-labs/srl-evpn-mh-lab configs/leaf3.cfg', () => {
  // set / interface ethernet-1/1 vlan-tagging true
  // set / interface ethernet-1/1 subinterface 0 type bridged / admin-state enable / vlan encap untagged
  // set / network-instance mac-vrf-1 type mac-vrf / admin-state enable / interface ethernet-1/1.0
  // set / network-instance mac-vrf-1 vxlan-interface vxlan1.1
  // set / network-instance mac-vrf-1 protocols bgp-evpn bgp-instance 1 admin-state enable / vxlan-interface vxlan1.1 / evi 111
  // set / network-instance mac-vrf-1 protocols bgp-vpn bgp-instance 1 route-target export-rt/import-rt target:100:111
  // set / tunnel-interface vxlan1 vxlan-interface 1 type bridged / ingress vni 1
  const doc = render(
    device('leaf3', 'srlinux', 3),
    src('VPLS', 'mac-vrf-1', { endpoints: [{ device: 'leaf3', port: 'ethernet-1/1' }], evpn: { evi: 111, vni: 1 } }),
  )('leaf3');

  it('has the bridged untagged subinterface on a vlan-tagging port', () => {
    const port = doc['srl_nokia-interfaces:interface'][0];
    expect(port['srl_nokia-interfaces-vlans:vlan-tagging']).toBe(true);
    expect(port.subinterface[0]).toMatchObject({
      index: 0,
      type: 'srl_nokia-interfaces:bridged',
      'admin-state': 'enable',
      'srl_nokia-interfaces-vlans:vlan': { encap: { untagged: {} } },
    });
  });

  it('has the mac-vrf with its interface, vxlan-interface, bgp-evpn and bgp-vpn route targets', () => {
    const ni = doc['srl_nokia-network-instance:network-instance'][0];
    expect(ni).toMatchObject({ type: 'srl_nokia-network-instance:mac-vrf', 'admin-state': 'enable', interface: [{ name: 'ethernet-1/1.0' }], 'vxlan-interface': [{ name: 'vxlan1.1' }] });
    expect(ni.protocols['bgp-evpn']['srl_nokia-bgp-evpn:bgp-instance'][0]).toMatchObject({ id: 1, 'admin-state': 'enable', 'vxlan-interface': 'vxlan1.1', evi: 111 });
    expect(ni.protocols['srl_nokia-bgp-vpn:bgp-vpn']['bgp-instance'][0]['route-target']).toEqual({ 'export-rt': 'target:100:111', 'import-rt': 'target:100:111' });
  });

  it('has the VXLAN tunnel interface with the VNI', () => {
    const t = doc['srl_nokia-tunnel-interfaces:tunnel-interface'][0];
    expect(t.name).toBe('vxlan1');
    expect(t['vxlan-interface'][0]).toEqual({ index: 1, type: 'srl_nokia-interfaces:bridged', ingress: { vni: 1 } });
  });
});

describe('SR Linux EVPN-VXLAN ip-vrf: ipspace/netlab netsim/ansible/templates/vxlan/srlinux.j2', () => {
  // tunnel-interface vxlan-interface {type routed, ingress vni}; network-instance {type ip-vrf,
  // vxlan-interface, protocols bgp-vpn bgp-instance 1 route-target import-rt/export-rt,
  // bgp-evpn bgp-instance 1 evi + vxlan-interface}
  const doc = render(
    device('leaf1', 'srlinux', 1),
    src('VRF', 'tenant', {
      endpoints: [{ device: 'leaf1', port: 'ethernet-1/1', vlan: 10, ipv4: '172.16.0.1/24' }],
      evpnVxlan: { vni: 5000 },
      routeTargets: { import: 'target:100:5000', export: 'target:100:5000' },
    }),
  )('leaf1');

  it('has the routed VXLAN interface and the ip-vrf bound to it over bgp-evpn, with the RTs', () => {
    expect(doc['srl_nokia-tunnel-interfaces:tunnel-interface'][0]['vxlan-interface'][0]).toEqual({ index: 5000, type: 'srl_nokia-interfaces:routed', ingress: { vni: 5000 } });
    const ni = doc['srl_nokia-network-instance:network-instance'][0];
    expect(ni.type).toBe('srl_nokia-network-instance:ip-vrf');
    expect(ni['vxlan-interface']).toEqual([{ name: 'vxlan1.5000' }]);
    const evpn = ni.protocols['bgp-evpn']['srl_nokia-bgp-evpn:bgp-instance'][0];
    expect(evpn).toMatchObject({ id: 1, 'vxlan-interface': 'vxlan1.5000' });
    expect(evpn.evi).toEqual(expect.any(Number));
    expect(ni.protocols['srl_nokia-bgp-vpn:bgp-vpn']['bgp-instance'][0]['route-target']).toEqual({ 'import-rt': 'target:100:5000', 'export-rt': 'target:100:5000' });
  });
});

describe('mixed SR OS + SR Linux VPLS: ipspace/netlab netsim/ansible/templates/vxlan/sros.j2 (+ evpn/sros.j2)', () => {
  // SR OS: vpls { vxlan { instance 1 { vni N } } bgp 1 { route-target export/import }
  //               bgp-evpn { evi E vxlan 1 { vxlan-instance 1 admin-state enable } } }
  // SR Linux: the mac-vrf of srl-labs/srl-evpn-mh-lab (above), same VNI, EVI and RTs.
  const doc = render(
    device('pe1', 'sros', 1),
    device('leaf1', 'srlinux', 11),
    src('VPLS', 'vlan100', {
      endpoints: [{ device: 'pe1', port: '1/1/c2/1', vlan: 100 }, { device: 'leaf1', port: 'ethernet-1/1', vlan: 100 }],
      evpn: { evi: 100, vni: 10100 },
    }),
  );

  it('renders EVPN-VXLAN on the SR OS PE, never MPLS', () => {
    const vpls = doc('pe1')['nokia-conf:configure'].service.vpls[0];
    expect(vpls.vxlan).toEqual({ instance: [{ 'vxlan-instance': 1, vni: 10100 }] });
    expect(vpls.bgp[0]).toMatchObject({ 'bgp-instance': 1, 'route-target': { export: 'target:100:100', import: 'target:100:100' } });
    expect(vpls['bgp-evpn']).toEqual({ evi: 100, vxlan: [{ 'bgp-instance': 1, 'vxlan-instance': 1, 'admin-state': 'enable' }] });
  });

  it('uses the same VNI, EVI and RTs on the SR Linux leaf', () => {
    const ni = doc('leaf1')['srl_nokia-network-instance:network-instance'][0];
    expect(doc('leaf1')['srl_nokia-tunnel-interfaces:tunnel-interface'][0]['vxlan-interface'][0].ingress).toEqual({ vni: 10100 });
    expect(ni.protocols['bgp-evpn']['srl_nokia-bgp-evpn:bgp-instance'][0].evi).toBe(100);
    expect(ni.protocols['srl_nokia-bgp-vpn:bgp-vpn']['bgp-instance'][0]['route-target']).toEqual({ 'export-rt': 'target:100:100', 'import-rt': 'target:100:100' });
  });
});
