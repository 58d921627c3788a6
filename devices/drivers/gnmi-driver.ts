// SR Linux (and SR OS) over gNMI: one atomic SetRequest per change, native JSON diff; the
// pre-image read at prepare is what a cross-device abort sets back.
import { GnmiError, type GnmiClient } from '../../adapters/gnmi/client.js';
import { setRequest } from '../../adapters/yang/gnmi-request.js';
import { parsePath } from '../../adapters/yang/path.js';
import { mergeInto, nodeAt, pathString, schemaPath, type Fragment, type YObject, type YPath, type YValue } from '../../adapters/yang/tree.js';
import { compare } from './compare.js';
import { lineDiff } from './diff.js';
import { Driver, type Observation, type Prepared, type Recovery } from './driver.js';
import * as grpc from '@grpc/grpc-js';
import type { Platform } from '../../adapters/yang/models.js';
import { canonicalJson } from '../../adapters/canonical-json.js';

const canonical = (v: unknown) => canonicalJson(v, 2);
/** gRPC codes after which a Set may or may not have been applied. */
const UNANSWERED = [grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.CANCELLED, grpc.status.UNKNOWN];

/**
 * The path an update answers, with the asked path's (module-qualified) names where the two
 * overlap and the keys the device filled in (an entry of a list asked for without keys).
 */
function answeredPath(asked: YPath, answered: string): YPath {
  const elems = parsePath(answered);
  if (elems.length < asked.length) return asked;
  return elems.map((e, i) => {
    const keys = e.keys ?? asked[i]?.keys;
    return { name: asked[i]?.name ?? e.name, ...(keys ? { keys } : {}) };
  });
}

/** Puts `value` at `path` in `doc`: subtrees merge, leaves and whole lists are set. */
function placeAt(platform: Platform, doc: YObject, path: YPath, value: YValue) {
  const last = path.at(-1);
  if (typeof value === 'object' && !Array.isArray(value)) {
    const node = nodeAt(doc, path);
    // The entry's key leaves came from the path as text; the device's typed ones replace them.
    for (const k of Object.keys(last?.keys ?? {})) if (k in value) delete node[k];
    mergeInto(platform, node, value, schemaPath(path));
    return;
  }
  if (last) nodeAt(doc, path.slice(0, -1))[last.name] = value;
}

export class GnmiDriver extends Driver {
  /** `platform` decides the list keys used to compare (SR OS also speaks gNMI). */
  constructor(
    private readonly client: GnmiClient,
    private readonly platform: Platform = 'srlinux',
  ) {
    super();
  }

  private async read(path: YPath): Promise<unknown> {
    try {
      const [n] = await this.client.get([pathString(path)]);
      return n?.updates[0]?.value;
    } catch (e) {
      if (e instanceof GnmiError && e.code === grpc.status.NOT_FOUND) return undefined;
      throw e;
    }
  }

  /** Every update of a Get on `path`: a device may answer one subtree or one update per entry or leaf. */
  private async readUpdates(path: YPath): Promise<{ path: string; value: unknown }[]> {
    try {
      return (await this.client.get([pathString(path)])).flatMap((n) => n.updates);
    } catch (e) {
      if (e instanceof GnmiError && e.code === grpc.status.NOT_FOUND) return [];
      throw e;
    }
  }

  async readConfig(paths: YPath[]): Promise<YObject> {
    const doc: YObject = {};
    const reads = await Promise.all(paths.map(async (p) => ({ asked: p, updates: await this.readUpdates(p) })));
    for (const { asked, updates } of reads) {
      for (const u of updates) if (u.value !== undefined) placeAt(this.platform, doc, answeredPath(asked, u.path), u.value as YValue);
    }
    return doc;
  }

  private async readAll(paths: YPath[]): Promise<Map<string, unknown>> {
    const values = new Map<string, unknown>();
    await Promise.all(paths.map(async (p) => values.set(pathString(p), await this.read(p))));
    return values;
  }

  async observeEach(groups: Fragment[][]): Promise<Observation[]> {
    const values = await this.readAll(groups.flatMap((g) => g.flatMap((f) => f.updates.map((u) => u.path))));
    return groups.map((desired) => {
      const updates = desired.flatMap((f) => f.updates);
      const c = compare(this.platform, desired, (p) => values.get(pathString(p)) as never);
      if (c.upToDate) return { exists: c.exists, upToDate: true, diff: '' };
      const have = Object.fromEntries(c.actual.filter((a) => a.value !== undefined).map((a) => [pathString(a.path), a.value]));
      const want = Object.fromEntries(updates.map((u) => [pathString(u.path), u.value]));
      return { exists: c.exists, upToDate: false, diff: lineDiff(canonical(have), canonical(want)) };
    });
  }

  /**
   * Reads the pre-image of every path the change touches, so that abort can set it back; the
   * same pre-image is the change's recovery (a Set is final at once: undoing it after this
   * process died means setting the pre-image back).
   */
  async prepare(change: Fragment[]): Promise<Prepared> {
    const req = setRequest(change);
    const touched = [...change.flatMap((f) => f.updates.map((u) => u.path)), ...change.flatMap((f) => f.deletes)];
    const before = await this.readAll(touched);
    const preImage: [string, unknown][] = [...before].map(([p, v]) => [p, v ?? null]);
    let applied = false;
    return {
      recovery: { protocol: 'gnmi', preImage },
      commit: async () => {
        try {
          await this.client.set({ replace: req.replaces ?? [], update: req.updates ?? [], delete: req.deletes ?? [] });
          applied = true;
        } catch (e) {
          // Unanswered: the Set may have landed, so abort sets the pre-image back too (harmless if not).
          if (!(e instanceof GnmiError) || UNANSWERED.includes(e.code)) applied = true;
          throw e;
        }
      },
      confirm: async () => undefined,
      abort: async () => {
        if (!applied) return 'untouched';
        const ok = await this.setBack(preImage).then(() => true, () => false);
        if (ok) applied = false;
        return ok ? 'rolledBack' : 'failed';
      },
    };
  }

  /** Writes a pre-image back: what was there is replaced, what was absent is deleted. */
  private setBack(preImage: [string, unknown][]) {
    const had = preImage.filter(([, v]) => v !== null && v !== undefined);
    const absent = preImage.filter(([, v]) => v === null || v === undefined).map(([p]) => p);
    return this.client.set({ replace: had.map(([path, value]) => ({ path, value })), delete: absent });
  }

  async resume(r: Recovery, action: 'confirm' | 'cancel'): Promise<boolean> {
    if (r.protocol !== 'gnmi') throw new Error(`a ${r.protocol} recovery cannot resume on a gNMI device`);
    if (action === 'cancel') await this.setBack(r.preImage);
    return true;
  }

  /** ON_CHANGE stream over `paths`: `onChange` gets the paths of every change after the initial sync. */
  watch(paths: string[], onChange: (changed: string[]) => void): { synced: Promise<void>; done: Promise<void>; cancel(): void } {
    let synced = false;
    const sub = this.client.subscribe(paths, { mode: 'STREAM', streamMode: 'ON_CHANGE' }, (n) => {
      if (synced) onChange([...n.updates.map((u) => u.path), ...n.deletes]);
    });
    sub.synced.then(() => (synced = true)).catch(() => undefined);
    return { synced: sub.synced, done: sub.done, cancel: () => sub.cancel() };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
