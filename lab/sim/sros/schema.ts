// The shape of nokia-conf the simulator needs to hold data: which nodes exist, which are
// lists (and their keys) or leaf-lists. The index itself is adapters/yang/schema-index.ts
// (shared with the startup-config reader); this keeps the simulator's names for it.
import { loadPlatformSchema, type SchemaEntry as Entry, type SchemaIndex as Index } from '../../../adapters/yang/schema-index.js';

export type SchemaEntry = Entry;
/** Unqualified data path (`/configure/service/vprn`) → kind and keys. */
export type SchemaIndex = Index;

export async function loadSrosSchema(): Promise<SchemaIndex> {
  return (await loadPlatformSchema('sros')).index;
}
