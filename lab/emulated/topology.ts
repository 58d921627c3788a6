// A containerlab topology file (`*.clab.yml`), read for the emulated lab: the nodes with
// their kind and management address, and the links. Only what the emulation needs is read;
// everything else containerlab understands is left alone.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** What a node becomes in the emulated lab. */
export type Emulation = 'sros' | 'srlinux' | 'none';

export interface TopologyNode {
  name: string;
  kind: string;
  image?: string;
  type?: string;
  mgmtIPv4?: string;
  /** containerlab `startup-config` (node, else kind, else defaults), as written in the file. */
  startupConfig?: string;
  emulation: Emulation;
}

export interface Topology {
  name: string;
  /** Management subnet (containerlab's default when the file names none). */
  subnet: string;
  nodes: TopologyNode[];
  links: { a: { node: string; interface: string }; z: { node: string; interface: string } }[];
}

/** containerlab kinds netintent emulates (and manages), by what they become. */
export const EMULATION: Record<string, Emulation> = {
  nokia_srsim: 'sros',
  nokia_sros: 'sros',
  'vr-sros': 'sros',
  'vr-nokia_sros': 'sros',
  nokia_srlinux: 'srlinux',
  srl: 'srlinux',
};

const DEFAULT_SUBNET = '172.20.20.0/24';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

export function parseTopology(text: string, source = 'topology'): Topology {
  const doc = obj(parse(text));
  const fail = (m: string) => {
    throw new Error(`${source}: ${m}`);
  };
  const name = doc.name;
  if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) fail('needs a `name` (letters, digits, -, _, .)');
  const topo = obj(doc.topology);
  const kinds = obj(topo.kinds);
  const defaults = obj(topo.defaults);
  const rawNodes = obj(topo.nodes);
  if (!Object.keys(rawNodes).length) fail('topology.nodes is empty');
  const nodes: TopologyNode[] = Object.entries(rawNodes).map(([node, v]) => {
    const n = obj(v);
    const kind = (n.kind ?? defaults.kind) as string | undefined;
    if (!kind) return fail(`node ${node} has no kind`);
    const k = obj(kinds[kind]);
    const mgmt = n['mgmt-ipv4'] as string | undefined;
    if (mgmt !== undefined && !/^\d{1,3}(\.\d{1,3}){3}$/.test(mgmt)) fail(`node ${node}: mgmt-ipv4 ${mgmt} is not an IPv4 address`);
    return {
      name: node,
      kind,
      ...((n.image ?? k.image ?? defaults.image) ? { image: String(n.image ?? k.image ?? defaults.image) } : {}),
      ...((n.type ?? k.type) ? { type: String(n.type ?? k.type) } : {}),
      ...(mgmt ? { mgmtIPv4: mgmt } : {}),
      ...((n['startup-config'] ?? k['startup-config'] ?? defaults['startup-config'])
        ? { startupConfig: String(n['startup-config'] ?? k['startup-config'] ?? defaults['startup-config']) }
        : {}),
      emulation: EMULATION[kind] ?? 'none',
    };
  });
  const names = new Set(nodes.map((n) => n.name));
  const links = ((topo.links as unknown[] | undefined) ?? []).map((l, i) => {
    const ends = obj(l).endpoints as unknown;
    if (!Array.isArray(ends) || ends.length !== 2) return fail(`links[${i}] needs two endpoints`);
    const [a, z] = ends.map((e) => {
      const m = /^([^:]+):(.+)$/.exec(String(e));
      if (!m || !names.has(m[1]!)) return fail(`links[${i}]: endpoint ${String(e)} is not node:interface of a known node`);
      return { node: m[1]!, interface: m[2]! };
    });
    return { a: a!, z: z! };
  });
  return { name: name as string, subnet: String(obj(doc.mgmt)['ipv4-subnet'] ?? DEFAULT_SUBNET), nodes, links };
}

export const loadTopology = (file: string) => parseTopology(readFileSync(file, 'utf8'), file);

/**
 * Each node's management address (static, or the subnet's next free host from .2 on, as
 * containerlab hands them out) and where the emulated lab serves it: the same address moved
 * into 127/8 (172.20.20.200 → 127.20.20.200), so every node keeps its own address and the
 * standard ports.
 */
export function addresses(t: Topology): Map<string, { mgmt: string; loopback: string }> {
  const [base, len] = t.subnet.split('/');
  if (Number(len) < 8 || Number(len) > 30 || !/^\d{1,3}(\.\d{1,3}){3}$/.test(base ?? '')) throw new Error(`mgmt subnet ${t.subnet}: expected an IPv4 prefix between /8 and /30`);
  const toInt = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  const toAddr = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
  const first = toInt(base!) - (toInt(base!) % 2 ** (32 - Number(len)));
  const taken = new Set(t.nodes.flatMap((n) => (n.mgmtIPv4 ? [n.mgmtIPv4] : [])));
  const out = new Map<string, { mgmt: string; loopback: string }>();
  let next = first + 2;
  for (const n of t.nodes) {
    // kind puts a k8s-kind cluster on its own Docker network: no address in this subnet.
    if (n.kind === 'k8s-kind') {
      out.set(n.name, { mgmt: '', loopback: '' });
      continue;
    }
    let mgmt = n.mgmtIPv4;
    if (!mgmt) {
      while (taken.has(toAddr(next))) next++;
      taken.add((mgmt = toAddr(next)));
    }
    out.set(n.name, { mgmt, loopback: `127.${mgmt.split('.').slice(1).join('.')}` });
  }
  return out;
}
