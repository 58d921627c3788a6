// The one model both encodings share: a YANG instance tree in RFC 7951 (JSON_IETF) shape —
// member names module-qualified where the module changes, list entries as arrays of
// objects, 64-bit numbers as strings — and fragments of it placed at gNMI-style paths.
import { SROS_LIST_KEYS } from './gen/sros.js';
import { SRL_LIST_KEYS } from './gen/srlinux.js';
import type { Platform } from './models.js';
import { formatPath } from './path.js';

export type Leaf = string | number | boolean | [null];
export type YValue = Leaf | Leaf[] | YObject | YObject[];
export interface YObject {
  [member: string]: YValue | undefined;
}

export interface PathElem {
  /** Member name, module-qualified where the module changes (`nokia-conf:configure`). */
  name: string;
  keys?: Record<string, string | number>;
}
export type YPath = PathElem[];

export interface Update {
  path: YPath;
  /** The subtree at `path` (for a list entry: the entry, keys included). */
  value: YObject;
  /** Replace what is at `path` (the intent owns all of it) instead of merging into it. */
  replace?: boolean;
}

/** What one intent wants on one device: updates to make and subtrees to remove. */
export interface Fragment {
  updates: Update[];
  deletes: YPath[];
}

export const unqualify = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * A data node name as YANG spells it (RFC 7950 identifier), optionally module-qualified.
 * Anything else in a member name would become markup in XML (`a>b</a><c`, `@_attr`, `#text`).
 */
export const isYangName = (name: string) => /^(?:[A-Za-z_][A-Za-z0-9_.-]*:)?[A-Za-z_][A-Za-z0-9_.-]*$/.test(name);

/** Schema path without module prefixes and keys, the index of the generated key tables. */
export function schemaPath(path: YPath): string {
  return path.map((e) => '/' + unqualify(e.name)).join('');
}

export function listKeys(platform: Platform, schema: string): readonly string[] | undefined {
  return (platform === 'sros' ? SROS_LIST_KEYS : SRL_LIST_KEYS)[schema];
}

export class ConflictError extends Error {}

/** Deep copy of tree data (plain objects, arrays, scalars): cheaper than structuredClone. */
function copy<T extends YValue>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => copy(x as YValue)) as T;
  const o: YObject = {};
  for (const k in v) o[k] = copy((v as YObject)[k] as YValue);
  return o as T;
}

const isObject = (v: unknown): v is YObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEntryList = (v: unknown): v is YObject[] => Array.isArray(v) && v.length > 0 && isObject(v[0]);

function sameKeys(a: YObject, b: YObject, keys: readonly string[]): boolean {
  return keys.every((k) => String(a[k]) === String(b[k]));
}

export interface MergeOptions {
  /**
   * A change landing on a datastore (a startup config, a device's base): a leaf both set takes
   * `src`'s value, and members match with or without a module prefix. Otherwise two intents
   * setting one leaf differently is a conflict.
   */
  overwrite?: boolean;
  /** List keys by schema path; the generated tables by default (a full schema index in the lab). */
  keysOf?: (schemaPath: string) => readonly string[] | undefined;
}

/**
 * Merges `src` into `dst` in place. Lists merge entry by entry on their keys (unknown keys:
 * entries are appended); leaf-lists are unioned; a leaf set twice to different values is a
 * conflict between intents, reported with its path, unless `overwrite`.
 */
export function mergeInto(platform: Platform, dst: YObject, src: YObject, at: string, o: MergeOptions = {}) {
  for (const name in src) {
    const value = src[name];
    if (value === undefined) continue;
    const member = o.overwrite ? (memberName(dst, name) ?? name) : name;
    const cur = dst[member];
    if (cur === value) continue; // the common case: a list key set again
    const here = `${at}/${unqualify(name)}`;
    if (cur === undefined) {
      dst[member] = copy(value);
    } else if (isObject(cur) && isObject(value)) {
      mergeInto(platform, cur, value, here, o);
    } else if (isEntryList(cur) && Array.isArray(value)) {
      const keys = o.keysOf ? o.keysOf(here) : listKeys(platform, here);
      for (const entry of value as YObject[]) {
        const match = keys ? cur.find((e) => sameKeys(e, entry, keys)) : undefined;
        if (match) mergeInto(platform, match, entry, here, o);
        else cur.push(copy(entry));
      }
    } else if (Array.isArray(cur) && Array.isArray(value)) {
      for (const v of value as Leaf[]) if (!(cur as Leaf[]).some((c) => JSON.stringify(c) === JSON.stringify(v))) (cur as Leaf[]).push(v);
    } else if (o.overwrite) {
      dst[member] = copy(value);
    } else if (JSON.stringify(cur) !== JSON.stringify(value)) {
      throw new ConflictError(`${here}: set to ${JSON.stringify(cur)} and to ${JSON.stringify(value)}`);
    }
  }
}

/** The node at `path` in `doc`, created (with its key leaves, keys first) when missing. */
export function nodeAt(doc: YObject, path: YPath): YObject {
  let node = doc;
  for (const elem of path) {
    if (elem.keys) {
      const list = (node[elem.name] ??= []) as YObject[];
      const keys = Object.keys(elem.keys);
      let entry = list.find((e) => keys.every((k) => String(e[k]) === String(elem.keys![k])));
      if (!entry) {
        entry = { ...elem.keys };
        list.push(entry);
      }
      node = entry;
    } else {
      node = (node[elem.name] ??= {}) as YObject;
    }
  }
  return node;
}

/** One document holding every update of every fragment (deletes are not part of a document). */
export function assemble(platform: Platform, fragments: Iterable<Fragment>): YObject {
  const doc: YObject = {};
  for (const f of fragments) {
    for (const u of f.updates) mergeInto(platform, nodeAt(doc, u.path), u.value, schemaPath(u.path));
  }
  return doc;
}

/** A path's text without module prefixes (`/configure/service/vprn[service-name=a]`): requests, keys, messages. */
export const pathString = (path: YPath): string => formatPath(path, unqualify);

/** The member of `o` called `name`, with or without a module prefix on either side. */
export function memberName(o: YObject, name: string): string | undefined {
  if (name in o) return name;
  const u = unqualify(name);
  return Object.keys(o).find((k) => unqualify(k) === u);
}

const leafText = (v: YValue | undefined) => (Array.isArray(v) && v.length === 1 && v[0] === null ? '' : String(v));

/** The node at `path` in a document whose names may or may not carry module prefixes. */
export function nodeAtPath(doc: YObject, path: YPath): YValue | undefined {
  let cur: YValue | undefined = doc;
  for (const e of path) {
    if (!isObject(cur)) return undefined;
    const m = memberName(cur, e.name);
    if (m === undefined) return undefined;
    cur = cur[m];
    if (e.keys) {
      // NETCONF XML has no arity: one entry of a list outside the generated key tables reads back as an object.
      if (isObject(cur)) cur = [cur];
      if (!Array.isArray(cur)) return undefined;
      cur = (cur as YObject[]).find(
        (x) => isObject(x) && Object.entries(e.keys!).every(([k, v]) => {
          const km = memberName(x, k);
          return km !== undefined && leafText(x[km]) === String(v);
        }),
      );
    }
  }
  return cur;
}

/**
 * The removal of what `fragment` owns: every replaced subtree goes. Shared parents stay, and so
 * does what is only merged (an SRv6 locator, a customer): netintent does not own it.
 */
export function removalOf(fragment: Fragment): Fragment {
  return { updates: [], deletes: fragment.updates.filter((u) => u.replace).map((u) => u.path) };
}
