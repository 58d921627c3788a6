import { describe, expect, it } from '@jest/globals';
import type { Obj } from '../../../apis/objects.js';
import { NearbyIndex } from '../../../controllers/nearby.js';

const intent = (kind: string, name: string, spec: Record<string, unknown>): Obj => ({ apiVersion: 'netintent.dev/v1alpha1', kind, metadata: { name, namespace: 'ns' }, spec });
const vrf = (name: string, ...devices: string[]) => intent('VRF', name, { endpoints: devices.map((device) => ({ device, port: '1/1/c1/1', vlan: 1 })) });
const addresses: Record<string, string> = { 'ns/pe1': '10.0.0.1', 'ns/pe2': '10.0.0.2' };
const addressOf = (d: string) => addresses[d];
const deviceAt = (a: string) => Object.keys(addresses).find((d) => addresses[d] === a);

describe('NearbyIndex (issue 14)', () => {
  it('proposes the intents on a shared device, not the rest, and forgets deleted ones', () => {
    const idx = new NearbyIndex();
    const [red, blue, green] = [vrf('red', 'pe1', 'pe2'), vrf('blue', 'pe2'), vrf('green', 'pe3')];
    [red, blue, green].forEach((o) => idx.set(o));
    expect(idx.near(red, addressOf, deviceAt).sort()).toEqual(['VRF/ns/blue']);
    expect(idx.near(green, addressOf, deviceAt)).toEqual([]);
    idx.delete('VRF/ns/blue');
    expect(idx.near(red, addressOf, deviceAt)).toEqual([]);
  });

  it('finds an ENC manifest (by switchID address) and a VRF on the same router, both ways', () => {
    const idx = new NearbyIndex();
    const red = vrf('red', 'pe1');
    const grab = intent('SROSConfig', 'grab', { switchID: '10.0.0.1', path: '/service/vprn[service-name=ns.red]' });
    idx.set(red);
    idx.set(grab);
    expect(idx.near(red, addressOf, deviceAt)).toEqual(['SROSConfig/ns/grab']);
    expect(idx.near(grab, addressOf, deviceAt)).toEqual(['VRF/ns/red']);
  });

  it('moves an intent whose endpoints change', () => {
    const idx = new NearbyIndex();
    idx.set(vrf('red', 'pe1'));
    idx.set(vrf('red', 'pe2'));
    expect(idx.near(vrf('probe', 'pe1'), addressOf, deviceAt)).toEqual([]);
    expect(idx.near(vrf('probe', 'pe2'), addressOf, deviceAt)).toEqual(['VRF/ns/red']);
  });
});
