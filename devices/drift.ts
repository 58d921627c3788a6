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
import { pathString, unqualify } from '../adapters/yang/tree.js';
import type { DeviceConnections } from './connections.js';
import { objKey, type Obj } from '../apis/objects.js';
import type { Part } from './transactions.js';

type Protocol = 'gnmi' | 'netconf';
type Subscription = { synced: Promise<void>; done: Promise<void>; cancel(): void };

interface Watch {
  device: Obj;
  protocol: Protocol;
  /** intent → the paths it owns on the device (gNMI: top-level nodes; NETCONF: the owned paths themselves). */
  intents: Map<string, Set<string>>;
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

/** The paths an intent's part owns, as the device's watch compares them. */
function ownedPaths(protocol: Protocol, p: Part): Set<string> {
  const paths = p.fragments.flatMap((f) => f.updates.map((u) => pathString(u.path)));
  return new Set(protocol === 'gnmi' ? paths.map(top) : paths);
}

/** Whether a change at `changed` concerns what an intent owns. */
function touches(protocol: Protocol, changed: string[], owned: Set<string>): boolean {
  if (protocol === 'gnmi') {
    const tops = new Set(changed.map(top));
    return [...owned].some((t) => tops.has(t));
  }
  return changed.some((c) => [...owned].some((o) => pathsOverlap(c, o)));
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
      w.intents.set(intent, ownedPaths(protocol, p));
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
    const paths = [...new Set([...w.intents.values()].flatMap((s) => [...s]))].sort();
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
      for (const [intent, owned] of w.intents) if (touches(w.protocol, changed, owned)) this.enqueue(intent);
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
