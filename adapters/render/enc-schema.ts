// An ENC object (SROSConfig / SRLinuxConfig) writes a raw subtree at spec.path. Before anything
// goes to a device, the path and every property are checked against the platform's YANG schema
// (adapters/yang/schema-index.ts): each node exists at that place, containers and list entries
// are objects, lists are arrays of entries carrying their keys, leaves are scalars of their
// type (adapters/yang/leaf-value.ts). Anything else is refused naming the property.
import { leafValueProblem, type Encoding } from '../yang/leaf-value.js';
import type { PlatformSchema, SchemaEntry } from '../yang/schema-index.js';
import { unqualify, type PathElem } from '../yang/tree.js';
import { encFragment } from './enc.js';
import type { EncPlan } from './plan.js';
import { Invalid } from './pools.js';

interface Walk {
  schema: PlatformSchema;
  enc: Encoding;
  sros: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const what = (e: SchemaEntry) => (e.kind === 'list' ? `a list keyed by ${e.keys.join(', ')}` : `a ${e.kind}`);

/** Checks `plan` against `schema`; throws Invalid naming spec.path or the property. */
export function checkEncSchema(plan: EncPlan, schema: PlatformSchema): void {
  const w: Walk = { schema, enc: plan.kind === 'SROSConfig' ? 'xml' : 'json', sros: plan.kind === 'SROSConfig' };
  const update = encFragment(plan).updates[0]!;
  const { path, module, entry } = walkPath(w, update.path);
  if (entry.kind !== 'container' && entry.kind !== 'list') {
    throw new Invalid('spec.path', `${path} is a ${entry.kind}: spec.path names a container or a list entry, and the leaf goes under spec.properties`);
  }
  // Key leaves the path gives and the properties leave out are the path's to answer for.
  const fromPath = new Set(Object.keys(update.path.at(-1)!.keys ?? {}).filter((k) => !(k in plan.properties)));
  checkMembers(w, path, module, update.value, 'spec.properties', fromPath);
}

function walkPath(w: Walk, elems: PathElem[]): { path: string; module: string; entry: SchemaEntry } {
  let path = '';
  let module = '';
  let entry: SchemaEntry | undefined;
  for (const elem of elems) {
    const bare = unqualify(elem.name);
    const shown = `${path}/${bare}`;
    entry = w.schema.index.get(shown);
    if (!entry) {
      const where = path ? `${path} has no node ${bare}` : `/${bare} is not a top-level node (${Object.keys(w.schema.tops).join(', ')})`;
      throw new Invalid('spec.path', `${where} in the ${w.sros ? 'SR OS' : 'SR Linux'} YANG models`);
    }
    module = moduleOf(w, elem.name, entry, module, 'spec.path');
    path = shown;
    const keys = Object.keys(elem.keys ?? {});
    if (entry.kind === 'list') {
      const want = [...entry.keys].sort().join(',');
      if ([...keys].sort().join(',') !== want) {
        throw new Invalid('spec.path', `${path} is ${what(entry)}: name the entry with exactly [${entry.keys.map((k) => `${k}=…`).join('][')}]`);
      }
      for (const k of keys) {
        const keyEntry = w.schema.index.get(`${path}/${k}`);
        // Keys in a path are text: their JSON type is the renderer's to get right, not the author's.
        const problem = keyEntry?.type && leafValueProblem(keyEntry.type, String(elem.keys![k]), 'xml');
        if (problem) throw new Invalid('spec.path', `${path}[${k}]: ${problem}`);
      }
    } else if (keys.length) {
      throw new Invalid('spec.path', `${path} is ${what(entry)}, not a list: it takes no [key=value]`);
    } else if (entry.kind !== 'container' && elem !== elems.at(-1)) {
      throw new Invalid('spec.path', `${path} is a ${entry.kind}: nothing is below it`);
    }
  }
  return { path, module, entry: entry! };
}

/**
 * The module a member belongs to. JSON_IETF (SR Linux) qualifies a member exactly where its
 * module differs from its parent's; SR OS XML has one namespace, so only `nokia-conf:` may appear.
 */
function moduleOf(w: Walk, name: string, entry: SchemaEntry, parent: string, field: string): string {
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : undefined;
  if (w.sros) {
    if (prefix !== undefined && prefix !== 'nokia-conf') throw new Invalid(field, `${name}: SR OS nodes belong to nokia-conf, not ${prefix}`);
    return 'nokia-conf';
  }
  const module = entry.module ?? parent;
  if (prefix !== undefined && prefix !== module) throw new Invalid(field, `${name}: this node belongs to module ${module}, not ${prefix}`);
  if (prefix === undefined && entry.module && entry.module !== parent) {
    throw new Invalid(field, `${name} is from module ${module}: write ${module}:${name} (JSON_IETF qualifies a member whose module differs from its parent's)`);
  }
  return module;
}

function checkMembers(w: Walk, path: string, module: string, value: unknown, field: string, fromPath = new Set<string>()) {
  if (!isObject(value)) throw new Invalid(field, `${path} is a container or list entry: give an object of its members, not ${JSON.stringify(value)}`);
  const present = new Set(Object.keys(value).map(unqualify));
  const missing = mandatoryLeaves(w, path).filter((m) => !present.has(m));
  if (missing.length) throw new Invalid(field, `${path} needs ${missing.join(', ')} (mandatory in the YANG models)`);
  for (const [name, v] of Object.entries(value)) {
    const f = fromPath.has(name) ? 'spec.path' : `${field}.${name}`;
    const bare = unqualify(name);
    const here = `${path}/${bare}`;
    const entry = w.schema.index.get(here);
    if (!entry) throw new Invalid(f, `${path} has no node ${bare} in the ${w.sros ? 'SR OS' : 'SR Linux'} YANG models`);
    const mod = moduleOf(w, name, entry, module, f);
    checkValue(w, here, mod, entry, v, f);
  }
}

const mandatoryCache = new WeakMap<PlatformSchema, Map<string, string[]>>();
/** The mandatory leaves directly under `path` (one pass over the index per platform, then cached). */
function mandatoryLeaves(w: Walk, path: string): string[] {
  let byParent = mandatoryCache.get(w.schema);
  if (!byParent) {
    byParent = new Map();
    for (const [p, e] of w.schema.index) {
      if (!e.mandatory) continue;
      const parent = p.slice(0, p.lastIndexOf('/'));
      byParent.set(parent, [...(byParent.get(parent) ?? []), p.slice(parent.length + 1)]);
    }
    mandatoryCache.set(w.schema, byParent);
  }
  return byParent.get(path) ?? [];
}

function checkValue(w: Walk, here: string, module: string, entry: SchemaEntry, v: unknown, f: string) {
  switch (entry.kind) {
    case 'container':
      return checkMembers(w, here, module, v, f);
    case 'list': {
      if (!Array.isArray(v)) throw new Invalid(f, `${here} is ${what(entry)}: give a list of entries, each with ${entry.keys.join(', ')}`);
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const at = `${f}[${i}]`;
        if (!isObject(item)) throw new Invalid(at, `an entry of ${here} is an object with ${entry.keys.join(', ')}`);
        const missing = entry.keys.filter((k) => item[k] === undefined);
        if (missing.length) throw new Invalid(at, `an entry of ${here} needs its key${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
        const id = JSON.stringify(entry.keys.map((k) => String(item[k])));
        if (seen.has(id)) throw new Invalid(at, `${here} has two entries with ${entry.keys.map((k) => `${k}=${String(item[k])}`).join(', ')}`);
        seen.add(id);
        checkMembers(w, here, module, item, at);
      });
      return;
    }
    case 'leaf-list': {
      const items = Array.isArray(v) ? v : w.sros ? [v] : undefined;
      if (!items) throw new Invalid(f, `${here} is a leaf-list: give a list of values`);
      const seen = new Set<string>();
      items.forEach((item, i) => {
        const problem = entry.type && leafValueProblem(entry.type, item, w.enc);
        if (problem) throw new Invalid(`${f}[${i}]`, problem);
        if (seen.has(String(item))) throw new Invalid(`${f}[${i}]`, `${here} holds ${JSON.stringify(item)} twice`);
        seen.add(String(item));
      });
      return;
    }
    case 'leaf': {
      const problem = entry.type && leafValueProblem(entry.type, v, w.enc);
      if (problem) throw new Invalid(f, problem);
    }
  }
}
