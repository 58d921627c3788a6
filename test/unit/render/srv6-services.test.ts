// Per-PE route distinguishers, SRv6 function values within the locator's static range, FPE
// as a precondition of SRv6 services, the merged (never replaced) locator, and SRv6 policies
// with binding SID and End SIDs for device segments.
import { describe, expect, it } from '@jest/globals';
import { Allocator } from '../../../adapters/render/allocator.js';
import { removalOf } from '../../../adapters/yang/tree.js';
import { resolve } from '../../../adapters/render/resolve.js';
import { device, documentOf, src } from '../../support/render.js';

const pe = (n: number, srv6: object = {}, extra: object = {}) =>
  device(`pe${n}`, 'sros', n, {
    systemAddress: `10.0.0.${n}`,
    asNumber: 65000,
    srv6: { originationFpe: [1], locators: [{ name: 'loc1', prefix: `fc00:0:${n}::/48`, terminationFpe: [2], staticFunctionMaxEntries: 8 }], ...srv6 },
    ...extra,
  });
const ep = (n: number, vlan = 10) => ({ device: `pe${n}`, port: '1/1/c1/1', vlan, ipv4: `10.${n}.${vlan}.1/24` });
const vrf = (name: string, spec: object) => src('VRF', name, { endpoints: [ep(1), ep(2)], ...spec });
const docOf = (r: ReturnType<typeof resolve>, name: string) => documentOf(r, name)['nokia-conf:configure'];
const vprn = (r: ReturnType<typeof resolve>, device: string, name: string) => docOf(r, device).service.vprn.find((v: any) => v['service-name'] === name);
const srv6Of = (r: ReturnType<typeof resolve>, device: string) => docOf(r, device).router[0]['segment-routing']['segment-routing-v6'];
const policyOf = (r: ReturnType<typeof resolve>, device: string) => docOf(r, device).router[0]['segment-routing']['sr-policies']['static-policy'][0];

describe('route distinguishers', () => {
  it('gives every PE its own type-1 RD <systemAddress>:<n>, with the same n where free', () => {
    const r = resolve([pe(1), pe(2), vrf('v', {})]);
    expect(r.errors).toEqual([]);
    const rd1 = vprn(r, 'pe1', 'v')['bgp-ipvpn'].mpls['route-distinguisher'];
    const rd2 = vprn(r, 'pe2', 'v')['bgp-ipvpn'].mpls['route-distinguisher'];
    expect(rd1).toMatch(/^10\.0\.0\.1:\d+$/);
    expect(rd2).toMatch(/^10\.0\.0\.2:\d+$/);
    expect(rd1.split(':')[1]).toBe(rd2.split(':')[1]);
    const plan = r.plans.find((p) => p.kind === 'VRF')!;
    expect(plan.kind === 'VRF' && plan.routeDistinguishers).toEqual({ pe1: rd1, pe2: rd2 });
  });

  it('keeps RDs stable when a PE joins', () => {
    const allocator = new Allocator();
    const before = resolve([pe(1), pe(2), src('VRF', 'v', { endpoints: [ep(1)] })], allocator);
    const rd1 = vprn(before, 'pe1', 'v')['bgp-ipvpn'].mpls['route-distinguisher'];
    const after = resolve([pe(1), pe(2), vrf('v', {})], allocator);
    expect(vprn(after, 'pe1', 'v')['bgp-ipvpn'].mpls['route-distinguisher']).toBe(rd1);
  });

  it('honours spec.routeDistinguisher on a one-PE VRF and refuses it on several PEs', () => {
    const one = resolve([pe(1), src('VRF', 'v', { endpoints: [ep(1)], routeDistinguisher: '65000:7' })]);
    expect(one.errors).toEqual([]);
    expect(vprn(one, 'pe1', 'v')['bgp-ipvpn'].mpls['route-distinguisher']).toBe('65000:7');
    const two = resolve([pe(1), pe(2), vrf('v', { routeDistinguisher: '65000:7' })]);
    expect(two.errors).toEqual([
      expect.objectContaining({ object: 'VRF default/v', field: 'spec.routeDistinguisher', message: expect.stringContaining('one RD per PE: this service is on pe1, pe2') }),
    ]);
    expect(two.devices.flatMap((d) => d.fragments).filter((f) => f.owner.kind === 'VRF')).toEqual([]);
  });

  it('honours routeDistinguishers per device, allocates for the others, and refuses a device without endpoint', () => {
    const r = resolve([pe(1), pe(2), vrf('v', { routeDistinguishers: [{ device: 'pe2', rd: '10.0.0.2:99' }] })]);
    expect(r.errors).toEqual([]);
    expect(vprn(r, 'pe2', 'v')['bgp-ipvpn'].mpls['route-distinguisher']).toBe('10.0.0.2:99');
    expect(vprn(r, 'pe1', 'v')['bgp-ipvpn'].mpls['route-distinguisher']).toMatch(/^10\.0\.0\.1:\d+$/);
    const bad = resolve([pe(1), pe(2), pe(3), vrf('v', { routeDistinguishers: [{ device: 'pe3', rd: '10.0.0.3:1' }] })]);
    expect(bad.errors[0]).toMatchObject({ field: 'spec.routeDistinguishers[0].device', message: 'pe3 has no endpoint of this service' });
  });

  it('refuses one RD chosen for two services', () => {
    const r = resolve([
      pe(1),
      src('VRF', 'a', { endpoints: [ep(1)], routeDistinguisher: '10.0.0.1:5' }),
      src('VRF', 'b', { endpoints: [ep(1, 11)], routeDistinguishers: [{ device: 'pe1', rd: '10.0.0.1:5' }] }),
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ object: 'VRF default/b', cause: 'allocation', message: expect.stringContaining('5 is already used by VRF/default/a') })]);
  });

  it('names the device and field when a PE has no system address to allocate from', () => {
    const r = resolve([pe(1, {}, { systemAddress: undefined }), src('VRF', 'v', { endpoints: [ep(1)] })]);
    expect(r.errors[0]?.message).toBe(
      'cannot allocate a route distinguisher on pe1: set spec.systemAddress on NetworkDevice default/pe1 (RDs are <system-ip>:<n>, one per PE), or give this device an RD',
    );
  });

  it('gives EVPN VPLS members their own RDs too', () => {
    const r = resolve([
      pe(1),
      pe(2),
      src('VPLS', 'l2', { endpoints: [ep(1), ep(2)].map(({ device, port, vlan }) => ({ device, port, vlan })), evpn: { evi: 9, routeDistinguishers: [{ device: 'pe1', rd: '10.0.0.1:9' }] } }),
    ]);
    expect(r.errors).toEqual([]);
    const rd = (d: string) => docOf(r, d).service.vpls[0].bgp[0]['route-distinguisher'];
    expect(rd('pe1')).toBe('10.0.0.1:9');
    expect(rd('pe2')).toMatch(/^10\.0\.0\.2:\d+$/);
  });
});

