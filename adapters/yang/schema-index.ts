// The shape of a platform's configuration models, as the simulators and the startup-config
// parser need it: which data nodes exist, which are lists (and their keys) or leaf-lists,
// each leaf's resolved type, and where the module changes (RFC 7951 qualifies member names
// there). Built from yanglint's compiled views at start-up: `-f info` for kinds, keys and
// types (every typedef resolved), `-f tree` for the module of augmented nodes (info does not
// say). Ranges and patterns stay yanglint's business.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseStatements, toNode, type SchemaNode, type YangType } from './info.js';
import { MODELS, modelSet, yanglintModelArgs, type Platform } from './models.js';

export interface SchemaEntry {
  kind: SchemaNode['kind'];
  keys: readonly string[];
  type?: YangType;
  /** The node's module, set only where it differs from its parent's (JSON_IETF qualifies the name there). */
  module?: string;
  /** A leaf every instance of its parent must hold (`mandatory true`, not under a choice or `when`). */
  mandatory?: true;
}

/** Unqualified data path (`/configure/service/vprn`, `/interface/subinterface`) → entry. */
export type SchemaIndex = Map<string, SchemaEntry>;

/** One `identity` statement: where it is defined and the (unprefixed) names of its bases. */
export interface IdentityDef {
  module: string;
  bases: string[];
}

export interface PlatformSchema {
  platform: Platform;
  index: SchemaIndex;
  /** Top-level containers/lists served, with their modules. */
  tops: Record<string, string>;
  /** Identity name → its definitions, for JSON_IETF identityref values (SR Linux). */
  identities: Map<string, IdentityDef[]>;
}

/** SR OS: everything is under nokia-conf's /configure. */
const SROS_TOPS: Record<string, string> = { configure: 'nokia-conf' };
/** SR Linux top-level nodes netintent reads and writes, when their module is loaded. */
const SRL_TOPS: Record<string, string> = {
  interface: 'srl_nokia-interfaces',
  'network-instance': 'srl_nokia-network-instance',
  'tunnel-interface': 'srl_nokia-tunnel-interfaces',
  'routing-policy': 'srl_nokia-routing-policy',
  system: 'srl_nokia-system',
};

/** The platform's top-level nodes whose modules the model list loads. */
export function platformTops(platform: Platform): Record<string, string> {
  if (platform === 'sros') return SROS_TOPS;
  const loaded = (m: string) => MODELS.srlinux.modules.some((f) => f.endsWith(`/${m}.yang`));
  return Object.fromEntries(Object.entries(SRL_TOPS).filter(([, m]) => loaded(m)));
}

const run = promisify(execFile);
const cache = new Map<Platform, Promise<PlatformSchema>>();

/** Loads (once per process) the schema of a platform's configuration models. */
export function loadPlatformSchema(platform: Platform): Promise<PlatformSchema> {
  let p = cache.get(platform);
  if (!p) {
    p = build(platform);
    cache.set(platform, p);
    p.catch(() => cache.delete(platform));
  }
  return p;
}

async function build(platform: Platform): Promise<PlatformSchema> {
  const tops = platformTops(platform);
  const index: SchemaIndex = new Map();
  const args = yanglintModelArgs(platform);
  const prefixes = platform === 'srlinux' ? scanModules(platform) : undefined;
  await Promise.all(
    Object.entries(tops).map(async ([top, module]) => {
      const info = await run('yanglint', ['-f', 'info', '-P', `/${module}:${top}`, ...args], { maxBuffer: 512 * 1024 * 1024 });
      const walk = (node: SchemaNode, path: string) => {
        const mandatory = node.kind === 'leaf' && node.mandatory && !node.conditional;
        index.set(path, { kind: node.kind, keys: node.keys, ...(node.type ? { type: node.type } : {}), ...(mandatory ? { mandatory: true as const } : {}) });
        for (const [name, child] of node.children) walk(child, `${path}/${name}`);
      };
      walk(toNode(parseStatements(info.stdout)[0]!), `/${top}`);
      index.get(`/${top}`)!.module = module;
      if (prefixes) {
        const tree = await run('yanglint', ['-f', 'tree', '-P', `/${module}:${top}`, ...args], { maxBuffer: 256 * 1024 * 1024 });
        markModules(tree.stdout, module, prefixes.prefixToModule, index);
      }
    }),
  );
  return { platform, index, tops, identities: prefixes?.identities ?? new Map() };
}

/**
 * `-f tree` prints a node's name as `prefix:name` when its module is not the printed one.
 * Walks the lines by indentation (choice and case are transparent in data paths) and sets
 * `module` on every entry whose module differs from its parent's.
 */
export function markModules(tree: string, topModule: string, prefixToModule: Map<string, string>, index: SchemaIndex) {
  const stack: { col: number; path: string; module: string }[] = [{ col: -1, path: '', module: '' }];
  for (const line of tree.split('\n')) {
    const col = line.indexOf('+--');
    if (col < 0) continue;
    const m = /^\+--(?:rw|ro|-w|-x|-n|x|n|u|\s*)\s*(\S+)/.exec(line.slice(col));
    if (!m) continue;
    while (stack.length > 1 && stack.at(-1)!.col >= col) stack.pop();
    const parent = stack.at(-1)!;
    const raw = m[1]!;
    if (raw.startsWith('(') || raw.startsWith(':(')) {
      stack.push({ col, path: parent.path, module: parent.module });
      continue;
    }
    const bare = raw.replace(/[*?!]+$/, '');
    const colon = bare.indexOf(':');
    const name = colon >= 0 ? bare.slice(colon + 1) : bare;
    const module = colon >= 0 ? (prefixToModule.get(bare.slice(0, colon)) ?? topModule) : topModule;
    const path = `${parent.path}/${name}`;
    const entry = index.get(path);
    if (entry && parent.module && module !== parent.module) entry.module = module;
    stack.push({ col, path, module });
  }
}

/** Every module file on the platform's search path: its prefix and the identities it defines. */
function scanModules(platform: Platform): { prefixToModule: Map<string, string>; identities: Map<string, IdentityDef[]> } {
  const prefixToModule = new Map<string, string>();
  const identities = new Map<string, IdentityDef[]>();
  const seen = new Set<string>();
  for (const sp of modelSet(platform).searchPaths) {
    for (const file of yangFiles(sp)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      const mod = /^\s*module\s+([\w.-]+)\s*\{/m.exec(text);
      if (!mod) continue; // submodules: SR Linux has none that define identities netintent uses
      const prefix = /^\s*prefix\s+"?([\w.-]+)"?\s*;/m.exec(text);
      if (prefix) prefixToModule.set(prefix[1]!, mod[1]!);
      for (const id of text.matchAll(/^\s*identity\s+"?([\w.-]+)"?\s*(?:;|\{([^}]*)\})/gm)) {
        const bases = [...(id[2] ?? '').matchAll(/\bbase\s+"?([\w.:-]+)"?\s*;/g)].map((b) => b[1]!.slice(b[1]!.indexOf(':') + 1));
        identities.set(id[1]!, [...(identities.get(id[1]!) ?? []), { module: mod[1]!, bases }]);
      }
    }
  }
  return { prefixToModule, identities };
}

function yangFiles(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (n.endsWith('.yang')) out.push(p);
    else if (!n.startsWith('.') && statSync(p).isDirectory()) out.push(...yangFiles(p));
  }
  return out;
}
