// The resolver: references, allocation, RT policy, and errors that name manifest, field and reason.
import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { Allocator } from '../../../adapters/render/allocator.js';
import { resolve, type Source } from '../../../adapters/render/resolve.js';
import { assemble } from '../../../adapters/yang/tree.js';

const src = (kind: string, name: string, spec: object, extra: object = {}): Source => ({
  object: { apiVersion: kind.endsWith('Config') ? 'nwi.enc.nokia.com/v1alpha2' : 'netintent.dev/v1alpha1', kind, metadata: { name, ...extra }, spec } as KubernetesObject,
  origin: `test.yaml#${name}`,
});
const pe = (name: string, extra: object = {}) =>
  src('NetworkDevice', name, {
    address: `192.0.2.${name.length}`,
    platform: 'sros',
    protocol: 'netconf',
    credentialsSecretRef: { name: 'c' },
    hostKey: { insecureIgnoreHostKey: true },
    asNumber: 65000,
    systemAddress: `10.0.0.${name.length}`,
    srv6: { originationFpe: [1], locators: [{ name: 'loc1', prefix: `fc00:0:${name.length}::/48`, terminationFpe: [2] }] },
    ...extra,
  });
const leaf = (name: string) =>
  src('NetworkDevice', name, { address: '192.0.2.99', platform: 'srlinux', protocol: 'gnmi', credentialsSecretRef: { name: 'c' }, tls: { insecure: true }, asNumber: 65000 });
const vrf = (name: string, spec: object) => src('VRF', name, { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 10, ipv4: '10.0.0.1/24' }], ...spec });
const vprnOf = (r: ReturnType<typeof resolve>, device: string) => {
  const d = r.devices.find((x) => x.device.name === device)!;
  return ((assemble(d.platform, d.fragments.map((f) => f.fragment))['nokia-conf:configure'] as any).service.vprn as any[]);
};

