// NETCONF XML encoding of nokia-conf trees, through fast-xml-parser (every value escaped).
// List keys come first in each entry, as NETCONF requires.
import { XMLBuilder } from 'fast-xml-parser';
import { SROS_NAMESPACE } from './models.js';
import { listKeys, mergeInto, nodeAt, schemaPath, unqualify, type Fragment, type Leaf, type YObject } from './tree.js';

export const NETCONF_BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

type XNode = Record<string, unknown>;
type Operation = 'replace' | 'remove';

const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

const text = (v: Leaf): XNode[] => (Array.isArray(v) ? [] : [{ '#text': typeof v === 'boolean' ? String(v) : String(v) }]);

function element(name: string, children: XNode[], op?: Operation): XNode {
  const el: XNode = { [name]: children };
  if (op) el[':@'] = { '@_nc:operation': op };
  return el;
}

function encodeObject(obj: YObject, at: string, ops: WeakMap<object, Operation>): XNode[] {
  const out: XNode[] = [];
  for (const [member, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const name = unqualify(member);
    const here = `${at}/${name}`;
    if (Array.isArray(value) && value.length && typeof value[0] === 'object' && value[0] !== null && !Array.isArray(value[0])) {
      const keys = listKeys('sros', here) ?? [];
      for (const entry of value as YObject[]) {
        const ordered = [...keys.filter((k) => k in entry), ...Object.keys(entry).filter((k) => !keys.includes(k))];
        const sorted = Object.fromEntries(ordered.map((k) => [k, entry[k]]));
        out.push(element(name, encodeObject(sorted, here, ops), ops.get(entry)));
      }
    } else if (Array.isArray(value) && !(value.length === 1 && value[0] === null)) {
      for (const v of value as Leaf[]) out.push(element(name, text(v)));
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      out.push(element(name, encodeObject(value, here, ops), ops.get(value)));
    } else {
      out.push(element(name, text(value as Leaf)));
    }
  }
  return out;
}

function configure(doc: YObject, ops: WeakMap<object, Operation>, withNc: boolean): XNode {
  const root = (doc['nokia-conf:configure'] ?? {}) as YObject;
  const attrs: Record<string, string> = { '@_xmlns': SROS_NAMESPACE };
  if (withNc) attrs['@_xmlns:nc'] = NETCONF_BASE;
  return { configure: encodeObject(root, '/configure', ops), ':@': attrs };
}

/** A `<configure>` document: what yanglint validates and what a device's config looks like. */
export function configureXml(doc: YObject): string {
  return builder.build([configure(doc, new WeakMap(), false)]);
}

/** The `<configure>` content of an edit-config: updates (merge or replace) and removals. */
export function editConfigXml(fragments: Iterable<Fragment>): string {
  const doc: YObject = {};
  const ops = new WeakMap<object, Operation>();
  for (const f of fragments) {
    for (const u of f.updates) {
      const node = nodeAt(doc, u.path);
      mergeInto('sros', node, u.value, schemaPath(u.path));
      if (u.replace) ops.set(node, 'replace');
    }
    for (const d of f.deletes) ops.set(nodeAt(doc, d), 'remove');
  }
  return builder.build([configure(doc, ops, true)]);
}

/** A complete `<rpc>` editing the candidate datastore, stopping at the first error. */
export function editConfigRpc(fragments: Iterable<Fragment>, messageId = '1'): string {
  return (
    `<rpc xmlns="${NETCONF_BASE}" message-id="${messageId}"><edit-config><target><candidate/></target>` +
    `<default-operation>merge</default-operation><error-option>rollback-on-error</error-option>` +
    `<config>${editConfigXml(fragments)}</config></edit-config></rpc>`
  );
}
