// Drift as it happens, one subscription per device. gNMI devices stream ON_CHANGE over the
// top-level paths their intents use; NETCONF devices (SR OS) send RFC 5277 configuration-change
// notifications when a log with the `change` source is directed to NETCONF (see
// adapters/netconf/notifications.ts for the Nokia documentation followed). A change re-queues
// the intents that own paths it can touch; the reconcile then compares and reverts or reports.
// The informers' periodic resync stays the fallback: a subscription that fails is retried with
// capped backoff and reported once per outage, never failing a reconcile, and when it is back
// every intent of the device is looked at once, since what changed meanwhile went unseen.
import type { GnmiDriver } from './drivers/gnmi-driver.js';
import type { NetconfDriver } from './drivers/netconf-driver.js';
import { parsePath } from '../adapters/yang/path.js';
import { pathsOverlap } from '../adapters/netconf/notifications.js';
import { assemble, nodeAtPath, pathString, unqualify, type YObject, type YPath } from '../adapters/yang/tree.js';
import type { DeviceConnections } from './connections.js';
import { objKey, type Obj } from '../apis/objects.js';
import type { Part } from './transactions.js';

type Protocol = 'gnmi' | 'netconf';
interface Owned {
  paths: Set<string>;
  doc?: YObject;
  /** Update paths the intent replaces: all of each subtree is its. */
  replaced?: string[];
}
type Subscription = { synced: Promise<void>; done: Promise<void>; cancel(): void };

interface Watch {
  device: Obj;
  protocol: Protocol;
  /** intent → the paths it owns on the device, and (gNMI) what it configures there. */
  intents: Map<string, Owned>;
  paths: string;
  /** Bumped per subscription, so a cancelled one does not restart itself. */
  generation: number;
  /** Failed attempts since the last subscription that synced (0: healthy). */
  failures: number;
  cancel?: () => void;
  retry?: NodeJS.Timeout;
}

export interface DriftWatcherOptions {
  /** First retry delay after a failure; doubles per failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/** The top-level node of a path, without keys or module: `/interface[name=ethernet-1/2]/…` → `/interface`. */
const top = (path: string) => `/${unqualify(parsePath(path)[0]?.name ?? '')}`;

/** The paths an intent's part owns; for gNMI also the configuration it sets, to place changed leaves in. */
function owned(protocol: Protocol, p: Part): Owned {
  const paths = new Set(p.fragments.flatMap((f) => f.updates.map((u) => pathString(u.path))));
  if (protocol !== 'gnmi') return { paths };
  const replaced = p.fragments.flatMap((f) => f.updates.filter((u) => u.replace).map((u) => pathString(u.path)));
  return { paths, doc: assemble(p.device.spec?.platform === 'sros' ? 'sros' : 'srlinux', p.fragments), replaced };
}

/**
 * Whether a change at `changed` concerns what an intent owns. NETCONF names the changed
 * nodes the intent's paths are compared with. gNMI streams changed leaves, while an intent's
 * update path can be a shared parent (the port's interface, holding its subinterface): the
 * leaf is placed in the intent's own configuration instead. It touches the intent when it
 * lies in it, under one of its list entries (a node added there) or under a subtree it
 * replaces; not when it is in
 * another entry of a list (another service's subinterface on the same port) or outside.
 * Waking every intent on a port for each commit there cost a device read per intent.
 */
function touches(changed: string[], o: Owned): boolean {
  if (!o.doc) return changed.some((c) => [...o.paths].some((p) => pathsOverlap(c, p)));
  return changed.some((c) => within(o.doc!, c) || o.replaced!.some((r) => pathsOverlap(c, r)));
}

function within(doc: YObject, changed: string): boolean {
  let path: YPath;
  try {
    path = parsePath(changed);
  } catch {
    return true; // cannot be placed: assume it touches
  }
  let inEntry = false;
  for (let i = 1; i <= path.length; i++) {
    if (nodeAtPath(doc, path.slice(0, i)) === undefined) return inEntry && !path[i - 1]!.keys;
    inEntry ||= !!path[i - 1]!.keys;
  }
  return true;
}

/** A path without module prefixes (gNMI updates may carry them; owned paths do not). */
function unqualified(path: string): string {
  try {
    return pathString(parsePath(path).map((e) => ({ ...e, name: unqualify(e.name) })));
  } catch {
    return path; // pathsOverlap treats what it cannot parse as touching
  }
}

export class DriftWatcher {
  private readonly watches = new Map<string, Watch>();
  private stopped = false;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly conns: DeviceConnections,
    private readonly enqueue: (intent: string) => void,
    /** Called once per outage of a device's subscription (the first failure after it worked). */
    private readonly onError: (device: string, e: unknown) => void = () => undefined,
    o: DriftWatcherOptions = {},
  ) {
    this.retryMs = o.retryMs ?? 2000;
    this.maxRetryMs = o.maxRetryMs ?? 60_000;
  }

