import { describe, expect, it } from '@jest/globals';
import { parseDependencies } from '../../apis/dependencies.js';

const seed = `[{
  "apiVersion": "nwi.enc.nokia.com/v1alpha2",
  "kind": "SROSConfig",
  "name": "customer-1234",
  "namespace": "enc-nwi-system"
}]`;

describe('parseDependencies', () => {
  it("reads the seed's nwi.enc.nokia.com/depends_on", () => {
    expect(parseDependencies({ 'nwi.enc.nokia.com/depends_on': seed }, 'default')).toEqual({
      ok: true,
      refs: [{ apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', name: 'customer-1234', namespace: 'enc-nwi-system' }],
    });
  });

  it('reads netintent.dev/depends-on, defaulting the namespace to the object’s own', () => {
    const r = parseDependencies({ 'netintent.dev/depends-on': '[{"apiVersion":"netintent.dev/v1alpha1","kind":"VRF","name":"blue"}]' }, 'tenant-a');
    expect(r).toEqual({ ok: true, refs: [{ apiVersion: 'netintent.dev/v1alpha1', kind: 'VRF', name: 'blue', namespace: 'tenant-a' }] });
  });

  it('merges both annotations and drops duplicates', () => {
    const one = '[{"apiVersion":"nwi.enc.nokia.com/v1alpha2","kind":"SROSConfig","name":"customer-1234","namespace":"enc-nwi-system"}]';
    const r = parseDependencies({ 'netintent.dev/depends-on': one, 'nwi.enc.nokia.com/depends_on': seed }, 'default');
    expect(r.ok && r.refs).toHaveLength(1);
  });

  it('treats no annotations as no dependencies', () => {
    expect(parseDependencies(undefined, 'x')).toEqual({ ok: true, refs: [] });
    expect(parseDependencies({ 'netintent.dev/depends-on': '  ' }, 'x')).toEqual({ ok: true, refs: [] });
  });

  it.each([
    ['not JSON', '[{kind: VRF}', /not valid JSON/],
    ['an object, not a list', '{"kind":"VRF"}', /expected a JSON list/],
    ['a reference without name', '[{"apiVersion":"v1","kind":"VRF"}]', /at \[0\]\.name/],
    ['a lower-case kind', '[{"apiVersion":"v1","kind":"vrf","name":"a"}]', /at \[0\]\.kind: must be a CamelCase kind/],
    ['an invalid name', '[{"apiVersion":"v1","kind":"VRF","name":"Blue_1"}]', /at \[0\]\.name/],
  ])('reports %s without throwing', (_what, value, message) => {
    const r = parseDependencies({ 'netintent.dev/depends-on': value }, 'default');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.annotation).toBe('netintent.dev/depends-on');
      expect(r.error).toMatch(message);
    }
  });
});
