// A seeded generator of valid inventories: NetworkDevices and every intent kind, with
// endpoints that never collide. Shared by the generated-input test and the benchmark.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Source } from '../adapters/render/resolve.js';

/** mulberry32: small, fast, reproducible. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const API = 'netintent.dev/v1alpha1';
const obj = (kind: string, name: string, spec: unknown, apiVersion = API): KubernetesObject =>
  ({ apiVersion, kind, metadata: { name, namespace: 'default' }, spec }) as KubernetesObject;

export interface SynthOptions {
  seed?: number;
  devices: number;
  intents: number;
  /** Share of SR OS devices (the rest is SR Linux). */
  srosShare?: number;
}

export function synthInventory(o: SynthOptions): Source[] {
  const r = rng(o.seed ?? 1);
  const out: Source[] = [];
  const add = (object: KubernetesObject) => out.push({ object, origin: `synth#${out.length + 1}` });
  const sros: string[] = [];
  const srl: string[] = [];
  for (let i = 0; i < o.devices; i++) {
    const isSros = r.next() < (o.srosShare ?? 0.6);
    const name = `${isSros ? 'pe' : 'leaf'}${i}`;
    (isSros ? sros : srl).push(name);
    const hi = (i >> 8) & 0xff;
    const lo = i & 0xff;
    add(
      obj('NetworkDevice', name, {
        address: `10.${hi}.${lo}.1`,
        platform: isSros ? 'sros' : 'srlinux',
        protocol: isSros ? 'netconf' : 'gnmi',
        credentialsSecretRef: { name: 'creds' },
        ...(isSros ? { hostKey: { insecureIgnoreHostKey: true } } : { tls: { insecure: true } }),
        systemAddress: `192.0.${hi}.${lo}`,
        asNumber: 65000,
        ...(isSros
          ? {
              srv6: {
                sourceAddress: `fc00::${i.toString(16)}`,
                originationFpe: [1],
                locators: [{ name: 'loc1', prefix: `fc00:0:${i.toString(16)}::/48`, blockLength: 32, nodeLength: 16, functionLength: 16, terminationFpe: [2] }],
              },
            }
          : {}),
      }),
    );
  }
  if (!sros.length || !srl.length) throw new Error('synthInventory needs both SR OS and SR Linux devices');

  // Endpoints are unique per device: ports rotate, VLANs count up.
  const next = new Map<string, number>();
  const endpoint = (device: string) => {
    const n = (next.get(device) ?? 0) + 1;
    next.set(device, n);
    const vlan = 1 + ((n - 1) % 4000);
    const slot = 1 + Math.floor((n - 1) / 4000);
    const port = device.startsWith('pe') ? `1/1/c${slot}/1` : `ethernet-1/${slot}`;
    return { device, port, vlan };
  };
  const some = (pool: string[], min: number, max: number) => {
    const k = Math.min(pool.length, r.int(min, max));
    const set = new Set<string>();
    while (set.size < k) set.add(r.pick(pool));
    return [...set];
  };

  const vrfs: string[] = [];
  for (let i = 0; i < o.intents; i++) {
    const kind = r.pick(['VRF', 'VRF', 'VRF', 'VPLS', 'VPLS', 'SRv6Policy', 'L3VPN', 'SROSConfig'] as const);
    if (kind === 'VRF') {
      const srv6 = r.chance(0.5);
      const vxlan = !srv6 && r.chance(0.5);
      // EVPN-VXLAN VRFs are SR Linux only (netintent renders no SR OS R-VPLS + evpn-tunnel).
      const devs = srv6 ? some(sros, 1, 3) : vxlan ? some(srl, 1, 2) : [...some(sros, 0, 2), ...some(srl, 1, 2)];
      const name = `vrf-${i}`;
      vrfs.push(name);
      add(
        obj('VRF', name, {
          ...(r.chance(0.3) ? { description: `synthetic VRF ${i}` } : {}),
          endpoints: devs.map((d, j) => ({
            ...endpoint(d),
            ipv4: `10.${(i >> 8) & 0xff}.${i & 0xff}.${j + 1}/24`,
            ...(r.chance(0.5) ? { ipv6: `2001:db8:${i.toString(16)}::${j + 1}/64` } : {}),
          })),
          ...(srv6 ? { srv6: { locator: 'loc1' } } : {}),
          ...(vxlan ? { evpnVxlan: { vni: 100000 + i } } : {}),
        }),
      );
    } else if (kind === 'VPLS') {
      const srv6 = r.chance(0.3);
      const devs = srv6 ? some(sros, 1, 3) : [...some(sros, 0, 2), ...some(srl, 1, 2)];
      add(
        obj('VPLS', `vpls-${i}`, {
          endpoints: devs.map((d) => ({ ...endpoint(d), ...(d.startsWith('pe') && r.chance(0.2) ? { innerVlan: r.int(1, 4094) } : {}) })),
          ...(r.chance(0.9) || srv6 ? { evpn: { evi: 1 + (i % 65535), ...(srv6 ? {} : { vni: 200000 + i }) } } : {}),
          ...(srv6 ? { srv6: { locator: 'loc1' } } : {}),
          ...(r.chance(0.2) ? { mtu: r.int(1500, 9000) } : {}),
        }),
      );
    } else if (kind === 'SRv6Policy') {
      const head = r.pick(sros);
      add(
        obj('SRv6Policy', `pol-${i}`, {
          headEnd: head,
          endpoint: `fc00::${r.int(1, 0xffff).toString(16)}`,
          color: r.int(0, 4294967295),
          segmentLists: Array.from({ length: r.int(1, 3) }, (_, j) => ({
            index: j + 1,
            ...(r.chance(0.5) ? { weight: r.int(1, 100) } : {}),
            segments: Array.from({ length: r.int(1, 4) }, () =>
              r.chance(0.5) ? { device: r.pick(sros), locator: 'loc1' } : { sid: `fc00:0:${r.int(1, 0xffff).toString(16)}::` },
            ),
          })),
        }),
      );
    } else if (kind === 'L3VPN' && vrfs.length >= 3) {
      const members = [vrfs.pop()!, vrfs.pop()!, vrfs.pop()!];
      const hubAndSpoke = r.chance(0.5);
      add(
        obj('L3VPN', `vpn-${i}`, {
          topology: hubAndSpoke ? 'hub-and-spoke' : 'full-mesh',
          vrfs: members.map((name, j) => (hubAndSpoke ? { name, role: j === 0 ? 'hub' : 'spoke' } : { name })),
        }),
      );
    } else {
      const d = r.pick(sros);
      const idx = Number(d.slice(2));
      add(
        obj(
          'SROSConfig',
          `enc-${i}`,
          {
            switchID: `10.${(idx >> 8) & 0xff}.${idx & 0xff}.1`,
            path: `/service/customer[customer-name=cust-${i}]`,
            properties: { 'customer-id': 100000 + i, description: `customer ${i}` },
          },
          'nwi.enc.nokia.com/v1alpha2',
        ),
      );
    }
  }
  return out;
}
