// Datastore trees to and from XML: the shared nokia-conf encoder, with list keys (first in
// every entry) from the simulator's full schema index.
import { XMLParser } from 'fast-xml-parser';
import type { YObject } from '../../../adapters/yang/tree.js';
import { configureXml as encode } from '../../../adapters/yang/xml.js';
import type { Tree, XNode } from './datastore.js';
import type { SchemaIndex } from './schema.js';

export const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', preserveOrder: true, removeNSPrefix: true, parseTagValue: false, trimValues: true });

/** `<configure xmlns=...>` holding the tree. */
export function configureXml(tree: Tree, schema: SchemaIndex): string {
  return encode({ 'nokia-conf:configure': tree as unknown as YObject }, { keysOf: (p) => schema.get(p)?.keys, compact: true });
}

/** The <configure> element's children inside a parsed <config> or <filter>, if any. */
export function configureChildren(nodes: XNode[] | undefined): XNode[] | undefined {
  const c = nodes?.find((n) => 'configure' in n);
  return c ? (c.configure as XNode[]) : undefined;
}
