// What each device part is judged with: the intent's policies before its device's (none of
// its own for the seed's ENC kinds), secrets rewritten when the config hash changed, and a
// policy path that does not parse refused naming its field.
import { describe, expect, it } from '@jest/globals';
import { deviationsOf, judgedParts } from '../../../controllers/deviations.js';
import type { Obj } from '../../../apis/objects.js';

const device = (name: string, driftPolicies?: unknown): Obj => ({ apiVersion: 'netintent.dev/v1alpha1', kind: 'NetworkDevice', metadata: { name }, spec: { driftPolicies } });
const intent = (kind: string, driftPolicies?: unknown): Obj => ({ apiVersion: 'x', kind, metadata: { name: 'blue' }, spec: { driftPolicies } });
const parts = [{ device: device('pe1', [{ path: '/configure/service/vprn', action: 'report' }]), fragments: [] }];
const hashes = new Map([['pe1', 'h1']]);

describe('judgedParts', () => {
  it("puts the intent's entries before its device's", () => {
    const j = judgedParts(intent('VRF', [{ path: '/configure/service/vprn[service-name=blue]', action: 'accept' }]), parts, hashes, [{ name: 'pe1', configHash: 'h1' }]);
    expect(j.errors).toEqual([]);
    expect(j.parts[0]!.observe.policies!.map((p) => p.action)).toEqual(['accept', 'report']);
    expect(j.parts[0]!.observe.rewriteSecrets).toBeUndefined();
  });
  it('ignores spec.driftPolicies on the ENC kinds (their spec is the seed\'s) but applies the device\'s', () => {
    const j = judgedParts(intent('SROSConfig', [{ path: '/configure', action: 'accept' }]), parts, hashes, []);
    expect(j.parts[0]!.observe.policies!.map((p) => p.action)).toEqual(['report']);
    expect(j.parts[0]!.observe.rewriteSecrets).toBe(true);
  });
  it('does not rewrite secrets this process already synced', () => {
    expect(judgedParts(intent('VRF'), parts, hashes, undefined).parts[0]!.observe.rewriteSecrets).toBeUndefined();
  });
  it('refuses a path that does not parse, naming the field', () => {
    const j = judgedParts(intent('VRF', [{ path: '/a[b=c', action: 'accept' }]), parts, hashes, []);
    expect(j.errors).toEqual([expect.objectContaining({ field: 'spec.driftPolicies[0].path', cause: 'invalid' })]);
  });
});

describe('deviationsOf', () => {
  it('names accepted and reported deviations per device and bounds them', () => {
    const out = { ok: true, devices: [{ device: 'pe1', diff: '', upToDate: true, written: false, state: 'Synced' as const, deviations: Array.from({ length: 70 }, (_, i) => ({ path: `/p${i}`, action: i ? ('accept' as const) : ('report' as const), diff: 'x'.repeat(5000) })) }] };
    const d = deviationsOf(out);
    expect(d).toHaveLength(64);
    expect(d[0]).toMatchObject({ device: 'pe1', path: '/p0', action: 'reported' });
    expect(d[1]!.action).toBe('accepted');
    expect(Buffer.byteLength(d[0]!.diff)).toBeLessThanOrEqual(4096);
  });
});
