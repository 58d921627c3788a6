// The shape of nokia-conf the simulator needs to hold data: which nodes exist, which are
// lists (and their keys) or leaf-lists. Built from yanglint's compiled view at start-up
// (about a second); ranges, patterns and types are left to yanglint itself.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseStatements, toNode, type SchemaNode } from '../../../adapters/yang/info.js';
import { yanglintModelArgs } from '../../../adapters/yang/models.js';

export interface SchemaEntry {
  kind: SchemaNode['kind'];
  keys: readonly string[];
}

/** Unqualified data path (`/configure/service/vprn`) → kind and keys. */
export type SchemaIndex = Map<string, SchemaEntry>;

export async function loadSrosSchema(): Promise<SchemaIndex> {
  const { stdout } = await promisify(execFile)('yanglint', ['-f', 'info', '-P', '/nokia-conf:configure', ...yanglintModelArgs('sros')], {
    maxBuffer: 512 * 1024 * 1024,
  });
  const index: SchemaIndex = new Map();
  const walk = (node: SchemaNode, path: string) => {
    index.set(path, { kind: node.kind, keys: node.keys });
    for (const [name, child] of node.children) walk(child, `${path}/${name}`);
  };
  walk(toNode(parseStatements(stdout)[0]!), '/configure');
  return index;
}
