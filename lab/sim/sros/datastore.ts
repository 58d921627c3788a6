// A nokia-conf datastore: a tree of containers, keyed list entries, leaves and leaf-lists,
// edited with NETCONF semantics (merge, replace, create, delete, remove) and read with
// subtree filters. Data arrives and leaves as XML element trees (fast-xml-parser's
// preserveOrder form, namespace prefixes removed).
import type { SchemaIndex } from './schema.js';
import { isSecretLeaf } from '../../../adapters/yang/secrets.js';
import { sealSros } from '../secrets.js';

export type Tree = { [name: string]: TreeValue };
export type TreeValue = string | string[] | Tree | Tree[];
/** One XML element in preserveOrder form: `{ name: children[], ':@'?: attrs }`, or `{ '#text': v }`. */
export type XNode = Record<string, unknown>;
export type Operation = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';

export interface EditError {
  tag: 'unknown-element' | 'missing-element' | 'data-exists' | 'data-missing' | 'bad-attribute' | 'invalid-value';
  path: string;
  message: string;
}

export class EditFailed extends Error {
  constructor(readonly error: EditError) {
    super(error.message);
  }
}

const nameOf = (x: XNode) => Object.keys(x).find((k) => k !== ':@')!;
const childrenOf = (x: XNode) => (x[nameOf(x)] as XNode[]) ?? [];
const textOf = (x: XNode) => {
  const t = childrenOf(x).find((c) => '#text' in c)?.['#text'];
  return t === undefined ? '' : String(t);
};
const elements = (xs: XNode[]) => xs.filter((x) => !('#text' in x));
const opOf = (x: XNode): Operation | undefined => (x[':@'] as Record<string, string> | undefined)?.['@_operation'] as Operation | undefined;
const isTree = (v: TreeValue | undefined): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

export class Datastore {
  constructor(
    private readonly schema: SchemaIndex,
    public tree: Tree = {},
  ) {}

  /** Applies the children of <configure> to this tree (in place; callers edit a copy). */
  edit(configure: XNode[], defaultOp: Operation) {
    this.editChildren(this.tree, elements(configure), '/configure', defaultOp);
  }

  private entry(path: string, name: string) {
    const e = this.schema.get(path);
    if (!e) throw new EditFailed({ tag: 'unknown-element', path, message: `unknown element ${name} at ${path.slice(0, path.lastIndexOf('/')) || '/'}` });
    return e;
  }

  private editChildren(node: Tree, xs: XNode[], at: string, inherited: Operation) {
    for (const x of xs) {
      const name = nameOf(x);
      const path = `${at}/${name}`;
      const schema = this.entry(path, name);
      const op = opOf(x) ?? inherited;
      if (!['merge', 'replace', 'create', 'delete', 'remove', 'none'].includes(op)) {
        throw new EditFailed({ tag: 'bad-attribute', path, message: `unknown operation ${op}` });
      }
      if (schema.kind === 'leaf') this.editLeaf(node, name, textOf(x), op, path);
      else if (schema.kind === 'leaf-list') this.editLeafList(node, name, textOf(x), op, path);
      else if (schema.kind === 'container') this.editContainer(node, name, x, op, path);
      else this.editListEntry(node, name, x, op, path, schema.keys);
    }
  }

  private editLeaf(node: Tree, name: string, value: string, op: Operation, path: string) {
    const exists = node[name] !== undefined;
    if (op === 'create' && exists) throw new EditFailed({ tag: 'data-exists', path, message: `${path} already exists` });
    if (op === 'delete' && !exists) throw new EditFailed({ tag: 'data-missing', path, message: `${path} does not exist` });
    if (op === 'delete' || op === 'remove') delete node[name];
    else if (op !== 'none') node[name] = isSecretLeaf('sros', path) ? sealSros(value) : value;
  }

  private editLeafList(node: Tree, name: string, value: string, op: Operation, path: string) {
    const list = (node[name] ?? []) as string[];
    const has = list.includes(value);
    if (op === 'create' && has) throw new EditFailed({ tag: 'data-exists', path, message: `${path} ${value} already exists` });
    if (op === 'delete' && !has) throw new EditFailed({ tag: 'data-missing', path, message: `${path} ${value} does not exist` });
    const next = op === 'delete' || op === 'remove' ? list.filter((v) => v !== value) : op === 'none' || has ? list : [...list, value];
    if (next.length) node[name] = next;
    else delete node[name];
  }

