// Status and Events: what every reconciler reports, written only when it changes (so a
// resync of a converged object costs no API write), conditions in a stable order and with
// observedGeneration, through the status subresource with conflict retry. Every text field
// is bounded. A status the API server could not take (an outage) waits in the outbox, and
// `view` lays it over the informer's copy, so the next reconcile builds on what it reported
// (a DriftReverted condition is not lost) rather than on the stale cache.
import { CONDITION_TYPES, type Condition, type ConditionType } from '../apis/index.js';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../adapters/canonical-json.js';
import { compareResourceVersion } from '../adapters/k8s/resource-version.js';
import { boundedStatus } from './runtime/bounded.js';
import { setCondition, type Ref, type Seen, type StatusStore } from './runtime/status.js';
import type { EventKind, EventRecorder } from './runtime/events.js';
import { objKey, type Obj } from '../apis/objects.js';
import { isOutage, Outbox } from './outbox.js';

export interface Cond {
  type: ConditionType;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
}

export const cond = (type: ConditionType, ok: boolean | 'Unknown', reason: string, message: string): Cond => ({
  type,
  status: ok === 'Unknown' ? 'Unknown' : ok ? 'True' : 'False',
  reason,
  message,
});

const order = (t: string) => CONDITION_TYPES.indexOf(t as ConditionType);

type Status = Record<string, unknown>;

/** The next status: `conds` set, `fields` merged (undefined removes), `drop` conditions removed; text bounded. */
export function nextStatus(status: Status, generation: number, conds: Cond[], fields: Status, drop: ConditionType[] = []) {
  let conditions = ((status.conditions as Condition[] | undefined) ?? []).filter((c) => !drop.includes(c.type as ConditionType));
  for (const c of conds) conditions = setCondition(conditions, { ...c, observedGeneration: generation });
  const out: Status = { ...status, observedGeneration: generation, conditions: conditions.sort((a, b) => order(a.type) - order(b.type)) };
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return boundedStatus(out);
}

interface DeviceEntry {
  name: string;
  configHash?: string;
  commitId?: string;
  commitTime?: string;
}

/**
 * `next` with the last commit of each device kept from `fresh` (the API server's status) where
 * `next` was computed from an older copy and knows none, or an older one: same device, same
 * config hash, so the commit recorded one resourceVersion earlier still describes what the
 * device holds (issue 12, item 6).
 */
export function keepCommits(fresh: Status, next: Status): Status {
  const had = fresh.devices as DeviceEntry[] | undefined;
  const devices = next.devices as DeviceEntry[] | undefined;
  if (!Array.isArray(had) || !Array.isArray(devices)) return next;
  return {
    ...next,
    devices: devices.map((d) => {
      if (d.configHash === undefined) return d;
      const h = had.find((x) => x.name === d.name);
      if (!h?.commitId || h.configHash !== d.configHash) return d;
      // metaTime strings (RFC 3339, whole seconds, UTC) order as text.
      if (d.commitId !== undefined && (d.commitTime ?? '') >= (h.commitTime ?? '')) return d;
      return { ...d, commitId: h.commitId, ...(h.commitTime !== undefined ? { commitTime: h.commitTime } : {}) };
    }),
  };
}

/** How long a written status stands in for the informer's copy until the informer shows it. */
const WRITTEN_TTL_MS = 30_000;

interface Known {
  status: Status;
  /** Waiting in the outbox (the API server does not have it yet). */
  pending: boolean;
  resourceVersion?: string;
  at: number;
  /** Which set() it came from: an older write finishing late does not replace a newer one. */
  seq: number;
}

export class Reporter {
  writes = 0;
  private readonly known = new Map<string, Known>();
  /** Per object, the statuses this process last sent and got back, as hashes (the last few writes: an echo can come late). */
  private readonly sent = new Map<string, string[]>();
  /** Conditions waiting to go out with the object's next write (defer()), by object key. */
  private readonly deferred = new Map<string, { o: Obj; conds: Cond[] }>();
  private seq = 0;

  constructor(
    private readonly status: StatusStore,
    private readonly events: EventRecorder,
    private readonly outbox: Outbox = new Outbox(),
  ) {}

