// `clab-<name>/topology-data.json` as containerlab (0.71 and later: links under `endpoints`,
// interfaces by their Linux names) writes it after a deploy, so that what
// reads a real lab's file (the e2e suite, `npm run lab`) reads the emulated lab's too. The
// emulation adds node labels under netintent.dev/ saying where each node is really served
// and which SSH host key it presents; a real deployment has neither, and readers fall back
// to the management address and the standard ports.
import type { LabState } from './lab.js';
import type { Topology } from './topology.js';

export const DIAL_LABEL = 'netintent.dev/dial-address';
export const HOST_KEY_LABEL = 'netintent.dev/ssh-host-key';
export const CONTROL_LABEL = 'netintent.dev/sim-control';

export function topologyData(t: Topology, s: LabState) {
  const prefixLength = Number(t.subnet.split('/')[1]);
  return {
    name: t.name,
    type: 'clab',
    clab: { config: { prefix: 'clab', mgmt: { network: 'clab', 'ipv4-subnet': t.subnet } } },
    'ssh-pub-keys': [],
    nodes: Object.fromEntries(
      s.nodes.map((n, index) => [
        n.name,
        {
          index: String(index),
          shortname: n.name,
          longname: `clab-${t.name}-${n.name}`,
          fqdn: `${n.name}.${t.name}.io`,
          group: '',
          labdir: `${s.labDir}/${n.name}`,
          kind: n.kind,
          image: t.nodes.find((x) => x.name === n.name)?.image ?? '',
          'mgmt-net': '',
          'mgmt-intf': '',
          'mgmt-ipv4-address': n.mgmt,
          'mgmt-ipv4-prefix-length': n.mgmt ? prefixLength : 0,
          'mgmt-ipv6-address': '',
          'mgmt-ipv6-prefix-length': 0,
          'mac-address': '',
          labels: {
            'clab-mgmt-net-bridge': '',
            'clab-node-group': '',
            'clab-node-kind': n.kind,
            'clab-node-lab-dir': `${s.labDir}/${n.name}`,
            'clab-node-longname': `clab-${t.name}-${n.name}`,
            'clab-node-name': n.name,
            'clab-node-type': t.nodes.find((x) => x.name === n.name)?.type ?? '',
            'clab-topo-file': s.topology,
            containerlab: t.name,
            ...(n.dial ? { [DIAL_LABEL]: n.dial } : {}),
            ...(n.hostKeyFingerprint ? { [HOST_KEY_LABEL]: n.hostKeyFingerprint } : {}),
            ...(n.control ? { [CONTROL_LABEL]: n.control } : {}),
          },
          'port-bindings': [],
        },
      ]),
    ),
    links: t.links.map((l) => ({
      endpoints: {
        a: { node: l.a.node, interface: linuxName(l.a.interface), mac: '', peer: 'z' },
        z: { node: l.z.node, interface: linuxName(l.z.interface), mac: '', peer: 'a' },
      },
    })),
  };
}

/** containerlab's interface aliases as the Linux names it reports: 1/1/c1/1 → e1-1-c1-1, ethernet-1/3 → e1-3. */
export function linuxName(alias: string): string {
  const sros = /^(\d+)\/(\d+)\/c(\d+)\/(\d+)$/.exec(alias);
  if (sros) return `e${sros[1]}-${sros[2]}-c${sros[3]}-${sros[4]}`;
  const srl = /^ethernet-(\d+)\/(\d+)$/.exec(alias);
  if (srl) return `e${srl[1]}-${srl[2]}`;
  return alias;
}
