// The simulator's nokia-state answers: a subtree filter applied to the state tree
// (sros/state.ts), and the selection as `<state xmlns="urn:nokia.com:sros:ns:yang:sr:state">`.
import { XMLBuilder } from 'fast-xml-parser';
import type { SchemaEntry, SchemaIndex } from '../../../adapters/yang/schema-index.js';
import { selectChildren, type Tree, type XNode } from './datastore.js';
import { SROS_STATE_NAMESPACE, STATE_KEYS } from './state.js';

/** The state tree's shape for the filter: its lists and their keys; everything else may be a leaf (content match). */
const stateIndex = {
  get: (path: string): SchemaEntry => (STATE_KEYS[path] ? { kind: 'list', keys: STATE_KEYS[path] } : { kind: 'leaf', keys: [] }),
} as unknown as SchemaIndex;

/** The <state> element's children inside a parsed <filter>, if any. */
export function stateChildren(nodes: XNode[] | undefined): XNode[] | undefined {
  const c = nodes?.find((n) => 'state' in n);
  return c ? (c.state as XNode[]) : undefined;
}

export function selectState(state: Tree, filter: XNode[] | undefined): Tree {
  return filter ? selectChildren(state, filter.filter((x) => !('#text' in x)), '/state', stateIndex) : state;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

/** List entries with their keys first, as NETCONF requires. */
function ordered(t: Tree, at: string): Record<string, unknown> {
  const keys = STATE_KEYS[at] ?? [];
  const names = [...keys.filter((k) => k in t), ...Object.keys(t).filter((k) => !keys.includes(k))];
  return Object.fromEntries(
    names.map((n) => {
      const v = t[n]!;
      const here = `${at}/${n}`;
      if (Array.isArray(v)) return [n, (v as (Tree | string)[]).map((e) => (typeof e === 'string' ? e : ordered(e, here)))];
      return [n, typeof v === 'string' ? v : ordered(v, here)];
    }),
  );
}

export function stateXml(state: Tree): string {
  return builder.build({ state: { '@_xmlns': SROS_STATE_NAMESPACE, ...ordered(state, '/state') } });
}
