// Reference tests: L3VPN services (VRF over MPLS, PE-CE eBGP) as published, working labs
// configure them. Each test names the repository and file, and asserts that netintent's
// rendering carries the same statements, modulo names and allocated values. (The SRv6 part
// of the SR OS SRv6 L3VPN demo is covered by the SRv6 reference test.)
import { describe, expect, it } from '@jest/globals';
import { device as anyDevice, render, src } from '../../support/render.js';

const device = (name: string, platform: 'sros' | 'srlinux', n: number) => anyDevice(name, platform, n, { asNumber: 64500, systemAddress: `192.0.2.${n}` });

describe('VRF over MPLS on SR OS: ipspace/netlab netsim/ansible/templates/vxlan/sros.j2 (vprn bgp-ipvpn mpls)', () => {
  // vprn { bgp-ipvpn { mpls { admin-state enable route-distinguisher <rd>
  //        vrf-target { export-community import-community } auto-bind-tunnel { resolution any } } } }
  const doc = render(
    device('pe1', 'sros', 1),
    src('VRF', 'red', {
      customer: '1',
      routeTargets: { import: 'target:64500:10', export: 'target:64500:10' },
      endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 10, ipv4: '10.1.0.1/24' }],
    }),
  )('pe1');

  it('has bgp-ipvpn mpls with a per-PE RD, the vrf-target and auto-bind-tunnel', () => {
    const vprn = doc['nokia-conf:configure'].service.vprn[0];
    expect(vprn).toMatchObject({ customer: '1', 'admin-state': 'enable' });
    const mpls = vprn['bgp-ipvpn'].mpls;
    expect(mpls).toMatchObject({
      'admin-state': 'enable',
      'vrf-target': { 'export-community': 'target:64500:10', 'import-community': 'target:64500:10' },
      'auto-bind-tunnel': { resolution: 'any' },
    });
    expect(mpls['route-distinguisher']).toMatch(/^(192\.0\.2\.1|64500):\d+$/);
    expect(vprn.interface[0]).toMatchObject({ sap: [{ 'sap-id': '1/1/c1/1:10' }], ipv4: { primary: { address: '10.1.0.1', 'prefix-length': 24 } } });
  });
});

describe('VRF over MPLS on SR Linux: ipspace/netlab netsim/ansible/templates/mpls/srlinux/vpn.j2', () => {
  // network-instance <vrf> protocols bgp-ipvpn bgp-instance 1 { admin-state enable
  //   mpls { next-hop-resolution { allowed-tunnel-types [ ldp, sr-isis ] } } }
  const doc = render(
    device('leaf1', 'srlinux', 11),
    src('VRF', 'red', { routeTargets: { import: 'target:64500:10', export: 'target:64500:10' }, endpoints: [{ device: 'leaf1', port: 'ethernet-1/3', vlan: 10, ipv4: '10.1.1.1/24' }] }),
  )('leaf1');

  it('has bgp-ipvpn with encapsulation mpls and the allowed tunnel types', () => {
    const ni = doc['srl_nokia-network-instance:network-instance'][0];
    expect(ni.protocols['bgp-ipvpn']['srl_nokia-bgp-ipvpn:bgp-instance'][0]).toEqual({
      id: 1,
      'admin-state': 'enable',
      'encapsulation-type': 'mpls',
      mpls: { 'next-hop-resolution': { 'allowed-tunnel-types': ['srl_nokia-common:ldp', 'srl_nokia-common:sr-isis'] } },
    });
  });
});

describe('PE-CE eBGP on SR OS: cloud-native-everything/containerlab-srv6-l3vpn-demo clab-srv6-demo/R1/tftpboot/config.txt', () => {
  // vprn "4" { autonomous-system 64500
  //   bgp { admin-state enable  group "ebgp" { admin-state enable peer-as 64514 }
  //         neighbor "192.168.4.2" { group "ebgp" family { ipv4 true } export { policy ["vrf4-ebgp-export"] } }
  //         neighbor "2001:db8:3001:104::2" { group "ebgp" family { ipv6 true } export { policy [...] } } }
  //   interface "PE-to-CE" { ipv4 primary 192.168.4.1/30 ipv6 address 2001:db8:3001:104::1/126 } }
  // policy-statement "vrf4-ebgp-export" { entry 10 { from { protocol { name [bgp-vpn] } } action { action-type accept } } }
  // policy-statement "RFC8212-allow-eBGP-import" { default-action { action-type accept } }
  const doc = render(
    device('r1', 'sros', 1),
    src('VRF', 'vrf4', {
      customer: '1',
      routeTargets: { import: 'target:64500:4', export: 'target:64500:4' },
      endpoints: [
        {
          device: 'r1',
          port: '1/1/c3/1',
          vlan: 4,
          ipv4: '192.168.4.1/30',
          ipv6: '2001:db8:3001:104::1/126',
          bgp: { peerAddress: '192.168.4.2', peerAs: 64514 },
        },
        { device: 'r1', port: '1/1/c3/1', vlan: 5, ipv6: '2001:db8:3001:105::1/126', bgp: { peerAddress: '2001:db8:3001:105::2', peerAs: 64514 } },
      ],
    }),
  )('r1');
  const conf = doc['nokia-conf:configure'];
  const vprn = conf.service.vprn[0];

  it('runs eBGP in the vprn with its AS, a group, and a neighbor per CE address with its family', () => {
    expect(vprn['autonomous-system']).toBe(64500);
    expect(vprn.bgp['admin-state']).toBe('enable');
    expect(vprn.bgp.group).toEqual([{ 'group-name': 'ce', 'admin-state': 'enable' }]);
    expect(vprn.bgp.neighbor).toEqual([
      expect.objectContaining({ 'ip-address': '192.168.4.2', group: 'ce', 'peer-as': 64514, family: { ipv4: true } }),
      expect.objectContaining({ 'ip-address': '2001:db8:3001:105::2', group: 'ce', 'peer-as': 64514, family: { ipv6: true } }),
    ]);
  });

  it('exports the VPN routes to the CE and imports from it through policies it renders', () => {
    const statements = Object.fromEntries(conf['policy-options']['policy-statement'].map((p: any) => [p.name, p]));
    const [n] = vprn.bgp.neighbor;
    const exp = statements[n.export.policy[0]];
    expect(exp.entry[0]).toMatchObject({ from: { protocol: { name: expect.arrayContaining(['bgp-vpn']) } }, action: { 'action-type': 'accept' } });
    expect(statements[n.import.policy[0]]['default-action']).toEqual({ 'action-type': 'accept' });
  });
});
