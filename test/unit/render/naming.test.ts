// Device-side names (issue 12, item 3): one per namespace/name, readable, stable.
import { describe, expect, it } from '@jest/globals';
import { deviceStem } from '../../../adapters/render/documents.js';
import { DEVICE_NAME_MAX, serviceName } from '../../../adapters/render/plan.js';
import type { DeviceRender } from '../../../adapters/render/resolve.js';

const vrf = (namespace: string, name: string) => serviceName({ namespace, name });

describe('serviceName', () => {
  it('keeps short names as they were', () => {
    expect(vrf('default', 'blue')).toBe('blue');
    expect(vrf('team1', 'red')).toBe('team1.red');
    expect(vrf('team1', 'a.b')).toBe('team1.a.b');
  });

  it('tells team1/red from default/team1.red', () => {
    const other = vrf('default', 'team1.red');
    expect(other).not.toBe(vrf('team1', 'red'));
    expect(other).toMatch(/^team1\.red_[0-9a-f]{8}$/);
  });

  it('gives two names that share 64 characters two device names of at most 64', () => {
    const stem = 'v'.repeat(64);
    const [a, b] = [vrf('default', `${stem}-a`), vrf('default', `${stem}-b`)];
    expect(a).not.toBe(b);
    for (const n of [a, b]) {
      expect(n.length).toBeLessThanOrEqual(DEVICE_NAME_MAX);
      expect(n.startsWith('v'.repeat(40))).toBe(true);
    }
    const [c, d] = [vrf('tenant', 'x'.repeat(60)), vrf('tenant', `${'x'.repeat(60)}y`)];
    expect(c).not.toBe(d);
    expect(c.length).toBe(DEVICE_NAME_MAX);
  });

  it('hashes exactly at the limit, not below it', () => {
    expect(vrf('default', 'n'.repeat(64))).toBe('n'.repeat(64));
    expect(vrf('default', 'n'.repeat(65))).toMatch(/^n{55}_[0-9a-f]{8}$/);
  });

  it('is stable across runs and releases: the hash is of namespace/name only', () => {
    expect(vrf('default', 'team1.red')).toBe('team1.red_911ccdc7');
  });

  it('never gives a hashed name that a plain name could equal', () => {
    // Kubernetes names are [a-z0-9.-]: a plain device name never holds `_`.
    const names = [vrf('default', 'a.b'), vrf('default', 'z'.repeat(65)), vrf('ns', 'z'.repeat(70))];
    for (const n of names) expect(n).toContain('_');
  });
});

describe('deviceStem', () => {
  it('gives default/a.b and a/b different files, as their device-side names differ', () => {
    const stem = (namespace: string, name: string) => deviceStem({ device: { namespace, name } } as DeviceRender);
    expect(stem('default', 'pe1')).toBe('pe1');
    expect(stem('lab', 'pe1')).toBe('lab.pe1');
    expect(stem('default', 'a.b')).not.toBe(stem('a', 'b'));
  });
});