describe('SRv6 service functions', () => {
  it('allocates End.DT46 values within the static range and renders the range on the locator', () => {
    const vrfs = Array.from({ length: 7 }, (_, i) => src('VRF', `v${i}`, { endpoints: [ep(1, 10 + i)], srv6: { locator: 'loc1' } }));
    const r = resolve([pe(1), ...vrfs]);
    expect(r.errors).toEqual([]);
    const values = vrfs.map((_, i) => vprn(r, 'pe1', `v${i}`)['segment-routing-v6'][0].locator[0].function['end-dt46'].value);
    // 1 is pe1's End SID; the services take the other seven of 1..8.
    expect([...values].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const locator = srv6Of(r, 'pe1').locator[0];
    expect(locator['static-function']).toEqual({ 'max-entries': 8 });
    expect(locator['termination-fpe']).toEqual([2]);
    expect(srv6Of(r, 'pe1')['origination-fpe']).toEqual([1]);
    const more = resolve([pe(1), ...vrfs, src('VRF', 'v7', { endpoints: [ep(1, 20)], srv6: { locator: 'loc1' } })]);
    expect(more.errors).toEqual([expect.objectContaining({ object: 'VRF default/v7', cause: 'allocation', message: expect.stringContaining('no free value in 1..8') })]);
  });

  it('refuses an explicit SID outside the static range, naming the field', () => {
    const r = resolve([pe(1), src('VRF', 'v', { endpoints: [ep(1)], srv6: { locator: 'loc1', sids: [{ device: 'pe1', sid: 'fc00:0:1:9::' }] } })]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        field: 'spec.srv6.sids[0].sid',
        message: expect.stringContaining('fc00:0:1:9:: has function value 9, outside the static range 1..8 of locator loc1 on pe1'),
      }),
    ]);
    const ok = resolve([pe(1), src('VRF', 'v', { endpoints: [ep(1)], srv6: { locator: 'loc1', sids: [{ device: 'pe1', sid: 'fc00:0:1:8::' }] } })]);
    expect(vprn(ok, 'pe1', 'v')['segment-routing-v6'][0].locator[0].function['end-dt46']).toEqual({ value: 8 });
  });

  it('names the VPLS SID field that is out of range', () => {
    const r = resolve([
      pe(1),
      src('VPLS', 'l2', { endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan: 5 }], evpn: { evi: 5 }, srv6: { locator: 'loc1', sids: [{ device: 'pe1', endDt2m: 'fc00:0:1:ff::' }] } }),
    ]);
    expect(r.errors[0]).toMatchObject({ field: 'spec.srv6.sids[0].endDt2m', message: expect.stringContaining('outside the static range 1..8') });
  });

  it.each([
    ['originationFpe', { originationFpe: undefined }],
    ['locators[loc1].terminationFpe', { locators: [{ name: 'loc1', prefix: 'fc00:0:1::/48' }] }],
  ])('refuses an SRv6 service on a PE without %s', (field, srv6) => {
    const r = resolve([pe(1, srv6), src('VRF', 'v', { endpoints: [ep(1)], srv6: { locator: 'loc1' } })]);
    expect(r.errors).toEqual([
      expect.objectContaining({ object: 'VRF default/v', field: 'spec.srv6.locator', message: expect.stringContaining(`NetworkDevice default/pe1 has no spec.srv6.${field}`) }),
    ]);
  });

  it('merges the locator (no replace) so that removal never deletes it', () => {
    const r = resolve([pe(1)]);
    const base = r.devices[0]!.fragments.find((f) => f.owner.kind === 'NetworkDevice')!.fragment;
    const locator = base.updates.find((u) => u.path.at(-1)?.name === 'locator' && u.path.length === 5)!;
    expect(locator.replace).toBeFalsy();
    const deletes = removalOf(base).deletes.map((p) => p.map((e) => e.name).join('/'));
    expect(deletes).toEqual(['nokia-conf:configure/router/segment-routing/segment-routing-v6/base-routing-instance/locator/function/end']);
  });
});

