// Addresses a router takes but that carry no traffic are refused before rendering, naming
// the field (issue 12, item 9): /0, network and broadcast addresses, one address on two
// interfaces of a VRF, and SRv6 segments that are not unicast addresses.
import { describe, expect, it } from '@jest/globals';
import { checkInterfaceAddresses, checkSegmentSid, checkSidInDomain, interfaceAddressProblem } from '../../../adapters/render/address-checks.js';
import { device, render, src } from '../../support/render.js';
import { resolve } from '../../../adapters/render/resolve.js';

describe('interface addresses', () => {
  it.each([
    ['0.0.0.0/0', /prefix length 0/],
    ['10.76.0.0/24', /network address/],
    ['10.76.0.255/24', /broadcast address/],
    ['2001:db8::/64', /network address/],
    ['::/0', /prefix length 0/],
  ])('refuses %s', (prefix, why) => expect(interfaceAddressProblem(prefix)).toMatch(why));

  it.each(['10.76.0.1/24', '10.76.0.254/24', '10.0.0.0/31', '10.0.0.1/32', '2001:db8::1/64', '2001:db8::/127'])('accepts %s', (prefix) =>
    expect(interfaceAddressProblem(prefix)).toBeUndefined(),
  );

  it('refuses one address on two interfaces of a VRF, naming the second', () => {
    expect(() => checkInterfaceAddresses([{ ipv4: '10.1.1.1/24' }, { ipv4: '10.1.1.1/30' }])).toThrow(/10.1.1.1 is already the address of spec.endpoints\[0\].ipv4/);
    expect(() => checkInterfaceAddresses([{ ipv6: '2001:db8::1/64' }, { ipv6: '2001:db8:0::0001/64' }])).toThrow(/already the address/);
    expect(() => checkInterfaceAddresses([{ ipv4: '10.1.1.1/24' }, { ipv4: '10.1.2.1/24' }])).not.toThrow();
  });

  it('reaches the resolver as an error on the field, with nothing rendered for the VRF', () => {
    const pe = device('pe1', 'sros', 1, { asNumber: 65000, systemAddress: '10.0.0.1' });
    const bad = src('VRF', 'v', { customer: '1', endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 5, ipv4: '10.76.0.0/24' }] });
    const r = resolve([pe, bad]);
    expect(r.errors).toMatchObject([{ object: 'VRF default/v', field: 'spec.endpoints[0].ipv4' }]);
    expect(r.devices.flatMap((d) => d.fragments).filter((f) => f.owner.kind === 'VRF')).toEqual([]);
    const good = src('VRF', 'v', { customer: '1', endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 5, ipv4: '10.76.0.1/24' }] });
    expect(render(pe, good)('pe1')).toBeDefined();
  });
});

describe('SRv6 segment SIDs', () => {
  it.each([['::', /unspecified/], ['::1', /loopback/], ['ff02::1', /multicast/]])('refuses %s', (sid, why) => expect(() => checkSegmentSid(sid, 'f')).toThrow(why));
  it('accepts a unicast SID', () => {
    expect(() => checkSegmentSid('fc00:0:2:1::', 'f')).not.toThrow();
    expect(() => checkSegmentSid('2001:db8:99::', 'f')).not.toThrow();
  });

  const locators = [
    { device: 'pe1', name: 'loc1', prefix: 'fc00:0:1::/48', blockLength: 32 },
    { device: 'pe2', name: 'loc1', prefix: 'fc00:0:2::/48', blockLength: 32 },
  ];
  it('accepts a SID inside a locator, or of another node of the same SID block', () => {
    expect(() => checkSidInDomain('fc00:0:2:e000::', 'f', locators)).not.toThrow();
    expect(() => checkSidInDomain('fc00:0:3::', 'f', locators)).not.toThrow();
  });
  it('refuses a SID outside every locator block, naming the field and the blocks', () => {
    expect(() => checkSidInDomain('2001:db8:99::', 'spec.x', locators)).toThrow(/2001:db8:99:: is outside every SRv6 locator block of the NetworkDevices \(fc00::\/32\)/);
    expect(() => checkSidInDomain('fc00:1::', 'spec.x', locators)).toThrow(/outside every SRv6 locator block/);
    expect(() => checkSidInDomain('fc00:0:1::', 'spec.x', [])).toThrow(/no NetworkDevice in this namespace declares an SRv6 locator/);
  });
  it('reaches the resolver as an error on the segment field, with nothing rendered for the policy', () => {
    const srv6 = { locators: [{ name: 'loc1', prefix: 'fc00:0:1::/48', blockLength: 32, nodeLength: 16, functionLength: 16 }] };
    const pe = device('pe1', 'sros', 1, { asNumber: 65000, systemAddress: '10.0.0.1', srv6 });
    const policy = (sid: string) =>
      src('SRv6Policy', 'gold', { headEnd: 'pe1', endpoint: 'fc00::2', color: 1, segmentLists: [{ index: 1, segments: [{ sid }] }] });
    const r = resolve([pe, policy('2001:db8:99::')]);
    expect(r.errors).toMatchObject([{ object: 'SRv6Policy default/gold', field: 'spec.segmentLists[0].segments[0].sid', message: expect.stringMatching(/outside every SRv6 locator block/) }]);
    expect(r.devices.flatMap((d) => d.fragments).filter((f) => f.owner.kind === 'SRv6Policy')).toEqual([]);
    expect(resolve([pe, policy('::')]).errors[0]).toMatchObject({ field: 'spec.segmentLists[0].segments[0].sid', message: expect.stringMatching(/unspecified/) });
  });
});

describe('strings no encoding can carry', () => {
  it.each(['a\u0001b', 'x\ufffe', 'lone \ud800'])('refuses %j in any field, naming it, before rendering', (text) => {
    const pe = device('pe1', 'sros', 1, { asNumber: 65000, systemAddress: '10.0.0.1' });
    const vrf = src('VRF', 'v', { customer: '1', endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 5, ipv4: '10.76.0.1/24', description: text }] });
    const r = resolve([pe, vrf]);
    expect(r.errors).toMatchObject([{ object: 'VRF default/v', field: 'spec.endpoints[0].description', message: expect.stringMatching(/control character/) }]);
  });
});
