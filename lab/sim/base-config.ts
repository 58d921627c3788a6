// What a simulated node holds before any client writes: the platform base a containerlab
// node comes up with, merged with the node's startup config (containerlab `startup-config`,
// the same file a real deploy uses). Running starts as this, so full validation resolves
// leafrefs (ports, interfaces, locators) as on a real node.
import { readFileSync } from 'node:fs';
import type { Platform } from '../../adapters/yang/models.js';
import { loadPlatformSchema } from '../../adapters/yang/schema-index.js';
import { parseStartupConfig } from '../../adapters/yang/startup-config.js';
import { mergeInto, type YObject } from '../../adapters/yang/tree.js';

/**
 * SR OS SR-1 as SR-SIM brings it up (containerlab's sr-1 defaults: card 1 iom-1, mda 1
 * me12-100gb-qsfp28), with connectors c1..c6 broken out to one 100G port each. The ports are
 * access-ready (hybrid, dot1q) as the lab's access ports are, so SAPs have a port to live on.
 */
export const SROS_PLATFORM_BASE = [
  '/configure system name "sim"',
  '/configure card 1 card-type iom-1',
  '/configure card 1 mda 1 mda-type me12-100gb-qsfp28',
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => [
    `/configure port 1/1/c${n} admin-state enable`,
    `/configure port 1/1/c${n} connector breakout c1-100g`,
    `/configure port 1/1/c${n}/1 admin-state enable`,
    `/configure port 1/1/c${n}/1 ethernet mode hybrid`,
    `/configure port 1/1/c${n}/1 ethernet encap-type dot1q`,
  ]),
].join('\n');

/** SR Linux: the management interface a node always has (its network-instance is outside the served models' scope). */
export const SRL_PLATFORM_BASE = ['set / interface mgmt0 admin-state enable', 'set / interface mgmt0 subinterface 0 admin-state enable'].join('\n');

/** Where a simulator's startup config comes from: a file (as containerlab's `startup-config`) or text. */
export type StartupConfig = { file: string } | { text: string; source?: string };

/** The parsed platform base, once per process: a fleet starts hundreds of simulators on it. */
const platformBases = new Map<Platform, YObject>();

/** The platform base merged with the startup config (which wins where both set a leaf). */
export async function baseDocument(platform: Platform, startup?: StartupConfig): Promise<YObject> {
  const schema = await loadPlatformSchema(platform);
  let base = platformBases.get(platform);
  if (!base) {
    base = parseStartupConfig(platform, platform === 'sros' ? SROS_PLATFORM_BASE : SRL_PLATFORM_BASE, schema, `${platform} platform base`);
    platformBases.set(platform, base);
  }
  // Callers own (and edit) what they get: a copy, never the cached base.
  const doc = structuredClone(base);
  if (!startup) return doc;
  const [text, source] = 'file' in startup ? [readFileSync(startup.file, 'utf8'), startup.file] : [startup.text, startup.source ?? 'startup-config'];
  mergeInto(platform, doc, parseStartupConfig(platform, text, schema, source), '', { overwrite: true, keysOf: (p) => schema.index.get(p)?.keys });
  return doc;
}

/** A device document's leaves as the SR OS simulator's datastore holds them: XML text. */
export function asXmlText(v: YObject): Record<string, unknown> {
  const conv = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.length === 1 && x[0] === null ? '' : x.map(conv);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k.slice(k.indexOf(':') + 1), conv(y)]));
    return String(x);
  };
  return conv(v) as Record<string, unknown>;
}