  private editContainer(node: Tree, name: string, x: XNode, op: Operation, path: string) {
    const exists = isTree(node[name]);
    if (op === 'create' && exists) throw new EditFailed({ tag: 'data-exists', path, message: `${path} already exists` });
    if (op === 'delete' && !exists) throw new EditFailed({ tag: 'data-missing', path, message: `${path} does not exist` });
    if (op === 'delete' || op === 'remove') {
      delete node[name];
      return;
    }
    if (op === 'replace' || !exists) node[name] = {};
    this.editChildren(node[name] as Tree, elements(childrenOf(x)), path, op === 'replace' || op === 'create' ? 'merge' : op);
  }

  private editListEntry(node: Tree, name: string, x: XNode, op: Operation, path: string, keys: readonly string[]) {
    const kids = elements(childrenOf(x));
    const keyValues: Tree = {};
    for (const k of keys) {
      const kx = kids.find((c) => nameOf(c) === k);
      if (!kx) throw new EditFailed({ tag: 'missing-element', path: `${path}/${k}`, message: `list ${path} entry is missing its key ${k}` });
      keyValues[k] = textOf(kx);
    }
    const list = (node[name] ?? []) as Tree[];
    const at = list.findIndex((e) => keys.every((k) => e[k] === keyValues[k]));
    const where = `${path}[${keys.map((k) => `${k}='${keyValues[k] as string}'`).join('][')}]`;
    if (op === 'create' && at >= 0) throw new EditFailed({ tag: 'data-exists', path: where, message: `${where} already exists` });
    if (op === 'delete' && at < 0) throw new EditFailed({ tag: 'data-missing', path: where, message: `${where} does not exist` });
    if (op === 'delete' || op === 'remove') {
      if (at >= 0) list.splice(at, 1);
    } else {
      let entry = at >= 0 ? list[at]! : undefined;
      if (!entry || op === 'replace') {
        entry = { ...keyValues };
        if (at >= 0) list[at] = entry;
        else list.push(entry);
      }
      this.editChildren(entry, kids.filter((c) => !keys.includes(nameOf(c))), path, op === 'replace' || op === 'create' ? 'merge' : op);
    }
    if (list.length) node[name] = list;
    else delete node[name];
  }

  /** The tree, or the parts a subtree filter (children of <configure> in the filter) selects. */
  select(filter?: XNode[]): Tree {
    if (!filter) return this.tree;
    return selectChildren(this.tree, elements(filter), '/configure', this.schema);
  }
}

/** The parts of `node` (at schema path `at`) that the subtree filter elements select (RFC 6241 §6). */
export function selectChildren(node: Tree, filter: XNode[], at: string, schema: SchemaIndex): Tree {
  const out: Tree = {};
  for (const f of filter) {
    const name = nameOf(f);
    const value = node[name];
    if (value === undefined) continue;
    const kids = elements(childrenOf(f));
    const entry = schema.get(`${at}/${name}`);
    if (!kids.length) {
      const text = textOf(f);
      if (!text || (entry?.kind === 'leaf' && value === text)) out[name] = structuredClone(value); // selection or content match
      continue;
    }
    if (entry?.kind === 'list') {
      const matches = kids.filter((k) => !elements(childrenOf(k)).length && textOf(k) !== '');
      const picked = (value as Tree[]).filter((e) => matches.every((m) => e[nameOf(m)] === textOf(m)));
      const rest = kids.filter((k) => !matches.includes(k));
      const sel = picked.map((e) => (rest.length ? { ...Object.fromEntries(entry.keys.map((k) => [k, e[k]!])), ...selectChildren(e, rest, `${at}/${name}`, schema) } : structuredClone(e)));
      // Several filter elements may select entries of one list (RFC 6241 6.2.5): the union.
      const keyOf = (e: Tree) => JSON.stringify(entry.keys.map((k) => e[k]));
      const prev = (out[name] as Tree[] | undefined) ?? [];
      const merged = [...prev];
      for (const e of sel) {
        const i = merged.findIndex((m) => keyOf(m) === keyOf(e));
        if (i < 0) merged.push(e);
        else merged[i] = { ...merged[i], ...e };
      }
      if (merged.length) out[name] = merged;
    } else if (isTree(value)) {
      const sub = selectChildren(value, kids, `${at}/${name}`, schema);
      if (Object.keys(sub).length) out[name] = { ...((out[name] as Tree | undefined) ?? {}), ...sub };
    }
  }
  return out;
}
