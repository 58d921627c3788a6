// Ownership over the controller's cache (issue 12, items 3 and 8): the older intent keeps a
// device path, the older NetworkDevice keeps a router, and a deletion waits only for the
// objects that resolve to the very device being deleted.
import { describe, expect, it } from '@jest/globals';
import { Allocator } from '../../../adapters/render/allocator.js';
import { ReverseIndex, dependenciesOf } from '../../../controllers/dependencies.js';
import { DIAL_ANNOTATION } from '../../../devices/connections.js';
import { blockersOf } from '../../../controllers/lifecycle.js';
import { objKey, type Obj } from '../../../apis/objects.js';
import { deviceAt, duplicateDevice, OWNING_KINDS, ownershipConflicts, removableParts } from '../../../controllers/ownership.js';
import type { Part } from '../../../devices/transactions.js';

let uid = 0;
const obj = (apiVersion: string, kind: string, namespace: string, name: string, created: string, spec: object, annotations?: Record<string, string>): Obj => ({
  apiVersion,
  kind,
  metadata: { name, namespace, uid: `u${++uid}`, generation: 1, creationTimestamp: new Date(created), ...(annotations ? { annotations } : {}) },
  spec: spec as Obj['spec'],
});
const pe = (namespace: string, name: string, created: string, address = '192.0.2.1', annotations?: Record<string, string>) =>
  obj('netintent.dev/v1alpha1', 'NetworkDevice', namespace, name, created, {
    address, platform: 'sros', protocol: 'netconf', credentialsSecretRef: { name: 'c' }, hostKey: { insecureIgnoreHostKey: true }, systemAddress: '10.0.0.1',
  }, annotations);
const vrf = (namespace: string, name: string, created: string, vlan = 10) =>
  obj('netintent.dev/v1alpha1', 'VRF', namespace, name, created, {
    customer: '1', routeTargets: { import: `target:64500:${vlan}`, export: `target:64500:${vlan}` }, endpoints: [{ device: 'pe1', port: '1/1/c1/1', vlan, ipv4: `10.1.${vlan}.1/24` }],
  });
const enc = (namespace: string, name: string, created: string, path: string, properties: object = { customer: '1' }, switchID = '192.0.2.1') =>
  obj('nwi.enc.nokia.com/v1alpha2', 'SROSConfig', namespace, name, created, { switchID, path, properties });

function cacheOf(...objs: Obj[]) {
  const list = (kind: string) => objs.filter((o) => o.kind === kind);
  const cache = {
    get: (kind: string, ns: string, name: string) => objs.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name),
    list,
    byAddress: (a: string): Obj[] => {
      const d = deviceAt(a, cache);
      return d ? [d] : [];
    },
  };
  return cache;
}

/** Every intent in the cache: a superset of what controllers/nearby.ts proposes. */
const all = (cache: ReturnType<typeof cacheOf>) => OWNING_KINDS.flatMap((k) => cache.list(k));

