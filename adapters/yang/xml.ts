// NETCONF XML encoding of nokia-conf trees, through fast-xml-parser's builder (every value
// escaped). List keys come first in each entry, as NETCONF requires; JS objects keep
// insertion order for element names, so order is set here and the builder keeps it.
import { XMLBuilder } from 'fast-xml-parser';
import { SROS_NAMESPACE } from './models.js';
import { isYangName, listKeys, mergeInto, nodeAt, pathString, schemaPath, unqualify, type Fragment, type Leaf, type YObject, type YPath, type YValue } from './tree.js';

export const NETCONF_BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

type Operation = 'replace' | 'remove';
type XObject = { [name: string]: unknown };

// Text is escaped once here (one pass, skipped for the common clean value) instead of by
// the builder's per-entity regex passes; attribute values are constants.
// jPath: false stops the builder from rendering a path string for every node (we use no
// path callbacks); the option exists in fast-xml-builder but is missing from its typings.
const options = { ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true, processEntities: false, jPath: false };
type Options = ConstructorParameters<typeof XMLBuilder>[0];
const builder = new XMLBuilder(options as Options);
/** Documents people read (render output, golden files) are indented; RPCs are compact. */
const indented = new XMLBuilder({ ...options, format: true, indentBy: '  ' } as Options);
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeText = (s: string) => (/[&<>"']/.test(s) ? s.replace(/[&<>"']/g, (c) => ENTITIES[c]!) : s);

const leafText = (v: Leaf): string => (Array.isArray(v) ? '' : escapeText(String(v)));
const isEntryList = (v: YValue): v is YObject[] => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null && !Array.isArray(v[0]);

/** Where list keys come from: the generated tables by default; a full schema index in the simulator. */
export type KeysOf = (schemaPath: string) => readonly string[] | undefined;
const generatedKeys: KeysOf = (p) => listKeys('sros', p);

interface Encoding {
  ops: WeakMap<object, Operation>;
  keysOf: KeysOf;
}

function encodeObject(obj: YObject, at: string, e: Encoding, keysFirst: readonly string[] = []): XObject {
  const out: XObject = {};
  const op = e.ops.get(obj);
  if (op) out['@_nc:operation'] = op;
  for (const k of keysFirst) if (obj[k] !== undefined) encodeMember(out, k, obj[k]!, at, e);
  for (const k in obj) if (obj[k] !== undefined && !keysFirst.includes(k)) encodeMember(out, k, obj[k]!, at, e);
  return out;
}

function encodeMember(out: XObject, member: string, value: YValue, at: string, e: Encoding) {
  // Names become element names unescaped: whatever is not a YANG name never reaches the builder.
  if (!isYangName(member)) throw new Error(`${at}: ${JSON.stringify(member.slice(0, 80))} is not a YANG node name`);
  const name = unqualify(member);
  if (isEntryList(value)) {
    const here = `${at}/${name}`;
    const keys = e.keysOf(here) ?? [];
    out[name] = value.map((entry) => encodeObject(entry, here, e, keys));
  } else if (Array.isArray(value) && !(value.length === 1 && value[0] === null)) {
    out[name] = (value as Leaf[]).map(leafText);
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    out[name] = encodeObject(value, `${at}/${name}`, e);
  } else {
    out[name] = leafText(value as Leaf);
  }
}

function configure(doc: YObject, e: Encoding, withNc: boolean, b = builder): string {
  const root = (doc['nokia-conf:configure'] ?? {}) as YObject;
  const body = encodeObject(root, '/configure', e);
  const attrs: XObject = { '@_xmlns': SROS_NAMESPACE, ...(withNc ? { '@_xmlns:nc': NETCONF_BASE } : {}) };
  return b.build({ configure: { ...attrs, ...body } }).trimEnd();
}

/**
 * A `<configure>` document: what yanglint validates and what a device's config looks like.
 * Indented for people unless `compact`.
 */
export function configureXml(doc: YObject, o: { keysOf?: KeysOf; compact?: boolean } = {}): string {
  return configure(doc, { ops: new WeakMap(), keysOf: o.keysOf ?? generatedKeys }, false, o.compact ? builder : indented);
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
  return configure(doc, { ops, keysOf: generatedKeys }, true);
}

/** A complete `<rpc>` editing the candidate datastore, undoing everything on any error. */
export function editConfigRpc(fragments: Iterable<Fragment>, messageId = '1'): string {
  return (
    `<rpc xmlns="${NETCONF_BASE}" message-id="${messageId}"><edit-config><target><candidate/></target>` +
    `<default-operation>merge</default-operation><error-option>rollback-on-error</error-option>` +
    `<config>${editConfigXml(fragments)}</config></edit-config></rpc>`
  );
}

/** A subtree filter selecting what is at each path (list entries by their keys). */
export function filterXml(paths: YPath[]): string {
  const doc: YObject = {};
  // A subtree filter with a child selection returns only that child: a path inside another
  // asked-for subtree must not narrow it.
  const strs = paths.map(pathString);
  const inside = (i: number) => strs.some((o, j) => j !== i && strs[i]!.startsWith(`${o}/`));
  paths.forEach((p, i) => inside(i) || nodeAt(doc, p));
  return configure(doc, { ops: new WeakMap(), keysOf: generatedKeys }, false);
}
