// SR OS over NETCONF: candidate datastore, confirmed commit, native XML diff. Running is
// locked too, so nothing else commits between our edit and our confirm.
import { randomUUID } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import type { NetconfSession } from '../../adapters/netconf/session.js';
import { DEFAULT_STREAM, NOTIFICATION_CAP, pathsOverlap } from '../../adapters/netconf/notifications.js';
import { listKeys, nodeAt, nodeAtPath, pathString, type Fragment, type YObject, type YPath, type YValue } from '../../adapters/yang/tree.js';
import { configureXml, editConfigXml, filterXml } from '../../adapters/yang/xml.js';
import { compare, observation, type Render } from './compare.js';
import { Driver, type ApplyOptions, type Observation, type ObserveOptions, type Prepared, type Recovery } from './driver.js';
import { RpcError } from '../../adapters/netconf/messages.js';
import type { ServiceOper } from './oper.js';
import { srosOperOf, srosServices, srosStateFilter } from './sros-oper.js';

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

  async observeEach(groups: Fragment[][], options: (ObserveOptions | undefined)[] = []): Promise<Observation[]> {
    const paths = groups.flatMap((g) => g.flatMap((f) => f.updates.map((u) => u.path)));
    if (!paths.length) return groups.map(() => ({ exists: false, upToDate: true, diff: '' }));
    const running = xmlToTree(await this.session.getConfig('running', filterXml(paths)));
    const render: Render = (entries) => configureXml(place(entries));
    return groups.map((desired, i) => observation('sros', compare('sros', desired, (path) => nodeAtPath(running, path), options[i]), render));
  }

  /** One <get> of nokia-state for every service the groups configure (sros-oper.ts). */
  override async readOperState(groups: Fragment[][]): Promise<ServiceOper[][]> {
    const wanted = groups.map(srosServices);
    const all = [...new Map(wanted.flat().map((w) => [`${w.kind}/${w.name}`, w])).values()];
    if (!all.length) return groups.map(() => []);
    const data = xmlToTree(await this.session.get(srosStateFilter(all)));
    return wanted.map((w) => srosOperOf(data.state as YObject | undefined, w));
  }

  /** One get-config of running with a subtree filter selecting every path. */
  async readConfig(paths: YPath[]): Promise<YObject> {
    if (!paths.length) return {};
    return xmlToTree(await this.session.getConfig('running', filterXml(paths)));
  }

  /**
   * Locks running and candidate, reads the pre-image of what the change touches (so that a
   * confirmed change can be written back when another device of the transaction fails to
   * confirm), edits the candidate and validates it. The confirmed commit carries `persist`
   * (RFC 6241 §8.4.1), so it outlives this session: a controller killed before its confirm
   * leaves a commit that a new session confirms or cancels with the persist-id, and that the
   * device rolls back by itself at the timeout if nobody does. SR OS advertises
   * confirmed-commit:1.1, which carries persist / persist-id and cancel-commit (Nokia 7750 SR
   * System Management Guide 22.7, "NETCONF > <commit>";
   * https://infocenter.nokia.com/public/7750SR227R1A/topic/com.nokia.System_Management_Guide/commit-ai9exj5x6x.html).
   */
  async prepare(change: Fragment[]): Promise<Prepared> {
    const s = this.session;
    const persistId = `netintent-${randomUUID()}`;
    let locked: ('running' | 'candidate')[] = [];
    let phase: 'staged' | 'pending' | 'confirmed' | 'done' = 'staged';
    let restore: Fragment;
    const lock = async () => {
      for (const t of ['running', 'candidate'] as const) {
        await s.lock(t);
        locked.push(t);
      }
    };
    const release = async () => {
      for (const t of locked.reverse()) await s.unlock(t).catch(() => undefined);
      locked = [];
    };
    try {
      await lock();
      restore = await this.preImage(change);
      await s.editConfig(editConfigXml(change));
      await s.validate();
    } catch (e) {
      await s.discardChanges().catch(() => undefined);
      await release();
      throw e;
    }
    return {
      recovery: { protocol: 'netconf', persistId },
      async commit(o: ApplyOptions = {}) {
        try {
          await s.commit({ confirmed: true, confirmTimeout: o.confirmTimeoutSec ?? 60, persist: persistId });
          phase = 'pending';
        } catch (e) {
          // Unanswered (a drop, a timeout): the device may hold it, so abort cancels it too.
          if (!(e instanceof RpcError)) phase = 'pending';
          throw e;
        }
      },
      async confirm() {
        await s.commit({ persistId });
        phase = 'confirmed';
        await release();
      },
      async abort() {
        const was = phase;
        phase = 'done';
        if (was === 'staged') {
          await s.discardChanges().catch(() => undefined);
          await release();
          return 'untouched';
        }
        if (was === 'pending') {
          const cancelled = await s.cancelCommit(persistId).then(() => true, () => false);
          await s.discardChanges().catch(() => undefined);
          await release();
          return cancelled ? 'rolledBack' : 'expiring';
        }
        if (was === 'done') return 'rolledBack';
        // Confirmed already: write the pre-image back, under the locks again.
        try {
          await lock();
          await s.editConfig(editConfigXml([restore]));
          await s.commit();
          return 'rolledBack';
        } catch {
          await s.discardChanges().catch(() => undefined);
          return 'failed';
        } finally {
          await release();
        }
      },
    };
  }

  /** The running configuration at every path the change touches, as a change that puts it back. */
  private async preImage(change: Fragment[]): Promise<Fragment> {
    const all = change.flatMap((f) => [...f.updates.map((u) => u.path), ...f.deletes]);
    const strs = all.map(pathString);
    // A path inside another touched one is restored with it.
    const paths = all.filter((_, i) => !strs.some((o, j) => (j < i && o === strs[i]) || strs[i]!.startsWith(`${o}/`)));
    const running = paths.length ? xmlToTree(await this.session.getConfig('running', filterXml(paths))) : {};
    const restore: Fragment = { updates: [], deletes: [] };
    for (const path of paths) {
      const value = nodeAtPath(running, path);
      if (value === undefined) restore.deletes.push(path);
      else if (Array.isArray(value)) for (const v of value as YObject[]) restore.updates.push({ path, value: v, replace: true });
      else if (typeof value === 'object') restore.updates.push({ path, value, replace: true });
      else restore.updates.push({ path: path.slice(0, -1), value: { [path.at(-1)!.name]: value } }); // a leaf: merged back
    }
    return restore;
  }

  async resume(r: Recovery, action: 'confirm' | 'cancel'): Promise<boolean> {
    if (r.protocol !== 'netconf') throw new Error(`a ${r.protocol} recovery cannot resume on a NETCONF device`);
    try {
      if (action === 'confirm') await this.session.commit({ persistId: r.persistId });
      else await this.session.cancelCommit(r.persistId);
      return true;
    } catch (e) {
      // RFC 6241 §8.4.5.1: a persist-id that matches no pending confirmed commit is invalid-value.
      if (e instanceof RpcError && e.errors.some((x) => x.tag === 'invalid-value' || x.tag === 'operation-failed')) return false;
      throw e;
    }
  }

  private subscription?: Promise<void>;

  /**
   * Configuration changes as they happen: RFC 5277 notifications on this same session (SR OS
   * advertises :interleave, so transactions go on beside the subscription; see
   * adapters/netconf/notifications.ts). `onChange` gets the changed paths that overlap
   * `paths` ('/' when a notification does not name them); changes this session committed
   * itself are skipped. One subscription per session (RFC 5277 has no way to end one), shared
   * by every watch; `cancel` only detaches this watcher. Same shape as GnmiDriver.watch.
   */
  watch(paths: string[], onChange: (changed: string[]) => void, stream = DEFAULT_STREAM): { synced: Promise<void>; done: Promise<void>; cancel(): void } {
    const s = this.session;
    let cancelled = false;
    let stopListening = () => undefined as unknown;
    let stopClose = () => undefined as unknown;
    let end!: (e?: Error) => void;
    const done = new Promise<void>((resolve, reject) => (end = (e) => (e && !cancelled ? reject(e) : resolve())));
    stopListening = s.onNotification((n) => {
      if (cancelled || !n.configChange) return;
      const by = n.changedBy;
      if (by && 'sessionId' in by && by.sessionId !== undefined && by.sessionId === s.sessionId) return;
      const changed = (n.paths ?? ['/']).filter((c) => paths.some((p) => pathsOverlap(c, p)));
      if (changed.length) onChange(changed);
    });
    stopClose = s.onClose((e) => end(e));
    if (!s.has(NOTIFICATION_CAP.notification)) {
      this.subscription = Promise.reject(new Error('the device does not advertise the :notification capability; drift is found by the periodic resync only'));
    }
    this.subscription ??= s.createSubscription(stream);
    const current = this.subscription;
    current.catch(() => {
      if (this.subscription === current) this.subscription = undefined;
    });
    const synced = current.then(() => undefined);
    synced.catch((e: Error) => {
      stopListening();
      stopClose();
      end(e);
    });
    return {
      synced,
      done,
      cancel: () => {
        cancelled = true;
        stopListening();
        stopClose();
        end();
      },
    };
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
