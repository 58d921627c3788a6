// Per-path drift decisions (issue 15, as EDA's deviation accept/reject and NSO's out-of-band
// policies): what an intent or its NetworkDevice says of a subtree — `revert` (the default:
// set the device back), `report` (show it, change nothing) or `accept` (leave it, list it).
//
// One pure computation, used both to judge a device (compare.ts) and to build what is written
// (the drivers hand the result to the engine): the *effective desired* of an update is the
// desired value with, at every accept/report path where the device holds a value that
// differs, the device's value in its place — so neither a replace nor a merge reverts it —
// while a path the device does not hold keeps the desired value (a first create still
// happens). Each such difference is a deviation. Under a replaced subtree a governed path the
// device ADDS (an entry, a leaf) is kept the same way.
import type { Platform } from '../../adapters/yang/models.js';
import { listKeys, memberName, schemaPath, unqualify, type PathElem, type Update, type YObject, type YPath, type YValue } from '../../adapters/yang/tree.js';
import { covers } from './covers.js';

export type DriftAction = 'revert' | 'report' | 'accept';

/** A policy entry; in priority order: the intent's entries before its device's. */
export interface DriftPolicy {
  path: YPath;
  action: DriftAction;
}

type Node = YValue | null | undefined;

export interface Deviation {
  /** The device path it was found at (a list entry's path carries its keys). */
  path: YPath;
  action: 'accept' | 'report';
  /** On the device (undefined: the desired node is absent but the device adds nothing there). */
  actual: Node;
  /** What the intent wanted there (undefined: the device added it). */
  desired: Node;
}

const isObj = (v: Node): v is YObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEntries = (v: Node): v is YObject[] => Array.isArray(v) && v.length > 0 && isObj(v[0]);
const str = (v: unknown) => (Array.isArray(v) && v.length === 1 && v[0] === null ? '' : String(v));

/** A policy element matches a node element when the names match and every key it names is the node's. */
function elemGoverns(p: PathElem, n: PathElem): boolean {
  return unqualify(p.name) === unqualify(n.name) && Object.entries(p.keys ?? {}).every(([k, v]) => n.keys?.[k] !== undefined && str(n.keys[k]) === str(v));
}

/** Whether a policy element may still apply below a node element (keys it names the node does not contradict). */
function elemAdmits(p: PathElem, n: PathElem): boolean {
  return unqualify(p.name) === unqualify(n.name) && Object.entries(p.keys ?? {}).every(([k, v]) => n.keys?.[k] === undefined || str(n.keys[k]) === str(v));
}

const keyCount = (p: YPath) => p.reduce((n, e) => n + Object.keys(e.keys ?? {}).length, 0);

/** The action that holds at `at`: the most specific governing entry (longest, then most keys, then first given). */
export function actionAt(policies: DriftPolicy[], at: YPath): DriftAction {
  let best: DriftPolicy | undefined;
  for (const p of policies) {
    if (p.path.length > at.length || !p.path.every((e, i) => elemGoverns(e, at[i]!))) continue;
    if (!best || p.path.length > best.path.length || (p.path.length === best.path.length && keyCount(p.path) > keyCount(best.path))) best = p;
  }
  return best?.action ?? 'revert';
}

/** Whether some entry below `at` (or naming keys `at` leaves open) could decide differently from `action`. */
function decidedBelow(policies: DriftPolicy[], at: YPath, action: DriftAction): boolean {
  return policies.some(
    (p) =>
      p.action !== action &&
      p.path.length >= at.length &&
      at.every((e, i) => elemAdmits(p.path[i]!, e)) &&
      (p.path.length > at.length || !p.path.every((e, i) => elemGoverns(e, at[i]!))),
  );
}

export interface Effective {
  value: Node;
  deviations: Deviation[];
}

/** The effective desired value of one update, given what the device holds at its path. */
export function effectiveUpdate(platform: Platform, u: Update, actual: Node, policies: DriftPolicy[]): Effective {
  const deviations: Deviation[] = [];
  if (!policies.some((p) => p.action !== 'revert')) return { value: u.value, deviations };
  const value = walk(platform, u.path, u.value, actual, u.replace === true, policies, deviations);
  return { value, deviations };
}

function walk(platform: Platform, at: YPath, desired: Node, actual: Node, exact: boolean, policies: DriftPolicy[], out: Deviation[]): Node {
  const action = actionAt(policies, at);
  const schema = schemaPath(at);
  if (action !== 'revert' && !decidedBelow(policies, at, action)) {
    if (actual === undefined || actual === null || covers(platform, actual, desired, exact, schema)) return desired;
    out.push({ path: at, action, actual, desired });
    return actual;
  }
  if (isObj(desired)) {
    if (!isObj(actual)) return desired;
    const value: YObject = {};
    for (const [k, v] of Object.entries(desired)) {
      if (v === undefined) continue;
      const m = memberName(actual, k);
      value[k] = walk(platform, [...at, { name: k }], v, m === undefined ? undefined : actual[m], exact, policies, out) as YValue;
    }
    // Under a replace, what the device adds goes unless a policy keeps it.
    if (exact) {
      for (const [k, v] of Object.entries(actual)) {
        if (memberName(desired, k) !== undefined || v === undefined) continue;
        const kept = added(platform, [...at, { name: k }], v, policies, out);
        if (kept !== undefined) value[k] = kept;
      }
    }
    return value;
  }
  if (isEntries(desired)) {
    const keys = listKeys(platform, schema) ?? [];
    const have = Array.isArray(actual) ? actual.filter(isObj) : isObj(actual) ? [actual] : [];
    const same = (a: YObject, d: YObject) => keys.length > 0 && keys.every((k) => str(a[memberName(a, k) ?? k]) === str(d[k]));
    const entryPath = (e: YObject): YPath => [...at.slice(0, -1), { name: at.at(-1)!.name, keys: Object.fromEntries(keys.map((k) => [k, str(e[memberName(e, k) ?? k])])) }];
    const value: YObject[] = desired.map((d) => walk(platform, entryPath(d), d, have.find((a) => same(a, d)), exact, policies, out) as YObject);
    if (exact) {
      for (const a of have) {
        if (desired.some((d) => same(a, d))) continue;
        const kept = added(platform, entryPath(a), a, policies, out);
        if (kept !== undefined) value.push(kept as YObject);
      }
    }
    return value;
  }
  return desired;
}

/** A node the device holds and the desired value lacks: kept (and a deviation) where accept/report governs it. */
function added(platform: Platform, at: YPath, actual: YValue, policies: DriftPolicy[], out: Deviation[]): YValue | undefined {
  const action = actionAt(policies, at);
  if (action === 'revert') {
    // a deeper entry may still keep part of it; SR OS / SR Linux lists and containers are kept whole or not at all here
    return undefined;
  }
  out.push({ path: at, action, actual, desired: undefined });
  return actual;
}
