// The SR Linux simulator's datastore: one JSON_IETF document (top-level names module-
// qualified), addressed by gNMI paths whose element names may omit module prefixes.
import { formatPath } from '../../../adapters/yang/path.js';
import { memberName, nodeAtPath, type PathElem, type YObject } from '../../../adapters/yang/tree.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Obj = { [k: string]: Json };

/** List keys by unqualified data path, e.g. `/network-instance/interface` → ["name"]. */
export type KeyIndex = Map<string, readonly string[]>;

const unq = (n: string) => n.slice(n.indexOf(':') + 1);
const isObj = (v: Json | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export class PathError extends Error {}

const member = (node: Obj, name: string) => memberName(node as YObject, name);

function entryMatches(e: Json, key: Record<string, string | number>): boolean {
  return isObj(e) && Object.entries(key).every(([k, v]) => String(e[k]) === String(v));
}

/** The value at `path`, or undefined. */
export function getAt(doc: Obj, path: PathElem[]): Json | undefined {
  return nodeAtPath(doc as YObject, path) as Json | undefined;
}

/** The container/entry object at `path`, created with its keys when missing. */
function ensureAt(doc: Obj, path: PathElem[], topModules: Record<string, string>): Obj {
  let cur: Obj = doc;
  let at = '';
  for (const [i, e] of path.entries()) {
    at += '/' + unq(e.name);
    let m = member(cur, e.name);
    if (m === undefined) {
      m = i === 0 && !e.name.includes(':') && topModules[e.name] ? `${topModules[e.name]}:${e.name}` : e.name;
      cur[m] = e.keys ? [] : {};
    }
    let next = cur[m];
    if (e.keys) {
      const list = (Array.isArray(next) ? next : (cur[m] = [])) as Json[];
      let entry = list.find((x) => entryMatches(x, e.keys!));
      if (!entry) {
        const typed: Obj = {};
        for (const [k, v] of Object.entries(e.keys)) typed[k] = typeof v === 'string' && /^[0-9]+$/.test(v) ? Number(v) : v;
        entry = typed;
        list.push(entry);
      }
      next = entry;
    }
    if (!isObj(next)) throw new PathError(`${at} is a leaf; it cannot hold children`);
    cur = next;
  }
  return cur;
}

/** Merges `src` into `dst`: lists entry by entry on their keys, leaves overwritten. */
export function merge(dst: Obj, src: Obj, at: string, keys: KeyIndex) {
  for (const [name, value] of Object.entries(src)) {
    const m = member(dst, name) ?? name;
    const here = `${at}/${unq(name)}`;
    const cur = dst[m];
    const k = keys.get(here);
    if (isObj(cur) && isObj(value)) merge(cur, value, here, keys);
    else if (k && Array.isArray(cur) && Array.isArray(value)) {
      for (const entry of value) {
        const match = cur.find((c) => isObj(c) && isObj(entry) && k.every((kk) => String(c[kk]) === String(entry[kk])));
        if (isObj(match) && isObj(entry)) merge(match, entry, here, keys);
        else cur.push(structuredClone(entry));
      }
    } else dst[m] = structuredClone(value);
  }
}

const schemaPathOf = (path: PathElem[]) => path.map((e) => '/' + unq(e.name)).join('');

/** gNMI update at `path`: merge the value into what is there. */
export function updateAt(doc: Obj, path: PathElem[], value: Json, keys: KeyIndex, tops: Record<string, string>) {
  if (!path.length) {
    if (!isObj(value)) throw new PathError('an update of / needs an object');
    merge(doc, value, '', keys);
    return;
  }
  const parent = ensureAt(doc, path.slice(0, -1), tops);
  const last = path.at(-1)!;
  if (last.keys) {
    const entry = ensureAt(doc, path, tops);
    if (!isObj(value)) throw new PathError(`${schemaPathOf(path)} is a list entry; its value must be an object`);
    merge(entry, value, schemaPathOf(path), keys);
    return;
  }
  const m = member(parent, last.name) ?? (path.length === 1 && tops[last.name] ? `${tops[last.name]}:${last.name}` : last.name);
  if (isObj(parent[m]) && isObj(value)) merge(parent[m] as Obj, value, schemaPathOf(path), keys);
  else parent[m] = structuredClone(value);
}

/** gNMI replace at `path`: what is there becomes exactly the value. */
export function replaceAt(doc: Obj, path: PathElem[], value: Json, keys: KeyIndex, tops: Record<string, string>) {
  deleteAt(doc, path);
  updateAt(doc, path, value, keys, tops);
}

export function deleteAt(doc: Obj, path: PathElem[]) {
  if (!path.length) {
    for (const k of Object.keys(doc)) delete doc[k];
    return;
  }
  const parent = getAt(doc, path.slice(0, -1));
  if (!isObj(parent)) return;
  const last = path.at(-1)!;
  const m = member(parent, last.name);
  if (m === undefined) return;
  if (last.keys) {
    const list = parent[m];
    if (!Array.isArray(list)) return;
    const i = list.findIndex((x) => entryMatches(x, last.keys!));
    if (i >= 0) list.splice(i, 1);
    if (!list.length) delete parent[m];
  } else delete parent[m];
}

/** A leaf (or a whole leaf-list) under a subscribed path: where it is, and its JSON. */
export interface Leaf {
  path: PathElem[];
  json: string;
}

/**
 * Every leaf of `value`, found at `path`, by formatted path: what an ON_CHANGE subscription
 * compares, since SR Linux streams the leaves that changed, not the subtree subscribed to.
 */
export function leavesAt(value: Json | undefined, path: PathElem[], keys: KeyIndex, out = new Map<string, Leaf>()): Map<string, Leaf> {
  if (value === undefined) return out;
  const last = path.at(-1);
  const listKeys = last && !last.keys && Array.isArray(value) ? keys.get(schemaPathOf(path)) : undefined;
  if (listKeys) {
    for (const entry of value as Json[]) {
      if (!isObj(entry)) continue;
      const k = Object.fromEntries(listKeys.map((n) => [n, String(entry[n])]));
      leavesAt(entry, [...path.slice(0, -1), { ...last!, keys: k }], keys, out);
    }
  } else if (isObj(value)) {
    for (const [name, v] of Object.entries(value)) leavesAt(v, [...path, { name: unq(name) }], keys, out);
  } else {
    out.set(formatPath(path), { path, json: JSON.stringify(value) });
  }
  return out;
}
