import { describe, expect, it } from '@jest/globals';
import { xmlToTree } from '../../../devices/drivers/netconf-driver.js';
import type { YObject } from '../../../adapters/yang/tree.js';
import { checkPrerequisites, prerequisitePaths, requirementsFor, type PrerequisiteSpec } from '../../../controllers/prerequisites.js';

// SR OS configs as NETCONF get-config returns them (XML → tree: strings, and a list of one
// entry may be a single object), shaped after the lab underlay (ipspace/netlab
// netsim/ansible/templates/srv6/sros.j2: fwd-path-ext fpe 1 origination, fpe 2 termination).
const srosXml = (o: { isis?: string; bgp?: string; srv6?: string; fpe?: string } = {}) =>
  xmlToTree(
    `<configure xmlns="urn:nokia.com:sros:ns:yang:sr:conf">` +
      `<router><router-name>Base</router-name>${o.isis ?? ''}${o.bgp ?? ''}<segment-routing>${o.srv6 ?? ''}</segment-routing></router>` +
      `${o.fpe ?? ''}</configure>`,
  );

const ISIS = `<isis><isis-instance>0</isis-instance><admin-state>enable</admin-state>
  <segment-routing-v6><admin-state>enable</admin-state><locator><locator-name>loc1</locator-name></locator></segment-routing-v6></isis>`;
const BGP = `<bgp><group><group-name>ibgp</group-name><family><vpn-ipv4>true</vpn-ipv4><vpn-ipv6>true</vpn-ipv6><evpn>true</evpn></family></group>
  <neighbor><ip-address>10.0.0.2</ip-address><group>ibgp</group></neighbor></bgp>`;
const SRV6 = `<segment-routing-v6><origination-fpe>1</origination-fpe><source-address>fc00::1</source-address>
  <locator><locator-name>loc1</locator-name><termination-fpe>2</termination-fpe></locator></segment-routing-v6>`;
const FPE = `<fwd-path-ext><fpe><fpe-id>1</fpe-id><path><pxc>1</pxc></path><application><srv6><type>origination</type></srv6></application></fpe>
  <fpe><fpe-id>2</fpe-id><path><pxc>2</pxc></path><application><srv6><type>termination</type></srv6></application></fpe></fwd-path-ext>`;
const UNDERLAY = { isis: ISIS, bgp: BGP, srv6: SRV6, fpe: FPE };

const pe: PrerequisiteSpec = { platform: 'sros', srv6: { locators: [{ name: 'loc1' }] } };