  track(intent: string, parts: Part[]) {
    for (const p of parts) {
      const protocol = p.device.spec?.protocol;
      if (protocol !== 'gnmi' && protocol !== 'netconf') continue;
      const key = objKey(p.device);
      let w = this.watches.get(key);
      if (!w || w.protocol !== protocol) {
        if (w) this.drop(key, w);
        this.watches.set(key, (w = { device: p.device, protocol, intents: new Map(), paths: '', generation: 0, failures: 0 }));
      }
      w.device = p.device;
      w.intents.set(intent, owned(protocol, p));
      this.resubscribe(key, w);
    }
  }

  untrack(intent: string) {
    for (const [key, w] of this.watches) if (w.intents.delete(intent)) this.resubscribe(key, w);
  }

  private drop(key: string, w: Watch) {
    w.generation++;
    w.cancel?.();
    clearTimeout(w.retry);
    this.watches.delete(key);
  }

  private resubscribe(key: string, w: Watch, force = false) {
    const all = [...w.intents.values()].flatMap((o) => [...o.paths]);
    const paths = [...new Set(w.protocol === 'gnmi' ? all.map(top) : all)].sort();
    if (!force && paths.join(' ') === w.paths) return;
    w.paths = paths.join(' ');
    w.cancel?.();
    w.cancel = undefined;
    clearTimeout(w.retry);
    if (!paths.length || this.stopped) {
      if (!paths.length) this.drop(key, w);
      return;
    }
    const generation = ++w.generation;
    const current = () => !this.stopped && this.watches.get(key) === w && w.generation === generation;
    let settled = false;
    const retry = (delay: number) => {
      if (current()) w.retry = setTimeout(() => this.resubscribe(key, w, true), delay);
    };
    const failed = (e: unknown) => {
      if (settled || !current()) return;
      settled = true;
      if (w.failures++ === 0) this.onError(key, e);
      retry(Math.min(this.retryMs * 2 ** (w.failures - 1), this.maxRetryMs));
    };
    const ended = () => {
      if (settled) return;
      settled = true;
      retry(this.retryMs);
    };
    const onChange = (changed: string[]) => {
      const paths = changed.map(unqualified);
      for (const [intent, owned] of w.intents) if (touches(paths, owned)) this.enqueue(intent);
    };
    this.conns
      .get(w.device)
      .then((c) => {
        if (!current()) return;
        const sub: Subscription =
          w.protocol === 'gnmi' ? (c.driver as GnmiDriver).watch(paths, onChange) : (c.driver as NetconfDriver).watch(paths, onChange);
        w.cancel = sub.cancel;
        sub.synced.then(() => {
          if (!current() || settled) return;
          // Back after an outage: what changed meanwhile was not seen.
          if (w.failures > 0) for (const intent of w.intents.keys()) this.enqueue(intent);
          w.failures = 0;
        }, failed);
        sub.done.then(ended, failed);
      })
      .catch(failed);
  }

  stop() {
    this.stopped = true;
    for (const w of this.watches.values()) {
      w.cancel?.();
      clearTimeout(w.retry);
    }
    this.watches.clear();
  }
}
