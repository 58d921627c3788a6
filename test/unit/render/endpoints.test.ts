// conflictsAmong (the resolver's all-at-once endpoint check) agrees with conflictsOf (the
// controller's one-intent check) on which endpoints clash, for any set of services.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { conflictsAmong, conflictsOf, type Holder } from '../../../adapters/render/endpoints.js';

const endpoint = fc.record({ device: fc.constantFrom('pe1', 'pe2'), port: fc.constantFrom('1/1/c1/1', '1/1/c2/1'), vlan: fc.integer({ min: 1, max: 3 }) });
const service = fc.record({
  kind: fc.constantFrom('VRF', 'VPLS'),
  namespace: fc.constantFrom('a', 'b'),
  name: fc.string({ minLength: 1, maxLength: 3 }),
  creationTimestamp: fc.option(fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z'), { nil: undefined }),
  endpoints: fc.array(endpoint, { minLength: 1, maxLength: 3 }),
});
const show = (h: Holder) => `${h.kind} ${h.namespace}/${h.name}`;

describe('conflictsAmong', () => {
  it('finds the clashes conflictsOf finds, item by item', () => {
    fc.assert(
      fc.property(fc.uniqueArray(service, { selector: (s) => `${s.kind}/${s.namespace}/${s.name}`, maxLength: 12 }), (services) => {
        const items = services.map(({ endpoints, ...holder }) => ({ holder: holder as Holder, endpoints }));
        const all = conflictsAmong(items, show);
        items.forEach((it, i) => {
          expect(all[i]!.map((c) => c.field)).toEqual(conflictsOf(it.holder, it.endpoints, items, show).map((c) => c.field));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('names the oldest holder', () => {
    const e = { device: 'pe1', port: '1/1/c1/1', vlan: 10 };
    const items = [
      { holder: { kind: 'VRF', namespace: 'n', name: 'new', creationTimestamp: '2026-01-03T00:00:00Z' }, endpoints: [e] },
      { holder: { kind: 'VRF', namespace: 'n', name: 'old', creationTimestamp: '2026-01-01T00:00:00Z' }, endpoints: [e] },
      { holder: { kind: 'VPLS', namespace: 'n', name: 'mid', creationTimestamp: '2026-01-02T00:00:00Z' }, endpoints: [e] },
    ];
    const all = conflictsAmong(items, show);
    expect(all[1]).toEqual([]);
    expect(all[0]).toEqual([{ field: 'spec.endpoints[0]', message: '1/1/c1/1 VLAN 10 on pe1 is already used by VRF n/old' }]);
    expect(all[2]![0]!.message).toMatch(/VRF n\/old/);
  });
});
