// Whether what a device holds at a node covers what is desired there: a replaced subtree must
// match exactly, a merged one must contain what is desired. Names compare without module
// prefixes and leaves as text (devices answer in text). A secret leaf (adapters/yang/secrets.ts)
// compares by presence only: the router answers it encrypted or hashed, never as written.
import type { Platform } from '../../adapters/yang/models.js';
import { isSecretLeaf } from '../../adapters/yang/secrets.js';
import { listKeys, memberName as member, unqualify, type YObject, type YValue } from '../../adapters/yang/tree.js';

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
    if (isObj(actual)) actual = [actual]; // one entry of a list XML does not mark as one
    if (!Array.isArray(actual)) return false;
    const keys = listKeys(platform, at);
    const same = (a: YObject, d: YObject) => (keys ? keys.every((k) => text(a[member(a, k) ?? k]) === text(d[k])) : JSON.stringify(a) === JSON.stringify(d));
    const ok = desired.every((d) => {
      const a = (actual as YObject[]).find((x) => isObj(x) && same(x, d));
      return a !== undefined && covers(platform, a, d, exact, at);
    });
    return ok && (!exact || actual.length === desired.length);
  }
  if (isSecretLeaf(platform, at)) return true;
  if (Array.isArray(desired) && !(desired.length === 1 && desired[0] === null)) {
    // XML carries no arity: a leaf-list of one value reads back like a leaf.
    const have = new Set((Array.isArray(actual) ? (actual as YValue[]) : [actual as YValue]).map(text));
    return desired.every((d) => have.has(text(d))) && (!exact || have.size === desired.length);
  }
  return text(actual) === text(desired);
}
