// SR OS over NETCONF: candidate datastore, confirmed commit, native XML diff.
import { XMLParser } from 'fast-xml-parser';
import type { NetconfSession } from '../netconf/session.js';
import { listKeys, nodeAt, nodeAtPath, type Fragment, type YObject, type YPath, type YValue } from '../yang/tree.js';
import { configureXml, editConfigXml, filterXml } from '../yang/xml.js';
import { removalOf } from '../render/render.js';
import { compare } from './compare.js';
import { lineDiff } from './diff.js';
import type { ApplyOptions, DeviceDriver, Observation } from './driver.js';

const parser = new XMLParser({ preserveOrder: true, removeNSPrefix: true, parseTagValue: false, trimValues: true, ignoreAttributes: true });

/** XML data (children of <data>) as a tree: repeated or known-list elements become arrays. */
export function xmlToTree(xml: string): YObject {
  const build = (nodes: Record<string, unknown>[], at: string): YObject => {
    const out: YObject = {};
    for (const n of nodes) {
      const name = Object.keys(n).find((k) => k !== ':@' && k !== '#text');
      if (!name) continue;
      const kids = n[name] as Record<string, unknown>[];
      const here = `${at}/${name}`;
      const elems = kids.filter((k) => !('#text' in k));
      const value: YValue = elems.length ? build(elems, here) : String(kids.find((k) => '#text' in k)?.['#text'] ?? '');
      const list = listKeys('sros', here) !== undefined;
      if (out[name] === undefined) out[name] = list ? ([value] as YObject[]) : value;
      else out[name] = [...(Array.isArray(out[name]) ? (out[name] as YValue[]) : [out[name] as YValue]), value] as YObject[];
    }
    return out;
  };
  return build(parser.parse(`<root>${xml}</root>`)[0].root, '');
}

function place(entries: { path: YPath; value: unknown }[]): YObject {
  const doc: YObject = {};
  for (const e of entries) {
    if (e.value === undefined) continue;
    const parent = nodeAt(doc, e.path.slice(0, -1));
    const last = e.path.at(-1)!;
    if (last.keys) (parent[last.name] ??= []) as YObject[];
    if (last.keys) (parent[last.name] as YObject[]).push(e.value as YObject);
    else parent[last.name] = e.value as YValue;
  }
  return doc;
}

export class NetconfDriver implements DeviceDriver {
  constructor(private readonly session: NetconfSession) {}

  async observe(desired: Fragment[]): Promise<Observation> {
    const paths = desired.flatMap((f) => f.updates.map((u) => u.path));
    if (!paths.length) return { exists: false, upToDate: true, diff: '' };
    const running = xmlToTree(await this.session.getConfig('running', filterXml(paths)));
    const c = compare('sros', desired, (path) => nodeAtPath(running, path));
    const want = place(desired.flatMap((f) => f.updates.map((u) => ({ path: u.path, value: u.value }))));
    const have = place(c.actual);
    return { exists: c.exists, upToDate: c.upToDate, diff: c.upToDate ? '' : lineDiff(configureXml(have), configureXml(want)) };
  }

  async apply(change: Fragment[], o: ApplyOptions = {}): Promise<void> {
    const s = this.session;
    await s.lock('running');
    try {
      await s.lock('candidate');
      try {
        await s.editConfig(editConfigXml(change));
        await s.validate();
        await s.commit({ confirmed: true, confirmTimeout: o.confirmTimeoutSec ?? 60 });
        await s.commit();
      } catch (e) {
        await s.discardChanges().catch(() => undefined);
        throw e;
      } finally {
        await s.unlock('candidate').catch(() => undefined);
      }
    } finally {
      await s.unlock('running').catch(() => undefined);
    }
  }

  remove(owned: Fragment[]): Promise<void> {
    return this.apply(owned.map(removalOf));
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
