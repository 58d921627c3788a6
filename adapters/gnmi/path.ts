// The gNMI wire boundary for paths: proto Path messages (`elem[].key`, string values) to and
// from the model's paths (`keys`) and their text (adapters/yang/path.ts, the one grammar).
// Client and simulator convert here and nowhere else.
import { formatPath, parsePath } from '../yang/path.js';
import type { YPath } from '../yang/tree.js';
import type { WirePath } from './proto.js';

/** A wire path's elements; the deprecated `element` (names only) when `elem` is empty. */
export function pathFromWire(p: WirePath | null | undefined): YPath {
  if (!p?.elem?.length) return (p?.element ?? []).map((name) => ({ name }));
  return p.elem.map((e) => (Object.keys(e.key ?? {}).length ? { name: e.name, keys: { ...e.key } } : { name: e.name }));
}

/** The wire form of `path`: key values as text, as gNMI carries every key. */
export function pathToWire(path: YPath): WirePath {
  return { elem: path.map((e) => ({ name: e.name, key: Object.fromEntries(Object.entries(e.keys ?? {}).map(([k, v]) => [k, String(v)])) })) };
}

export const toWirePath = (text: string): WirePath => pathToWire(parsePath(text));

/** `prefix` and `path` joined, as text. */
export const fromWirePath = (prefix: WirePath | null | undefined, path: WirePath | undefined): string => formatPath([...pathFromWire(prefix), ...pathFromWire(path)]);
