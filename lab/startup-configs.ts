// Which startup config each node of a containerlab topology gets: the topology's SR OS and
// SR Linux nodes matched to the NetworkDevices of examples/00-devices.yaml by management
// address, their links turned into underlay links (a /31 per routed link: SR OS-SR OS core
// and PE-leaf; leaf-leaf links stay unrouted), and
// lab/underlay.ts's text for each. `npm run gen:lab-configs` writes the result to
// lab/topologies/configs/; check:generated keeps it fresh.
import { networkDeviceSpec } from '../apis/networkdevice.js';
import type { Source } from '../adapters/render/resolve.js';
import type { Topology } from './emulated/topology.js';
import { underlayConfig, type UnderlayDevice, type UnderlayLink } from './underlay.js';

/** Routed links (those with an SR OS end) get 10.1.0.2k/31 and 10.1.0.2k+1/31, in the order of the topology's links. */
const LINK_NET = '10.1.0.';

/** The NetworkDevices among manifests (spec defaults applied), e.g. `devicesOf(loadSources(file))`. */
export function devicesOf(sources: Source[]): UnderlayDevice[] {
  return sources
    .filter((s) => s.object.kind === 'NetworkDevice')
    .map(({ object, origin }) => {
      const spec = networkDeviceSpec.safeParse((object as { spec?: unknown }).spec);
      if (!spec.success) throw new Error(`${origin}: NetworkDevice ${object.metadata?.name}: ${spec.error.message}`);
      return { name: object.metadata!.name!, spec: spec.data };
    });
}

/** The file name containerlab expects: `.partial.cfg` (SR OS, merged into its defaults) or `.cli` (SR Linux). */
export const startupConfigFile = (node: string, platform: 'sros' | 'srlinux') => `${node}.${platform === 'sros' ? 'partial.cfg' : 'cli'}`;

/** File name → text for every SR OS / SR Linux node of the topology that has a NetworkDevice. */
export function topologyStartupConfigs(t: Topology, devices: UnderlayDevice[]): Map<string, string> {
  const byNode = new Map<string, UnderlayDevice>();
  for (const n of t.nodes) {
    if (n.emulation === 'none') continue;
    const d = devices.find((x) => x.spec.address === n.mgmtIPv4);
    if (!d) throw new Error(`topology ${t.name}: node ${n.name} (${n.mgmtIPv4 ?? 'no mgmt-ipv4'}) matches no NetworkDevice address`);
    if (d.spec.platform !== n.emulation) throw new Error(`topology ${t.name}: node ${n.name} is ${n.emulation} but NetworkDevice ${d.name} is ${d.spec.platform}`);
    byNode.set(n.name, { name: n.name, spec: d.spec });
  }
  const links = new Map<string, UnderlayLink[]>([...byNode.keys()].map((k) => [k, []]));
  let routed = 0;
  for (const l of t.links) {
    const a = byNode.get(l.a.node);
    const z = byNode.get(l.z.node);
    if (!a || !z) continue;
    const isRouted = a.spec.platform === 'sros' || z.spec.platform === 'sros';
    const base = 2 * routed;
    if (isRouted) routed++;
    if (isRouted && base + 1 > 255) throw new Error(`topology ${t.name}: more than 128 routed links, ${LINK_NET}0/24 is full`);
    links.get(l.a.node)!.push({ port: l.a.interface, peer: z, ...(isRouted ? { address: `${LINK_NET}${base}/31` } : {}) });
    links.get(l.z.node)!.push({ port: l.z.interface, peer: a, ...(isRouted ? { address: `${LINK_NET}${base + 1}/31` } : {}) });
  }
  const peers = [...byNode.values()];
  const out = new Map<string, string>();
  for (const [node, d] of byNode) out.set(startupConfigFile(node, d.spec.platform), underlayConfig(d, peers, links.get(node)));
  return out;
}
