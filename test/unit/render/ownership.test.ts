// One owner per device path (issue 12, item 3): two intents that would write the same
// subtree on one device are not both rendered; the older keeps it and the newer is told who.
import { describe, expect, it } from '@jest/globals';
import { claimsOf, overlaps, ownershipConflictsOf, type PathClaim } from '../../../adapters/render/ownership.js';
import { resolve, type Source } from '../../../adapters/render/resolve.js';
import { device, src } from '../../support/render.js';

const pe1 = device('pe1', 'sros', 1, { systemAddress: '192.0.2.101' });
const leaf1 = device('leaf1', 'srlinux', 2, { systemAddress: '192.0.2.102' });
const at = (t: string) => ({ creationTimestamp: t });
const vrf = (name: string, meta: object = {}, port = '1/1/c1/1', dev = 'pe1', vlan = 10) =>
  src('VRF', name, { customer: '1', routeTargets: { import: `target:64500:${vlan}`, export: `target:64500:${vlan}` }, endpoints: [{ device: dev, port, vlan, ipv4: `10.1.${vlan}.1/24` }] }, meta);
const enc = (name: string, path: string, properties: object, meta: object = {}): Source => ({
  object: { apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', metadata: { name, ...meta }, spec: { switchID: '192.0.2.1', path, properties } } as never,
  origin: `enc.yaml#${name}`,
});
const owners = (r: ReturnType<typeof resolve>) => r.devices.flatMap((d) => d.fragments.map((f) => `${f.owner.kind}/${f.owner.name}`));

describe('path claims', () => {
  const claim = (device: string, ...elems: string[]): PathClaim => ({ device, elems, path: `/${elems.join('/')}` });

  it('are what a fragment replaces, never what it merges', () => {
    const path = [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'customer', keys: { 'customer-name': '1' } }];
    const owned = [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: 'vprn', keys: { 'service-name': 'x' } }];
    const claims = claimsOf('ns/pe1', 'sros', { updates: [{ path, value: {} }, { path: owned, value: {}, replace: true }], deletes: [] });
    expect(claims.map((c) => c.path)).toEqual(['/configure/service/vprn[service-name=x]']);
  });

  it('treat SR OS services of any type with one name as one service', () => {
    const svc = (kind: string) => claimsOf('ns/pe1', 'sros', {
      updates: [{ path: [{ name: 'nokia-conf:configure' }, { name: 'service' }, { name: kind, keys: { 'service-name': 'x' } }], value: {}, replace: true }],
      deletes: [],
    })[0]!;
    expect(overlaps(svc('vprn'), svc('vpls'))).toBe(true);
  });

  it('tell a key value holding "][" from two keys (values escaped as in every printed path)', () => {
    const entry = (keys: Record<string, string>) =>
      claimsOf('ns/leaf1', 'srlinux', { updates: [{ path: [{ name: 'srl_nokia-acl:acl' }, { name: 'filter', keys }], value: {}, replace: true }], deletes: [] })[0]!;
    expect(overlaps(entry({ name: 'a][type=b' }), entry({ name: 'a', type: 'b' }))).toBe(false);
    expect(overlaps(entry({ type: 'b', name: 'a' }), entry({ name: 'a', type: 'b' }))).toBe(true);
  });

  it('overlap on one device when equal or nested, not otherwise', () => {
    const vprn = claim('ns/pe1', 'configure', 'service', 'service[service-name=x]');
    expect(overlaps(vprn, claim('ns/pe1', 'configure', 'service', 'service[service-name=x]', 'interface[interface-name=i]'))).toBe(true);
    expect(overlaps(vprn, claim('ns/pe2', 'configure', 'service', 'service[service-name=x]'))).toBe(false);
    expect(overlaps(vprn, claim('ns/pe1', 'configure', 'service', 'service[service-name=xy]'))).toBe(false);
  });

  it('leave the path to the older holder, the same from both sides', () => {
    const c = [claim('ns/pe1', 'a[k=1]')];
    const old = { kind: 'VRF', namespace: 'ns', name: 'b', creationTimestamp: '2026-01-01T00:00:00Z' };
    const young = { kind: 'SROSConfig', namespace: 'ns', name: 'a', creationTimestamp: '2026-02-01T00:00:00Z' };
    const all = [{ holder: old, claims: c }, { holder: young, claims: c }];
    const show = (h: { kind: string; name: string }) => `${h.kind} ${h.name}`;
    expect(ownershipConflictsOf(old, c, all, show)).toEqual([]);
    expect(ownershipConflictsOf(young, c, all, show)).toEqual([{ owner: old, message: '/a[k=1] on ns/pe1 is already owned by VRF b' }]);
  });
});

