// SR OS over NETCONF: candidate datastore, confirmed commit, native XML diff. Running is
// locked too, so nothing else commits between our edit and our confirm.
import { XMLParser } from 'fast-xml-parser';
import type { NetconfSession } from '../netconf/session.js';
import { listKeys, nodeAt, nodeAtPath, type Fragment, type YObject, type YPath, type YValue } from '../yang/tree.js';
import { configureXml, editConfigXml, filterXml } from '../yang/xml.js';
import { compare } from './compare.js';
import { lineDiff } from './diff.js';
import { Driver, type ApplyOptions, type Observation, type Prepared } from './driver.js';

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

export class NetconfDriver extends Driver {
  constructor(private readonly session: NetconfSession) {
    super();
  }

  async observeEach(groups: Fragment[][]): Promise<Observation[]> {
    const paths = groups.flatMap((g) => g.flatMap((f) => f.updates.map((u) => u.path)));
    if (!paths.length) return groups.map(() => ({ exists: false, upToDate: true, diff: '' }));
    const running = xmlToTree(await this.session.getConfig('running', filterXml(paths)));
    return groups.map((desired) => {
      const c = compare('sros', desired, (path) => nodeAtPath(running, path));
      if (c.upToDate) return { exists: c.exists, upToDate: true, diff: '' };
      const want = place(desired.flatMap((f) => f.updates.map((u) => ({ path: u.path, value: u.value }))));
      return { exists: c.exists, upToDate: false, diff: lineDiff(configureXml(place(c.actual)), configureXml(want)) };
    });
  }

  /** One get-config of running with a subtree filter selecting every path. */
  async readConfig(paths: YPath[]): Promise<YObject> {
    if (!paths.length) return {};
    return xmlToTree(await this.session.getConfig('running', filterXml(paths)));
  }

  /** Locks running and candidate, edits the candidate and validates it. */
  async prepare(change: Fragment[]): Promise<Prepared> {
    const s = this.session;
    let locked: ('running' | 'candidate')[] = [];
    let pendingConfirm = false;
    const release = async () => {
      for (const t of locked.reverse()) await s.unlock(t).catch(() => undefined);
      locked = [];
    };
    try {
      await s.lock('running');
      locked.push('running');
      await s.lock('candidate');
      locked.push('candidate');
      await s.editConfig(editConfigXml(change));
      await s.validate();
    } catch (e) {
      await s.discardChanges().catch(() => undefined);
      await release();
      throw e;
    }
    return {
      async commit(o: ApplyOptions = {}) {
        await s.commit({ confirmed: true, confirmTimeout: o.confirmTimeoutSec ?? 60 });
        pendingConfirm = true;
      },
      async confirm() {
        await s.commit();
        pendingConfirm = false;
        await release();
      },
      async abort() {
        if (pendingConfirm) await s.cancelCommit().catch(() => undefined);
        pendingConfirm = false;
        await s.discardChanges().catch(() => undefined);
        await release();
      },
    };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