describe('intent ownership', () => {
  const pe1 = pe('ns', 'pe1', '2026-01-01T00:00:00Z');

  it('refuses the newer intent on an owned path, naming the owner, and not the older', () => {
    const red = vrf('ns', 'red', '2026-01-02T00:00:00Z');
    const grab = enc('ns', 'grab', '2026-01-03T00:00:00Z', '/service/vprn[service-name=ns.red]');
    const cache = cacheOf(pe1, red, grab);
    const allocator = new Allocator();
    expect(ownershipConflicts(grab, all(cache), cache, allocator)).toEqual([
      { owner: 'VRF/ns/red', message: '/configure/service/vprn[service-name=ns.red] on ns/pe1 is already owned by VRF ns/red' },
    ]);
    expect(ownershipConflicts(red, all(cache), cache, allocator)).toEqual([]);
    expect(allocator.records()).toEqual([]); // checking allocates nothing
  });

  it('gives a path to the intent already Ready when both were created in the same second', () => {
    // Creation times have whole seconds: an SROSConfig applied right after a VRF converged
    // ties with it, and "SROSConfig" sorts before "VRF".
    const red = vrf('ns', 'red', '2026-01-02T00:00:00Z');
    red.status = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-01-02T00:00:00Z' }] };
    const grab = enc('ns', 'grab', '2026-01-02T00:00:00Z', '/service/vprn[service-name=ns.red]');
    const cache = cacheOf(pe1, red, grab);
    expect(ownershipConflicts(grab, all(cache), cache, new Allocator()).map((c) => c.owner)).toEqual(['VRF/ns/red']);
    expect(ownershipConflicts(red, all(cache), cache, new Allocator())).toEqual([]);
    // Neither established (applied together): the key decides, and both sides agree.
    delete red.status;
    expect(ownershipConflicts(red, all(cache), cache, new Allocator()).map((c) => c.owner)).toEqual(['SROSConfig/ns/grab']);
    expect(ownershipConflicts(grab, all(cache), cache, new Allocator())).toEqual([]);
  });

  it('lets two VRFs whose names share 64 characters through', () => {
    const stem = 'v'.repeat(64);
    const cache = cacheOf(pe1, vrf('ns', `${stem}-a`, '2026-01-02T00:00:00Z', 10), vrf('ns', `${stem}-b`, '2026-01-03T00:00:00Z', 11));
    for (const v of cache.list('VRF')) expect(ownershipConflicts(v, all(cache), cache, new Allocator())).toEqual([]);
  });

  it('removes nothing of a refused intent when it is deleted: the paths are the owner’s', () => {
    const red = vrf('ns', 'red', '2026-01-02T00:00:00Z');
    const grab = enc('ns', 'grab', '2026-01-03T00:00:00Z', '/service/vprn[service-name=ns.red]');
    const parts: Part[] = [{ device: pe1, fragments: [] }];
    expect(removableParts(grab, parts, all(cacheOf(pe1, red, grab)), cacheOf(pe1, red, grab), new Allocator())).toEqual([]);
    expect(removableParts(red, parts, all(cacheOf(pe1, red, grab)), cacheOf(pe1, red, grab), new Allocator())).toEqual(parts);
  });
});

describe('duplicate NetworkDevices', () => {
  const first = pe('a', 'pe1', '2026-01-01T00:00:00Z');
  const second = pe('b', 'pe1-again', '2026-01-02T00:00:00Z');

  it('refuses the newer, across namespaces, by address or by dial address', () => {
    expect(duplicateDevice(second, cacheOf(first, second))).toEqual({ owner: first, what: 'address 192.0.2.1' });
    expect(duplicateDevice(first, cacheOf(first, second))).toBeUndefined();
    const dialled = pe('b', 'alias', '2026-01-02T00:00:00Z', '10.9.9.9', { [DIAL_ANNOTATION]: '192.0.2.1' });
    expect(duplicateDevice(dialled, cacheOf(first, dialled))?.what).toBe('dial address 192.0.2.1:830');
  });

  it('does not let another namespace’s SROSConfig on the first block deleting the second', () => {
    const cfg = enc('a', 'customer', '2026-01-03T00:00:00Z', '/service/customer[customer-name=7]', { 'customer-id': 7 });
    const cache = cacheOf(first, second, cfg);
    // The index as it was before: the manifest listed under every device at its address.
    const index = new ReverseIndex();
    index.set(objKey(cfg), ['NetworkDevice/a/pe1', 'NetworkDevice/b/pe1-again', 'address:192.0.2.1']);
    expect(blockersOf(second, index, cache)).toEqual([]);
    expect(blockersOf(first, index, cache)).toEqual([objKey(cfg)]);
    const deps = dependenciesOf(cfg, cache);
    expect(deps.ok && deps.keys).toEqual(['NetworkDevice/a/pe1']);
  });
});