describe('the resolver applies the rule', () => {
  it('refuses the newer of two ENC objects on one path, naming the owner, and renders only the older', () => {
    const path = '/service/vpls[service-name=v1]';
    const props = { customer: '1', 'service-id': 10 };
    const r = resolve([pe1, enc('first', path, props, at('2026-01-01T00:00:00Z')), enc('second', path, props, at('2026-02-01T00:00:00Z'))]);
    expect(r.errors).toMatchObject([{ object: 'SROSConfig default/second', origin: 'enc.yaml#second', cause: 'invalid' }]);
    expect(r.errors[0]!.message).toBe('/configure/service/vpls[service-name=v1] on default/pe1 is already owned by SROSConfig default/first');
    expect(owners(r)).toContain('SROSConfig/first');
    expect(owners(r)).not.toContain('SROSConfig/second');
  });

  it('refuses an ENC object inside a VRF’s vprn (any service type with that name), leaving the VRF', () => {
    const r = resolve([pe1, vrf('red', at('2026-01-01T00:00:00Z')), enc('grab', '/service/vpls[service-name=red]', { customer: '1' }, at('2026-02-01T00:00:00Z'))]);
    expect(r.errors).toMatchObject([{ object: 'SROSConfig default/grab' }]);
    expect(r.errors[0]!.message).toMatch(/vpls\[service-name=red\] on default\/pe1 overlaps .*vprn\[service-name=red\], already owned by VRF default\/red/);
    expect(owners(r)).toContain('VRF/red');
  });

  it('refuses a VPLS and a VRF of one name on SR Linux (one network instance)', () => {
    const vpls = src('VPLS', 'blue', { endpoints: [{ device: 'leaf1', port: 'ethernet-1/2', vlan: 20 }] }, at('2026-02-01T00:00:00Z'));
    const r = resolve([leaf1, vrf('blue', at('2026-01-01T00:00:00Z'), 'ethernet-1/1', 'leaf1'), vpls]);
    expect(r.errors).toMatchObject([{ object: 'VPLS default/blue', message: expect.stringContaining('network-instance[name=blue] on default/leaf1 is already owned by VRF default/blue') }]);
  });

  it('renders team1/red and default/team1.red, whose names once met, on two vprns', () => {
    // The same router seen from team1 has its own address there (one router, one NetworkDevice).
    const team1Pe1 = device('pe1', 'sros', 9, { systemAddress: '192.0.2.109' });
    team1Pe1.object.metadata = { name: 'pe1', namespace: 'team1' };
    const r = resolve([pe1, team1Pe1, vrf('team1.red'), vrf('red', { namespace: 'team1' }, '1/1/c1/1', 'pe1', 11)]);
    expect(r.errors).toEqual([]);
    const names = r.devices.flatMap((d) => d.fragments).flatMap((f) => f.fragment.updates).filter((u) => u.replace).map((u) => u.path.at(-1)!.keys!['service-name']);
    expect(new Set(names).size).toBe(2);
  });

  it('renders two VRFs whose names share 64 characters on two vprns', () => {
    const stem = 'x'.repeat(64);
    const r = resolve([pe1, vrf(`${stem}-a`), vrf(`${stem}-b`, {}, '1/1/c1/1', 'pe1', 11)]);
    expect(r.errors).toEqual([]);
    expect(owners(r).filter((o) => o.startsWith('VRF/'))).toHaveLength(2);
  });
});