describe('SR OS prerequisites', () => {
  it('are met by the lab underlay (IS-IS locator, FPEs listed on the device, BGP families)', () => {
    const r = checkPrerequisites(pe, srosXml(UNDERLAY));
    expect(r.missing).toEqual([]);
    expect(r.met).toEqual(['IS-IS advertises SRv6 locator "loc1"', 'SRv6 origination FPE', 'SRv6 termination FPE of locator "loc1"', 'BGP families vpn-ipv4, vpn-ipv6, evpn']);
  });

  it('name a locator IS-IS does not advertise, and what to configure', () => {
    const r = checkPrerequisites(pe, srosXml({ ...UNDERLAY, isis: '' }));
    expect(r.missing).toEqual(['no IS-IS instance advertises SRv6 locator "loc1": configure `/configure router "Base" isis <n> segment-routing-v6 locator "loc1"`']);
  });

  it('see a listed locator whose IS-IS SRv6 or instance is disabled', () => {
    const srv6Off = checkPrerequisites(pe, srosXml({ ...UNDERLAY, isis: ISIS.replace('<admin-state>enable</admin-state><locator>', '<locator>') }));
    expect(srv6Off.missing).toEqual([expect.stringContaining('isis 0 segment-routing-v6 admin-state enable')]);
    const instanceOff = checkPrerequisites(pe, srosXml({ ...UNDERLAY, isis: ISIS.replace('<admin-state>enable</admin-state>\n', '') }));
    expect(instanceOff.missing).toEqual([expect.stringContaining('IS-IS instance 0 lists SRv6 locator "loc1" but is disabled')]);
  });

  it('check every declared locator', () => {
    const two: PrerequisiteSpec = { platform: 'sros', srv6: { originationFpe: [1], locators: [{ name: 'loc1', terminationFpe: [2] }, { name: 'loc2', terminationFpe: [2] }] } };
    expect(checkPrerequisites(two, srosXml(UNDERLAY)).missing).toEqual([expect.stringContaining('advertises SRv6 locator "loc2"')]);
  });

  it('check the FPE ids the spec declares: present, and of the right SRv6 type', () => {
    const declared: PrerequisiteSpec = { platform: 'sros', srv6: { originationFpe: [1, 3], locators: [{ name: 'loc1', terminationFpe: [1] }] } };
    expect(checkPrerequisites(declared, srosXml(UNDERLAY)).missing).toEqual([
      'FPE 3 does not exist: configure `/configure fwd-path-ext fpe 3 path pxc <pxc-id>` and `application srv6 type origination`',
      'FPE 1 is not an SRv6 termination FPE (it is origination): configure `/configure fwd-path-ext fpe 1 application srv6 type termination`',
    ]);
  });

  it('ask for FPEs when neither the spec nor the device names any', () => {
    const r = checkPrerequisites(pe, srosXml({ ...UNDERLAY, srv6: '<segment-routing-v6><locator><locator-name>loc1</locator-name></locator></segment-routing-v6>' }));
    expect(r.missing).toEqual([expect.stringContaining('no SRv6 origination FPE: declare spec.srv6.originationFpe'), expect.stringContaining('no SRv6 termination FPE for locator "loc1"')]);
  });

  it('need BGP with a neighbor carrying vpn-ipv4, vpn-ipv6 and evpn', () => {
    expect(checkPrerequisites(pe, srosXml({ ...UNDERLAY, bgp: '' })).missing).toEqual([expect.stringMatching(/^BGP is not configured: configure `\/configure router "Base" bgp group <group> family vpn-ipv4 true vpn-ipv6 true evpn true`/)]);
    expect(checkPrerequisites(pe, srosXml({ ...UNDERLAY, bgp: BGP.replace(/<neighbor>.*<\/neighbor>/, '') })).missing).toEqual([expect.stringMatching(/^BGP has no neighbor/)]);
    expect(checkPrerequisites(pe, srosXml({ ...UNDERLAY, bgp: BGP.replace('<evpn>true</evpn>', '') })).missing).toEqual([
      'no BGP neighbor carries evpn: configure `/configure router "Base" bgp group <group> family evpn true`',
    ]);
    expect(checkPrerequisites(pe, srosXml({ ...UNDERLAY, bgp: BGP.replace('<group>ibgp</group>', '<group>other</group>') })).missing).toEqual([
      expect.stringContaining('no BGP neighbor carries vpn-ipv4, vpn-ipv6, evpn'),
    ]);
    expect(checkPrerequisites(pe, srosXml({ ...UNDERLAY, bgp: BGP.replace('<bgp>', '<bgp><admin-state>disable</admin-state>') })).missing).toEqual([expect.stringMatching(/^BGP is disabled/)]);
  });

  it('count a family set on the neighbor itself or for all of BGP', () => {
    const neighborLevel = '<bgp><neighbor><ip-address>10.0.0.2</ip-address><family><vpn-ipv4>true</vpn-ipv4><vpn-ipv6>true</vpn-ipv6></family></neighbor><family><evpn>true</evpn></family></bgp>';
    expect(checkPrerequisites(pe, srosXml({ ...UNDERLAY, bgp: neighborLevel })).missing).toEqual([]);
  });

  it('need no SRv6 underlay when the device declares no locator', () => {
    const plain: PrerequisiteSpec = { platform: 'sros' };
    expect(requirementsFor(plain).map((r) => r.what)).toEqual(['BGP families vpn-ipv4, vpn-ipv6, evpn']);
    expect(prerequisitePaths(plain)).toHaveLength(1);
    expect(checkPrerequisites(plain, srosXml({ bgp: BGP })).missing).toEqual([]);
  });

  it('read the JSON_IETF shape too (SR OS over gNMI: typed leaves, module-qualified top)', () => {
    const json: YObject = {
      'nokia-conf:configure': {
        router: [
          {
            'router-name': 'Base',
            isis: [{ 'isis-instance': 0, 'admin-state': 'enable', 'segment-routing-v6': { 'admin-state': 'enable', locator: [{ 'locator-name': 'loc1' }] } }],
            bgp: { group: [{ 'group-name': 'ibgp', family: { 'vpn-ipv4': true, 'vpn-ipv6': true, evpn: true } }], neighbor: [{ 'ip-address': '10.0.0.2', group: 'ibgp' }] },
            'segment-routing': { 'segment-routing-v6': { 'origination-fpe': [1], locator: [{ 'locator-name': 'loc1', 'termination-fpe': [2] }] } },
          },
        ],
        'fwd-path-ext': { fpe: [{ 'fpe-id': 1, application: { srv6: { type: 'origination' } } }, { 'fpe-id': 2, application: { srv6: { type: 'termination' } } }] },
      },
    };
    expect(checkPrerequisites(pe, json).missing).toEqual([]);
  });
});

