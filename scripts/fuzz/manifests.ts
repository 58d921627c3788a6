// Hostile manifests for the fuzz suite (issue 12): the valid examples (examples/*.yaml) plus a
// few ENC objects, each mutated in one to three places — a value replaced, a key renamed or
// added, a field removed — with strings made to break encoders and parsers (XML and JSON
// metacharacters, path syntax, attribute and text-node names, control characters, unicode,
// huge and empty strings) and numbers at the edges of every range.
import type { KubernetesObject } from '@kubernetes/client-node';
import fc from 'fast-check';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Manifest = KubernetesObject & { spec?: Json };

/** Extra bases the examples lack: the SROSConfig path, an SRLinuxConfig with nested lists. */
export const ENC_BASES: Manifest[] = [
  {
    apiVersion: 'nwi.enc.nokia.com/v1alpha2',
    kind: 'SROSConfig',
    metadata: { name: 'bad-83', namespace: 'default' },
    spec: { switchID: '172.20.20.200', path: '/service/vpls[service-name=bad-83]', properties: { customer: '1', 'service-id': 8301, description: 'fuzz' } },
  } as Manifest,
  {
    apiVersion: 'nwi.enc.nokia.com/v1alpha2',
    kind: 'SRLinuxConfig',
    metadata: { name: 'uplink', namespace: 'default' },
    spec: {
      switchID: '172.20.20.11',
      path: '/interface[name=ethernet-1/10]',
      properties: { description: 'uplink', 'admin-state': 'enable', mtu: 9000, subinterface: [{ index: 1, description: 'sub' }] },
    },
  } as Manifest,
];

const HOSTILE_STRINGS = [
  '', ' ', '>', '<', '&', '"', "'", '&amp;', '&#0;', ']]>', '<![CDATA[x]]>', '</a><b>', '<?xml version="1.0"?>',
  'admin-state>enable</admin-state></vpls><vprn><service-name>evil</service-name></vprn><vpls><service-name>x</service-name><stp',
  '@_nc:operation', '@_xmlns', '#text', ':@', '__proto__', 'constructor', 'prototype', '$ref', '{}', '[]', 'null', 'true', '1e400',
  '[', ']', '/', '=', '/service/vprn[service-name=evil]', 'a[b=c]', 'x]/y[z=', '\\', '\\]', '"quoted"', '*', '..', '.',
  '::', '::1', 'ff02::1', 'fe80::1', '0.0.0.0/0', '::/0', '10.76.0.0/24', '10.76.0.255/24', '2001:db8::/64', 'fc00::1.2.3.4', '2001:db8:99::',
  '1/1/c1/1', 'ethernet-1/1', 'lag-1', '1/1/c1/1:5', 'target:65000:1', '65000:1', '0:0', 'target:0:0',
  '\u0000', '\u0001', '\u0008', '\u000b', '\t', '\n', '\r\n', '\u2028', '\u202e', '\ufeff', '\ufffe', '\ud800', 'é', '😀', '名前',
  'nokia-conf:description', 'srl_nokia-interfaces:description', 'foo:bar', 'a'.repeat(65), 'a'.repeat(81), 'b'.repeat(254),
];
/** Member names of the ENC subtrees: real ones, so the schema check meets more than unknown names. */
const YANG_NAMES = ['description', 'service-id', 'admin-state', 'customer', 'stp', 'service-mtu', 'sap', 'mtu', 'subinterface', 'index', 'vlan-tagging', 'name', 'ipv4', 'nokia-conf:admin-state'];
const EDGE_NUMBERS = [0, -1, 1, 2, 4094, 4095, 4096, 65535, 65536, 2147483647, 2147483648, 4294967295, 4294967296, Number.MAX_SAFE_INTEGER, -2147483649, 0.5, 1e21, -0];

const hugeString = fc.constantFrom('x'.repeat(70_000), '<'.repeat(40_000), '😀'.repeat(20_000));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(...YANG_NAMES) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...HOSTILE_STRINGS)).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: hugeString },
);

export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom<Json>(true, false, null, [], {}, [null], ['a', 'a'], [{}]) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, fc.oneof(hostileString, fc.integer()), { maxKeys: 3 }) as fc.Arbitrary<Json> },
);

const hostileKey: fc.Arbitrary<string> = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constantFrom(...YANG_NAMES) });

export type Mutation =
  | { op: 'set'; slot: number; value: Json }
  | { op: 'rename'; slot: number; key: number; name: string }
  | { op: 'add'; slot: number; name: string; value: Json }
  | { op: 'delete'; slot: number };

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), slot: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('rename' as const), slot: fc.nat(), key: fc.nat(), name: hostileKey }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), slot: fc.nat(), name: hostileKey, value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), slot: fc.nat() }) },
);

export interface Case {
  base: number;
  mutations: Mutation[];
}
export const caseOf = (bases: number): fc.Arbitrary<Case> =>
  fc.record({ base: fc.nat({ max: bases - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) });

type Path = (string | number)[];
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every place a mutation may touch: the spec's values and containers, metadata.name and annotations. */
function slots(m: Manifest): { leaves: Path[]; objects: Path[] } {
  const leaves: Path[] = [['metadata', 'name']];
  const objects: Path[] = [['spec']];
  if (m.metadata?.annotations) objects.push(['metadata', 'annotations']);
  const walk = (v: Json | undefined, at: Path) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i]));
    else if (isObject(v)) {
      if (at.length > 1) objects.push(at);
      for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
    } else leaves.push(at);
  };
  walk(m.spec, ['spec']);
  for (const k of Object.keys(m.metadata?.annotations ?? {})) leaves.push(['metadata', 'annotations', k]);
  return { leaves, objects };
}

function at(root: unknown, path: Path): Record<string | number, Json> {
  let cur = root as Record<string | number, Json>;
  for (const p of path) cur = cur[p] as Record<string | number, Json>;
  return cur;
}

/** `base` with the case's mutations applied (a deep copy; the base is left alone). */
export function mutate(base: Manifest, mutations: Mutation[]): Manifest {
  const m = structuredClone(base);
  for (const mu of mutations) {
    const { leaves, objects } = slots(m);
    if (mu.op === 'set' || mu.op === 'delete') {
      const path = leaves[mu.slot % leaves.length]!;
      const parent = at(m, path.slice(0, -1));
      const last = path.at(-1)!;
      if (mu.op === 'delete' && !(path[0] === 'metadata' && last === 'name')) {
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
      } else if (mu.op === 'set') parent[last] = path[1] === 'annotations' && typeof mu.value !== 'string' ? JSON.stringify(mu.value) : mu.value;
      continue;
    }
    const obj = at(m, objects[mu.slot % objects.length]!) as Record<string, Json>;
    if (mu.op === 'add') {
      Object.defineProperty(obj, mu.name, { value: mu.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const keys = Object.keys(obj);
    if (!keys.length) continue;
    const old = keys[mu.key % keys.length]!;
    const value = obj[old]!;
    delete obj[old];
    Object.defineProperty(obj, mu.name, { value, enumerable: true, writable: true, configurable: true });
  }
  return m;
}
