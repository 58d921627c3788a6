// One router, one NetworkDevice (issue 12, item 8): a second object for the same address or
// the same dialled host:port is refused, whatever its namespace, and never names a switchID.
import { describe, expect, it } from '@jest/globals';
import { deviceAtAddress, duplicateOf, reachKeys, type DeviceIdentity } from '../../../adapters/render/device-identity.js';
import { resolve, type Source } from '../../../adapters/render/resolve.js';
import { device } from '../../support/render.js';

const dev = (namespace: string, name: string, t: string, more: Partial<DeviceIdentity> = {}): DeviceIdentity => ({
  kind: 'NetworkDevice', namespace, name, creationTimestamp: t, address: '192.0.2.1', protocol: 'netconf', ...more,
});
const a = dev('a', 'pe1', '2026-01-01T00:00:00Z');

describe('duplicate devices', () => {
  it('refuses the newer of two with one address, across namespaces, and not the older', () => {
    const b = dev('b', 'router', '2026-02-01T00:00:00Z', { dial: '127.0.0.1:9999' });
    expect(duplicateOf(b, [a, b])).toEqual({ owner: a, what: 'address 192.0.2.1' });
    expect(duplicateOf(a, [a, b])).toBeUndefined();
  });

  it('refuses two addresses dialled at one host:port, default ports included', () => {
    const b = dev('a', 'pe1-alias', '2026-02-01T00:00:00Z', { address: '10.0.0.9', dial: '192.0.2.1:830' });
    expect(duplicateOf(b, [a, b])?.what).toBe('dial address 192.0.2.1:830');
    const c = dev('a', 'c', '2026-02-01T00:00:00Z', { address: '10.0.0.9', dial: '[2001:db8::1]:830' });
    const d = dev('a', 'd', '2026-01-01T00:00:00Z', { address: '2001:db8::1' });
    expect(duplicateOf(c, [c, d])?.owner).toBe(d);
  });

  it('lets one host serve several devices on several ports (emulated labs)', () => {
    const x = dev('a', 'x', '2026-01-01T00:00:00Z', { address: '172.20.20.2', dial: '127.0.0.1:1001' });
    const y = dev('a', 'y', '2026-01-01T00:00:00Z', { address: '172.20.20.3', dial: '127.0.0.1:1002' });
    expect(duplicateOf(y, [x, y])).toBeUndefined();
    expect(reachKeys(y).map((k) => k.key)).toEqual(['address:172.20.20.3', 'endpoint:127.0.0.1:1002']);
  });

  it('resolves a switchID to the owner, never to the duplicate', () => {
    const b = dev('b', 'aaa-first-by-name', '2026-02-01T00:00:00Z');
    expect(deviceAtAddress('192.0.2.1', [b, a])).toBe(a);
    expect(deviceAtAddress('192.0.2.9', [b, a])).toBeUndefined();
  });
});

describe('the resolver applies the rule', () => {
  const at = (s: Source, namespace: string, t: string) => {
    s.object.metadata = { ...s.object.metadata, namespace, creationTimestamp: t as never };
    return s;
  };
  it('names the owner in an error on spec.address, and targets ENC objects at the owner', () => {
    const owner = at(device('pe1', 'sros', 1, {}), 'a', '2026-01-01T00:00:00Z');
    const dup = at(device('aaa', 'sros', 1, {}), 'b', '2026-02-01T00:00:00Z');
    const enc: Source = {
      object: { apiVersion: 'nwi.enc.nokia.com/v1alpha2', kind: 'SROSConfig', metadata: { name: 'c', namespace: 'b' }, spec: { switchID: '192.0.2.1', path: '/service/customer[customer-name=7]', properties: { 'customer-id': 7 } } } as never,
      origin: 'enc.yaml#c',
    };
    const r = resolve([owner, dup, enc]);
    expect(r.errors).toEqual([
      { origin: 'test.yaml#aaa', object: 'NetworkDevice b/aaa', field: 'spec.address', message: "address 192.0.2.1 is NetworkDevice a/pe1's: one router, one NetworkDevice", cause: 'invalid' },
    ]);
    const withEnc = r.devices.filter((d) => d.fragments.some((f) => f.owner.kind === 'SROSConfig')).map((d) => `${d.device.namespace}/${d.device.name}`);
    expect(withEnc).toEqual(['a/pe1']);
  });
});
