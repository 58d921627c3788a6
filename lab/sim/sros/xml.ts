// Datastore trees to and from XML: the shared nokia-conf encoder, with list keys (first in
// every entry) from the simulator's full schema index.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { BASE_NS } from '../../../adapters/netconf/messages.js';
import { SROS_NAMESPACE } from '../../../adapters/yang/models.js';
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

const rawBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', preserveOrder: true, suppressEmptyNode: true });

/** The edit content as yanglint reads it: our namespace, nc:operation attributes declared. */
export function editXml(content: XNode[]): string {
  const rename = (nodes: XNode[]): XNode[] =>
    nodes.map((n) => {
      if ('#text' in n) return n;
      const name = Object.keys(n).find((k) => k !== ':@')!;
      const attrs = n[':@'] as Record<string, string> | undefined;
      const out: XNode = { [name]: rename(n[name] as XNode[]) };
      if (attrs?.['@_operation']) out[':@'] = { '@_nc:operation': attrs['@_operation'] };
      return out;
    });
  return rawBuilder.build([{ configure: rename(content), ':@': { '@_xmlns': SROS_NAMESPACE, '@_xmlns:nc': BASE_NS } }]);
}