describe('resolve', () => {
  it('names manifest, object, field and reason for schema errors', () => {
    const r = resolve([pe('pe1'), vrf('bad', { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 5000, ipv4: '10.0.0.1/24' }] })]);
    expect(r.errors).toEqual([
      { origin: 'test.yaml#bad', object: 'VRF default/bad', field: 'spec.endpoints[0].vlan', message: expect.stringContaining('4094'), cause: 'invalid' },
    ]);
  });

  it('reports a missing device and renders the rest', () => {
    const r = resolve([pe('pe1'), vrf('ok', {}), vrf('lost', { endpoints: [{ device: 'pe9', port: '1/1/c1/1', ipv4: '10.0.0.1/24' }] })]);
    expect(r.errors).toEqual([{ origin: 'test.yaml#lost', object: 'VRF default/lost', field: 'spec.endpoints[0].device', message: 'NetworkDevice default/pe9 not found', cause: 'invalid' }]);
    expect(vprnOf(r, 'pe1').map((v) => v['service-name'])).toEqual(['ok']);
  });

  it('checks ports against the device platform', () => {
    const r = resolve([pe('pe1'), vrf('v', { endpoints: [{ device: 'pe1', port: 'ethernet-1/1', ipv4: '10.0.0.1/24' }] })]);
    expect(r.errors[0]).toMatchObject({ field: 'spec.endpoints[0].port', message: expect.stringContaining('SR OS port') });
  });

  it('refuses SRv6 services on SR Linux', () => {
    const r = resolve([leaf('leaf1'), src('VRF', 'v', { endpoints: [{ device: 'leaf1', port: 'ethernet-1/1', ipv4: '10.0.0.1/24' }], srv6: { locator: 'loc1' } })]);
    expect(r.errors[0]).toMatchObject({ field: expect.stringMatching(/^spec\.srv6/), message: expect.stringContaining('SR Linux') });
  });

  it('refuses a locator the device does not have', () => {
    const r = resolve([pe('pe1'), vrf('v', { srv6: { locator: 'nope' } })]);
    expect(r.errors[0]).toMatchObject({ field: 'spec.srv6.locator', message: 'device pe1 has no SRv6 locator nope' });
  });

  it('applies hub-and-spoke route targets to the member VRFs', () => {
    const r = resolve([
      pe('pe1'),
      vrf('hub', {}),
      vrf('spoke', { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 11, ipv4: '10.0.1.1/24' }] }),
      src('L3VPN', 'vpn', { topology: 'hub-and-spoke', vrfs: [{ name: 'hub', role: 'hub' }, { name: 'spoke', role: 'spoke' }], routeTargets: { hub: 'target:65000:1', spoke: 'target:65000:2' } }),
    ]);
    expect(r.errors).toEqual([]);
    const targets = Object.fromEntries(vprnOf(r, 'pe1').map((v) => [v['service-name'], v['bgp-ipvpn'].mpls['vrf-target']]));
    expect(targets.hub).toEqual({ 'import-community': 'target:65000:2', 'export-community': 'target:65000:1' });
    expect(targets.spoke).toEqual({ 'import-community': 'target:65000:1', 'export-community': 'target:65000:2' });
  });

  it('keeps a VRF in one L3VPN only', () => {
    const r = resolve([pe('pe1'), vrf('v', {}), src('L3VPN', 'a', { vrfs: [{ name: 'v' }] }), src('L3VPN', 'b', { vrfs: [{ name: 'v' }] })]);
    expect(r.errors).toEqual([expect.objectContaining({ object: 'L3VPN default/b', message: 'VRF v is already in L3VPN default/a' })]);
  });

  it('claims operator-chosen values before allocating, whatever the order', () => {
    const allocator = new Allocator();
    const first = resolve([pe('pe1'), vrf('auto', {})], allocator);
    const taken = vprnOf(first, 'pe1')[0]['service-id'];
    const r = resolve([pe('pe1'), vrf('auto', {}), vrf('a-explicit', { serviceId: taken, endpoints: [{ device: 'pe1', port: '1/1/c2/1', ipv4: '10.0.2.1/24' }] })]);
    expect(r.errors).toEqual([]);
    const ids = Object.fromEntries(vprnOf(r, 'pe1').map((v) => [v['service-name'], v['service-id']]));
    expect(ids['a-explicit']).toBe(taken);
    expect(ids.auto).not.toBe(taken);
  });

  it('reports two intents claiming one service id', () => {
    const r = resolve([pe('pe1'), vrf('a', { serviceId: 7 }), vrf('b', { serviceId: 7, endpoints: [{ device: 'pe1', port: '1/1/c2/1', ipv4: '10.0.2.1/24' }] })]);
    expect(r.errors).toEqual([expect.objectContaining({ object: 'VRF default/b', message: expect.stringContaining('7 is already used by VRF/default/a') })]);
  });

  it('names device-side services after namespace and name', () => {
    const r = resolve([pe('pe1', {}), { ...vrf('v', {}), object: { ...vrf('v', {}).object, metadata: { name: 'v', namespace: 'default' } } }]);
    expect(vprnOf(r, 'pe1')[0]['service-name']).toBe('v');
    const other = resolve([{ ...pe('pe1'), object: { ...pe('pe1').object, metadata: { name: 'pe1', namespace: 'tenant' } } }, { ...vrf('v', {}), object: { ...vrf('v', {}).object, metadata: { name: 'v', namespace: 'tenant' } } }]);
    expect(vprnOf(other, 'pe1')[0]['service-name']).toBe('tenant.v');
  });

  it('finds ENC targets by switchID and checks their platform', () => {
    const enc = (switchID: string) => src('SROSConfig', 'c', { switchID, path: '/service/customer[customer-name=9]', properties: { 'customer-id': 9 } });
    expect(resolve([pe('pe1'), enc('203.0.113.1')]).errors[0]).toMatchObject({ field: 'spec.switchID', message: 'no NetworkDevice has address 203.0.113.1' });
    expect(resolve([leaf('leaf1'), enc('192.0.2.99')]).errors[0]).toMatchObject({ field: 'spec.switchID', message: 'the device at 192.0.2.99 is not SR OS' });
    const ok = resolve([pe('pe1'), enc('192.0.2.3')]);
    expect(ok.errors).toEqual([]);
  });

  it('refuses ENC properties that contradict the path key', () => {
    const r = resolve([pe('pe1'), src('SROSConfig', 'c', { switchID: '192.0.2.3', path: '/service/vpls[service-name=a]', properties: { 'service-name': 'b' } })]);
    expect(r.errors[0]).toMatchObject({ field: 'spec.properties.service-name', message: '"b", but spec.path says "a"' });
  });

  it('reports a malformed dependency annotation', () => {
    const r = resolve([pe('pe1'), src('VRF', 'v', (vrf('v', {}).object as any).spec, { annotations: { 'netintent.dev/depends-on': '{oops' } })]);
    expect(r.errors[0]).toMatchObject({ field: 'metadata.annotations[netintent.dev/depends-on]', message: expect.stringContaining('not valid JSON') });
  });
});
