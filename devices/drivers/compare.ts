// Is the device's configuration what the fragments want? Compares per update path:
// replaced subtrees must match exactly, merged ones must contain what is desired.
// Names compare without module prefixes and leaves as text (devices answer in text).
import type { Platform } from '../../adapters/yang/models.js';
import { listKeys, memberName as member, schemaPath, unqualify, type Fragment, type YObject, type YPath, type YValue } from '../../adapters/yang/tree.js';

type Node = YValue | null | undefined;
const isObj = (v: Node): v is YObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEntries = (v: Node): v is YObject[] => Array.isArray(v) && v.length > 0 && isObj(v[0]);
const text = (v: Node) => (Array.isArray(v) && v.length === 1 && v[0] === null ? '' : String(v));

export function covers(platform: Platform, actual: Node, desired: Node, exact: boolean, at: string): boolean {
  if (actual === undefined) return false;
  if (isObj(desired)) {
    if (!isObj(actual)) return false;
    for (const [k, v] of Object.entries(desired)) {
      if (v === undefined) continue;
      const m = member(actual, k);
      if (m === undefined || !covers(platform, actual[m], v, exact, `${at}/${unqualify(k)}`)) return false;
    }
    return !exact || Object.keys(actual).every((k) => member(desired, k) !== undefined);
  }
  if (isEntries(desired)) {
    if (!Array.isArray(actual)) return false;
    const keys = listKeys(platform, at);
    const same = (a: YObject, d: YObject) => (keys ? keys.every((k) => text(a[member(a, k) ?? k]) === text(d[k])) : JSON.stringify(a) === JSON.stringify(d));
    const ok = desired.every((d) => {
      const a = (actual as YObject[]).find((x) => isObj(x) && same(x, d));
      return a !== undefined && covers(platform, a, d, exact, at);
    });
    return ok && (!exact || actual.length === desired.length);
  }
  if (Array.isArray(desired) && !(desired.length === 1 && desired[0] === null)) {
    // XML carries no arity: a leaf-list of one value reads back like a leaf.
    const have = new Set((Array.isArray(actual) ? (actual as YValue[]) : [actual as YValue]).map(text));
    return desired.every((d) => have.has(text(d))) && (!exact || have.size === desired.length);
  }
  return text(actual) === text(desired);
}

export interface Comparison {
  exists: boolean;
  upToDate: boolean;
  /** Per update: what the device has at its path. */
  actual: { path: YPath; value: Node }[];
}

export function compare(platform: Platform, desired: Fragment[], running: (path: YPath) => Node): Comparison {
  const updates = desired.flatMap((f) => f.updates);
  const actual = updates.map((u) => ({ path: u.path, value: running(u.path) }));
  return {
    exists: actual.some((a) => a.value !== undefined),
    upToDate: updates.every((u, i) => covers(platform, actual[i]!.value, u.value, u.replace === true, schemaPath(u.path))),
    actual,
  };
}
