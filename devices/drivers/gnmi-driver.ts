// SR Linux (and SR OS) over gNMI: one atomic SetRequest per change, native JSON diff; the
// pre-image read at prepare is what a cross-device abort sets back.
import { GnmiError, type GnmiClient, type Notification } from '../../adapters/gnmi/client.js';
import { setRequest } from '../../adapters/yang/gnmi-request.js';
import { parsePath } from '../../adapters/yang/path.js';
import { mergeInto, nodeAt, nodeAtPath, pathString, schemaPath, unqualify, type Fragment, type YObject, type YPath, type YValue } from '../../adapters/yang/tree.js';
import { compare, observation, type Render } from './compare.js';
import { Driver, type Observation, type ObserveOptions, type Prepared, type Recovery } from './driver.js';
import * as grpc from '@grpc/grpc-js';
import type { Platform } from '../../adapters/yang/models.js';
import { canonicalJson } from '../../adapters/canonical-json.js';
import type { ServiceOper } from './oper.js';
import { readSrlOper } from './srl-oper.js';

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

/** The whole first list `path` lies in (the path itself if it crosses none). */
function listOf(path: YPath): YPath {
  const i = path.findIndex((e) => e.keys);
  return i < 0 ? path : [...path.slice(0, i), { name: path[i]!.name }];
}

const distinct = (paths: YPath[]) => [...new Map(paths.map((p) => [pathString(p), p])).values()];

const notFound = (e: unknown) => e instanceof GnmiError && e.code === grpc.status.NOT_FOUND;

/** The longest asked path that `answered` lies under (names compared without module prefixes). */
function askedFor(asked: YPath[], answered: string): YPath | undefined {
  const elems = parsePath(answered);
  const under = (a: YPath) =>
    a.length <= elems.length && a.every((e, i) => unqualify(e.name) === unqualify(elems[i]!.name) && Object.entries(e.keys ?? {}).every(([k, v]) => elems[i]!.keys?.[k] === undefined || elems[i]!.keys?.[k] === v));
  return asked.filter(under).sort((a, b) => b.length - a.length)[0];
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

  /**
   * Every path in one Get. gNMI answers NOT_FOUND for the whole Get when any one path does not
   * exist (gNMI specification §3.3.4), which is the rule while a round creates services; then
   * the whole lists the paths lie in are read in one Get instead (`/network-instance`,
   * `/configure/service/vprn`: bigger answers, but one round trip rather than one per path),
   * and each on its own only when one of those is absent too.
   */
  async readConfig(paths: YPath[]): Promise<YObject> {
    const asked = distinct(paths);
    if (!asked.length) return {};
    const roots = distinct(paths.map(listOf));
    const same = roots.length === asked.length && roots.every((r, i) => pathString(r) === pathString(asked[i]!));
    for (const ask of same ? [asked] : [asked, roots]) {
      try {
        return this.placeAll(ask, await this.client.get(ask.map(pathString)));
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    }
    const each = await Promise.all(roots.map((r) => this.client.get([pathString(r)]).catch((e: unknown) => (notFound(e) ? [] : Promise.reject(e)))));
    return this.placeAll(roots, each.flat());
  }

  /** A Get's answers as one document; each update under the asked path it answers. */
  private placeAll(asked: YPath[], answers: Notification[]): YObject {
    const doc: YObject = {};
    for (const u of answers.flatMap((n) => n.updates)) {
      if (u.value === undefined) continue;
      const under = askedFor(asked, u.path);
      placeAt(this.platform, doc, under ? answeredPath(under, u.path) : parsePath(u.path), u.value as YValue);
    }
    return doc;
  }

  /** The value at each path (undefined where there is none), by canonical path. */
  private async readAll(paths: YPath[]): Promise<Map<string, unknown>> {
    const doc = await this.readConfig(paths);
    return new Map(paths.map((p) => [pathString(p), nodeAtPath(doc, p)]));
  }

  async observeEach(groups: Fragment[][], options: (ObserveOptions | undefined)[] = []): Promise<Observation[]> {
    const values = await this.readAll(groups.flatMap((g) => g.flatMap((f) => f.updates.map((u) => u.path))));
    const render: Render = (entries) => canonical(Object.fromEntries(entries.map((e) => [pathString(e.path), e.value])));
    return groups.map((desired, i) => observation(this.platform, compare(this.platform, desired, (p) => values.get(pathString(p)) as never, options[i]), render));
  }

  /** SR Linux: one Get of type STATE (srl-oper.ts). SR OS over gNMI: not read (nothing known). */
  override async readOperState(groups: Fragment[][]): Promise<ServiceOper[][]> {
    if (this.platform !== 'srlinux') return groups.map(() => []);
    return readSrlOper(this.client, groups);
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
