// Addresses a router takes but that carry no traffic are refused before rendering, naming
// the field (issue 12, item 9): /0, network and broadcast addresses, one address on two
// interfaces of a VRF, and SRv6 segments that are not unicast addresses.
import { describe, expect, it } from '@jest/globals';
import { checkInterfaceAddresses, checkSegmentSid, interfaceAddressProblem } from '../../../adapters/render/address-checks.js';
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
  it('accepts a unicast SID, known locator or not', () => {
    expect(() => checkSegmentSid('fc00:0:2:1::', 'f')).not.toThrow();
    expect(() => checkSegmentSid('2001:db8:99::', 'f')).not.toThrow();
  });
});