  /**
   * `o` with the status this process last wrote or queued for it, until the informer's copy
   * catches up: a reconcile that follows closely (or runs during an API server outage) sees
   * what was reported, not a stale status.
   */
  view<T extends Obj | undefined>(o: T): T {
    if (!o) return o;
    const id = o.metadata.uid ?? objKey(o);
    const k = this.known.get(id);
    if (!k) return o;
    // The informer can also be ahead: the watch event of this process's next write often comes
    // before that write's response. A dependent woken by that event must not see the older
    // written status, or it waits on a Ready it was told about (nothing wakes it again).
    const order = compareResourceVersion(o.metadata.resourceVersion, k.resourceVersion);
    if (!k.pending && ((order !== undefined && order >= 0) || Date.now() - k.at > WRITTEN_TTL_MS)) {
      this.known.delete(id);
      return o;
    }
    return { ...o, status: k.status };
  }

  /**
   * Whether `o`'s status is one this process wrote: the watch event of our own status write
   * wakes nobody (controller-runtime's GenerationChangedPredicate), while a status another
   * writer changed (the egress workflow's report) still does.
   */
  isOwnStatus(o: Obj): boolean {
    return this.sent.get(o.metadata.uid ?? objKey(o))?.includes(statusHash(o.status ?? {})) ?? false;
  }

  forget(o: Obj) {
    this.sent.delete(o.metadata.uid ?? objKey(o));
  }

  /**
   * Conditions for the reconcile's next status write rather than a write of their own: a gate
   * passed (DependenciesReady) and the outcome then cost one write, not two. settle() writes
   * whatever is still deferred when the reconcile ends.
   */
  defer(o: Obj, conds: Cond[]) {
    const key = objKey(o);
    const before = this.deferred.get(key)?.conds ?? [];
    this.deferred.set(key, { o, conds: [...before.filter((c) => !conds.some((x) => x.type === c.type)), ...conds] });
  }

  /** Writes the conditions deferred for `key` that no write took along. */
  async settle(key: string): Promise<void> {
    const d = this.deferred.get(key);
    if (d) await this.set(d.o, []);
  }

  private remember(id: string, ...statuses: Status[]) {
    const hashes = [...statuses.map(statusHash), ...(this.sent.get(id) ?? [])];
    this.sent.set(id, [...new Set(hashes)].slice(0, 6));
  }

  /** Statuses waiting for the API server. */
  get pending(): number {
    return [...this.known.values()].filter((k) => k.pending).length;
  }

  async set(o: Obj, conds: Cond[], fields: Status = {}, drop: ConditionType[] = []): Promise<void> {
    const held = this.deferred.get(objKey(o));
    if (held) {
      this.deferred.delete(objKey(o));
      conds = [...held.conds.filter((c) => !conds.some((x) => x.type === c.type) && !drop.includes(c.type)), ...conds];
    }
    const gen = o.metadata.generation ?? 0;
    const seen = this.view(o);
    const current = (seen.status ?? {}) as Status;
    const next = nextStatus(current, gen, conds, fields, drop);
    if (canonicalJson(next) === canonicalJson(current)) return;
    this.writes++;
    const id = o.metadata.uid ?? objKey(o);
    const seq = ++this.seq;
    // What to write on without reading first: the status seen and the version it came with.
    const k = this.known.get(id);
    const hint: Seen = { status: current, generation: gen, resourceVersion: seen !== o && k && !k.pending ? k.resourceVersion : o.metadata.resourceVersion };
    const ref: Ref = { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? 'default', name: o.metadata.name };
    // Written now: applied to the API server's latest status. Written after an outage: `next`,
    // which already builds on every status queued before it, so the newest wins whole.
    let queued = false;
    const mine = () => (this.known.get(id)?.seq ?? 0) <= seq;
    // Its watch event can come before the write's answer.
    this.remember(id, next);
    const write = async () => {
      try {
        const w = await this.status.update(ref, (s, g) => keepCommits(s, queued ? next : nextStatus(s, g, conds, fields, drop)), queued ? undefined : hint);
        if (mine()) {
          this.known.set(id, { status: w.status, pending: false, resourceVersion: w.resourceVersion, at: Date.now(), seq });
          this.remember(id, w.status);
        }
      } catch (e) {
        if (!isOutage(e) && mine()) this.known.delete(id); // refused (e.g. the object is gone): nothing to stand in for
        throw e;
      }
    };
    if (await this.outbox.status(id, write)) return;
    queued = true;
    this.known.set(id, { status: next, pending: true, at: Date.now(), seq });
  }

  event(o: Obj, type: EventKind, reason: string, message: string): Promise<void> {
    return this.events.record(o, type, reason, message);
  }
}

const statusHash = (s: Status) => createHash('sha1').update(canonicalJson(s)).digest('base64');
