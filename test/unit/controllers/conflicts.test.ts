// Endpoint clashes between services: the older object keeps the port + VLAN.
import { describe, expect, it } from '@jest/globals';
import { endpointConflicts } from '../../../controllers/conflicts.js';
import type { Obj } from '../../../apis/objects.js';

const svc = (kind: string, name: string, created: string, endpoints: object[], extra: Partial<Obj['metadata']> = {}): Obj => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind,
  metadata: { name, namespace: 'a', creationTimestamp: new Date(created), ...extra },
  spec: { endpoints },
});
const old = svc('VRF', 'old', '2026-01-01T00:00:00Z', [{ device: 'pe1', port: '1/1/c1/1', vlan: 100 }]);
const list = (...objs: Obj[]) => (kind: string) => objs.filter((o) => o.kind === kind);

describe('endpoint conflicts', () => {
  it('names the older holder for the newer object only', () => {
    const young = svc('VPLS', 'young', '2026-02-01T00:00:00Z', [{ device: 'pe2', port: '1/1/c1/1', vlan: 100 }, { device: 'pe1', port: '1/1/c1/1', vlan: 100 }]);
    expect(endpointConflicts(young, list(old, young))).toEqual([{ field: 'spec.endpoints[1]', message: '1/1/c1/1 VLAN 100 on pe1 is already used by VRF a/old' }]);
    expect(endpointConflicts(old, list(old, young))).toEqual([]);
  });

  it('tells apart VLANs, inner VLANs, devices and namespaces; ignores objects being deleted', () => {
    const at = (e: object, meta: Partial<Obj['metadata']> = {}) => endpointConflicts(svc('VRF', 'n', '2026-03-01T00:00:00Z', [e], meta), list(old));
    expect(at({ device: 'pe1', port: '1/1/c1/1', vlan: 101 })).toEqual([]);
    expect(at({ device: 'pe1', port: '1/1/c1/1', vlan: 100, innerVlan: 5 })).toEqual([]);
    expect(at({ device: 'pe1', port: '1/1/c1/1', vlan: 100 }, { namespace: 'b' })).toEqual([]);
    const leaving = svc('VRF', 'old', '2026-01-01T00:00:00Z', [{ device: 'pe1', port: '1/1/c1/1', vlan: 100 }], { deletionTimestamp: new Date() });
    expect(endpointConflicts(svc('VRF', 'n', '2026-03-01T00:00:00Z', [{ device: 'pe1', port: '1/1/c1/1', vlan: 100 }]), list(leaving))).toEqual([]);
  });

  it('breaks a tie in creation time by name, the same way from both sides', () => {
    const a = svc('VRF', 'a', '2026-01-01T00:00:00Z', [{ device: 'pe1', port: '1/1/c1/1', vlan: 100 }]);
    const b = svc('VRF', 'b', '2026-01-01T00:00:00Z', [{ device: 'pe1', port: '1/1/c1/1', vlan: 100 }]);
    expect(endpointConflicts(a, list(a, b))).toEqual([]);
    expect(endpointConflicts(b, list(a, b))).toHaveLength(1);
  });
});
