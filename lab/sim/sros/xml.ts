// Datastore trees to and from XML, keys first in every list entry.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { SROS_NAMESPACE } from '../../../adapters/yang/models.js';
import type { Tree, TreeValue, XNode } from './datastore.js';
import type { SchemaIndex } from './schema.js';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
export const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', preserveOrder: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

function ordered(tree: Tree, at: string, schema: SchemaIndex): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(tree)) {
    const path = `${at}/${name}`;
    out[name] = encode(value, path, schema);
  }
  return out;
}

function encode(value: TreeValue, path: string, schema: SchemaIndex): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && (value.length === 0 || typeof value[0] === 'string')) return value;
  if (Array.isArray(value)) {
    const keys = schema.get(path)?.keys ?? [];
    return (value as Tree[]).map((e) => {
      const sorted: Tree = {};
      for (const k of keys) if (e[k] !== undefined) sorted[k] = e[k]!;
      for (const [k, v] of Object.entries(e)) if (!keys.includes(k)) sorted[k] = v;
      return ordered(sorted, path, schema);
    });
  }
  return ordered(value as Tree, path, schema);
}

/** `<configure xmlns=...>` holding the tree. */
export function configureXml(tree: Tree, schema: SchemaIndex): string {
  return builder.build({ configure: { '@_xmlns': SROS_NAMESPACE, ...ordered(tree, '/configure', schema) } });
}

/** The <configure> element's children inside a parsed <config> or <filter>, if any. */
export function configureChildren(nodes: XNode[] | undefined): XNode[] | undefined {
  const c = nodes?.find((n) => 'configure' in n);
  return c ? (c.configure as XNode[]) : undefined;
}
