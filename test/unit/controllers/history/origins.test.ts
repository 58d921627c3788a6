// What the history is told of an intent: who asked, and the spec its devices held before.
import { describe, expect, it } from '@jest/globals';
import type { Obj } from '../../../../apis/objects.js';
import { Origins } from '../../../../controllers/history/origins.js';

const vrf = (generation: number, description: string, synced = false): Obj => ({
  apiVersion: 'netintent.dev/v1alpha1',
  kind: 'VRF',
  metadata: { name: 'blue', namespace: 'ns', uid: 'u1', generation, managedFields: [{ manager: 'noc-bob', operation: 'Apply', time: '2026-01-01T00:00:00Z', fieldsV1: { 'f:spec': {} } }] } as Obj['metadata'],
  spec: { description },
  ...(synced ? { status: { observedGeneration: generation, conditions: [{ type: 'Synced', status: 'True', observedGeneration: generation, reason: 'InSync', message: '', lastTransitionTime: '' }] } } : {}),
});

describe('Origins', () => {
  it('gives a change the spec last committed and who asked; nothing before a creation', () => {
    const o = new Origins();
    expect(o.origin(vrf(1, 'v1'), 'Change')).toEqual({ apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', namespace: 'ns', name: 'blue', uid: 'u1', generation: 1, cause: 'Change', requestedBy: 'noc-bob' });
    o.committed(vrf(1, 'v1'));
    expect(o.origin(vrf(2, 'v2'), 'Change').previous).toEqual({ generation: 1, spec: { description: 'v1' } });
    // A drift revert or a removal carries no previous spec and no requester.
    expect(o.origin(vrf(2, 'v2'), 'DriftRevert')).not.toHaveProperty('previous');
    expect(o.origin(vrf(2, 'v2'), 'Removal')).not.toHaveProperty('requestedBy');
  });

  it('learns the synced spec from status after a restart, never an older one over a newer', () => {
    const o = new Origins();
    o.seen(vrf(4, 'v4', true));
    o.seen(vrf(3, 'v3', true)); // a stale copy
    o.seen(vrf(5, 'v5')); // not synced: not what the devices hold
    expect(o.origin(vrf(5, 'v5'), 'Change').previous).toEqual({ generation: 4, spec: { description: 'v4' } });
    o.forget('VRF/ns/blue');
    expect(o.origin(vrf(5, 'v5'), 'Change')).not.toHaveProperty('previous');
  });
});