describe('SRv6 policy', () => {
  const policy = (spec: object) =>
    src('SRv6Policy', 'gold', { headEnd: 'pe1', endpoint: 'fc00::2', color: 100, segmentLists: [{ index: 1, segments: [{ device: 'pe2' }] }], ...spec });

  it("resolves a device segment to that device's End SID, rendered on that device", () => {
    const r = resolve([pe(1), pe(2), policy({})]);
    expect(r.errors).toEqual([]);
    expect(policyOf(r, 'pe1')['segment-list'][0].segment).toEqual([{ 'segment-index': 1, 'srv6-sid': 'fc00:0:2:1::' }]);
    expect(srv6Of(r, 'pe2')['base-routing-instance'].locator).toEqual([{ 'locator-name': 'loc1', function: { end: [{ value: 1, 'srh-mode': 'usp' }] } }]);
  });

  it('allocates the binding SID within the head end static range when the spec gives none', () => {
    const r = resolve([pe(1), pe(2), policy({})]);
    const bsid = policyOf(r, 'pe1')['segment-routing-v6']['binding-sid'][0];
    expect(bsid).toMatchObject({ index: 1, locator: { 'locator-name': 'loc1', function: 'end-b6-encaps-red' } });
    expect(bsid.locator['function-value']).toBeGreaterThanOrEqual(2); // 1 is pe1's End SID
    expect(bsid.locator['function-value']).toBeLessThanOrEqual(8);
    const plan = r.plans.find((p) => p.kind === 'SRv6Policy')!;
    expect(plan.kind === 'SRv6Policy' && plan.bindingSid.sid).toBe(`fc00:0:1:${bsid.locator['function-value'].toString(16)}::`);
  });

  it('renders an explicit binding SID and refuses one outside the range or the head end', () => {
    const ok = resolve([pe(1), pe(2), policy({ bindingSid: 'fc00:0:1:5::' })]);
    expect(policyOf(ok, 'pe1')['segment-routing-v6']['binding-sid'][0].locator['function-value']).toBe(5);
    const out = resolve([pe(1), pe(2), policy({ bindingSid: 'fc00:0:1:50::' })]);
    expect(out.errors[0]).toMatchObject({ field: 'spec.bindingSid', message: expect.stringContaining('outside the static range 1..8') });
    const elsewhere = resolve([pe(1), pe(2), policy({ bindingSid: 'fc00:0:2:5::' })]);
    expect(elsewhere.errors[0]).toMatchObject({ field: 'spec.bindingSid', message: 'fc00:0:2:5:: is not a function SID of any locator of head end pe1' });
  });

  it('refuses a device segment on SR Linux', () => {
    const leaf = src('NetworkDevice', 'leaf1', { address: '192.0.2.9', platform: 'srlinux', protocol: 'gnmi', credentialsSecretRef: { name: 'c' }, tls: { insecure: true } });
    const r = resolve([pe(1), leaf, policy({ segmentLists: [{ index: 1, segments: [{ device: 'leaf1' }] }] })]);
    expect(r.errors[0]).toMatchObject({ field: 'spec.segmentLists[0].segments[0].device', message: expect.stringContaining('SR Linux') });
  });
});
