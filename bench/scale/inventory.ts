// The scale bench's inventory: NetworkDevices dialled at the simulator fleet, and a seeded mix
// of VRFs, VPLSs and L3VPNs with 2–4 endpoints each (an L3VPN groups 2–3 of the VRFs). Every
// object is an intent; endpoints never collide (ports rotate, VLANs count up per device).
import type { KubernetesObject } from '@kubernetes/client-node';
import { rng } from '../synth.js';
import { DIAL_ANNOTATION } from '../../devices/connections.js';
import { ANNOTATIONS } from '../../apis/index.js';

export interface FleetDevice {
  name: string;
  platform: 'sros' | 'srlinux';
  port: number;
  hostKeyFingerprint?: string;
}

const API = 'netintent.dev/v1alpha1';

export function deviceObjects(fleet: FleetDevice[], ns: string): KubernetesObject[] {
  return fleet.map((d, i) => {
    const hi = (i >> 8) & 0xff;
    const lo = i & 0xff;
    return {
      apiVersion: API,
      kind: 'NetworkDevice',
      // The fleet's devices have no underlay: the bench measures transactions, so the
      // prerequisite check is skipped (and says so in each device's status), not faked.
      metadata: { name: d.name, namespace: ns, annotations: { [DIAL_ANNOTATION]: `127.0.0.1:${d.port}`, [ANNOTATIONS.skipPrerequisites]: 'true' } },
      spec: {
        address: `10.${200 + hi}.${lo}.1`,
        platform: d.platform,
        protocol: d.platform === 'sros' ? 'netconf' : 'gnmi',
        credentialsSecretRef: { name: 'fleet-creds' },
        ...(d.platform === 'sros'
          ? {
              hostKey: { sha256Fingerprint: d.hostKeyFingerprint },
              srv6: {
                sourceAddress: `fc00::${(i + 1).toString(16)}`,
                originationFpe: [1],
                locators: [{ name: 'loc1', prefix: `fc00:0:${(i + 1).toString(16)}::/48`, blockLength: 32, nodeLength: 16, functionLength: 16, terminationFpe: [2] }],
              },
            }
          : { tls: { caSecretRef: { name: 'fleet-ca' }, serverName: 'localhost' } }),
        systemAddress: `192.0.${hi}.${lo}`,
        asNumber: 65000,
      },
    } as KubernetesObject;
  });
}

/**
 * `count` intents: about 55 % VRFs (half SRv6 on SR OS only, half mixed SR OS / SR Linux over
 * MPLS / EVPN), 35 % VPLSs (EVPN, mixed), 10 % L3VPNs over 2–3 VRFs made for them.
 */
export function intentObjects(fleet: FleetDevice[], ns: string, count: number, seed = 14): KubernetesObject[] {
  const r = rng(seed);
  const sros = fleet.filter((d) => d.platform === 'sros').map((d) => d.name);
  const srl = fleet.filter((d) => d.platform === 'srlinux').map((d) => d.name);
  if (sros.length < 4 || srl.length < 2) throw new Error('the scale inventory needs at least 4 SR OS and 2 SR Linux devices');
  const pick = (pool: string[], k: number) => {
    const set = new Set<string>();
    while (set.size < Math.min(k, pool.length)) set.add(pool[Math.floor(r.next() * pool.length)]!);
    return [...set];
  };
  const srlSet = new Set(srl);
  const next = new Map<string, number>();
  const endpoint = (device: string) => {
    const n = (next.get(device) ?? 0) + 1;
    next.set(device, n);
    const slot = 1 + Math.floor((n - 1) / 4000);
    return { device, port: srlSet.has(device) ? `ethernet-1/${slot}` : `1/1/c${slot}/1`, vlan: 1 + ((n - 1) % 4000) };
  };
  const out: KubernetesObject[] = [];
  const obj = (kind: string, name: string, spec: unknown) => out.push({ apiVersion: API, kind, metadata: { name, namespace: ns }, spec } as KubernetesObject);
  let i = 0;
  const vrf = (name: string) => {
    const srv6 = r.next() < 0.5;
    const devs = srv6 ? pick(sros, r.int(2, 4)) : [...pick(sros, r.int(1, 2)), ...pick(srl, r.int(1, 2))];
    obj('VRF', name, {
      endpoints: devs.map((d, j) => ({ ...endpoint(d), ipv4: `10.${(i >> 8) & 0xff}.${i & 0xff}.${j + 1}/24` })),
      ...(srv6 ? { srv6: { locator: 'loc1' } } : {}),
    });
    i++;
  };
  while (out.length < count) {
    const x = r.next();
    if (x < 0.55) vrf(`vrf-${i}`);
    else if (x < 0.9) {
      const devs = [...pick(sros, r.int(1, 2)), ...pick(srl, r.int(1, 2))];
      // Own RT administrator for L2 services: the default target:<ASN>:<EVI> shares rt/<ASN>
      // with the VRFs' allocated RTs, and a VRF that drew that number first refuses the VPLS.
      const evi = 1 + (i % 65535);
      obj('VPLS', `vpls-${i}`, { endpoints: devs.map(endpoint), evpn: { evi, vni: 200000 + i, routeTargets: { import: `target:65001:${evi}`, export: `target:65001:${evi}` } } });
      i++;
    } else if (out.length + 4 <= count) {
      const members = Array.from({ length: r.int(2, 3) }, (_, j) => `vpn-${i}-m${j}`);
      const at = i;
      members.forEach(vrf);
      obj('L3VPN', `vpn-${at}`, { topology: 'full-mesh', vrfs: members.map((name) => ({ name })) });
    }
  }
  return out;
}