// SR Linux as gNMI Get returns it (JSON_IETF), shaped after the lab's leaf underlay and
// srl-labs/srl-evpn-mh-lab style configs: default network-instance, BGP group with evpn.
const srlBgp = (bgp: YObject | undefined): YObject => ({
  'srl_nokia-network-instance:network-instance': [{ name: 'default', protocols: bgp ? { 'srl_nokia-bgp:bgp': bgp } : {} }],
});
const leaf: PrerequisiteSpec = { platform: 'srlinux' };
const evpn = (state: string) => [{ 'afi-safi-name': 'srl_nokia-common:evpn', 'admin-state': state }];

describe('SR Linux prerequisites', () => {
  it('are met by BGP in the default network-instance with evpn towards a neighbor', () => {
    const bgp = { 'autonomous-system': 65000, 'router-id': '10.0.1.1', 'afi-safi': evpn('enable'), group: [{ 'group-name': 'overlay' }], neighbor: [{ 'peer-address': '10.0.0.1', 'peer-group': 'overlay' }] };
    expect(checkPrerequisites(leaf, srlBgp(bgp))).toEqual({ met: ['BGP EVPN in network-instance default'], missing: [] });
  });

  it('take the neighbor, then its group, then the instance (as the model reads it)', () => {
    const base = { 'afi-safi': evpn('enable'), group: [{ 'group-name': 'overlay', 'afi-safi': evpn('disable') }], neighbor: [{ 'peer-address': '10.0.0.1', 'peer-group': 'overlay' }] };
    expect(checkPrerequisites(leaf, srlBgp(base)).missing).toEqual([
      'no BGP neighbor in network-instance default has afi-safi evpn enabled: configure `set / network-instance default protocols bgp afi-safi evpn admin-state enable` (or on its group)',
    ]);
    const neighborOn = { ...base, neighbor: [{ 'peer-address': '10.0.0.1', 'peer-group': 'overlay', 'afi-safi': evpn('enable') }] };
    expect(checkPrerequisites(leaf, srlBgp(neighborOn)).missing).toEqual([]);
    const instanceOnly = { 'afi-safi': [{ 'afi-safi-name': 'srl_nokia-common:ipv4-unicast', 'admin-state': 'enable' }], neighbor: [{ 'peer-address': '10.0.0.1', 'peer-group': 'overlay' }] };
    expect(checkPrerequisites(leaf, srlBgp(instanceOnly)).missing).toHaveLength(1);
  });

  it('name a missing BGP, a disabled one, and one without neighbors', () => {
    expect(checkPrerequisites(leaf, {}).missing).toEqual([expect.stringMatching(/^network-instance default runs no BGP: configure `set \/ network-instance default protocols bgp autonomous-system/)]);
    expect(checkPrerequisites(leaf, srlBgp(undefined)).missing).toEqual([expect.stringMatching(/^network-instance default runs no BGP/)]);
    expect(checkPrerequisites(leaf, srlBgp({ 'admin-state': 'disable', 'afi-safi': evpn('enable') })).missing).toEqual([expect.stringMatching(/^BGP in network-instance default is disabled/)]);
    expect(checkPrerequisites(leaf, srlBgp({ 'afi-safi': evpn('enable') })).missing).toEqual([expect.stringMatching(/^BGP in network-instance default has no neighbor/)]);
  });

  it('read one subtree: the default network-instance BGP', () => {
    expect(prerequisitePaths(leaf)).toEqual([[{ name: 'srl_nokia-network-instance:network-instance', keys: { name: 'default' } }, { name: 'protocols' }, { name: 'srl_nokia-bgp:bgp' }]]);
  });
});
