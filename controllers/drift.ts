// Drift on gNMI devices, as it happens: one ON_CHANGE subscription per device over the
// top-level paths its intents use; a change re-queues the intents that own paths under the
// changed top-level node (the reconcile then compares and reverts or reports). NETCONF
// devices are compared on the informers' resync instead (periodic get-config).
import type { GnmiDriver } from '../adapters/driver/gnmi-driver.js';
import { parsePath } from '../adapters/gnmi/path.js';
import { pathString, unqualify } from '../adapters/yang/tree.js';
import type { DeviceConnections } from './devices.js';
import { objKey, type Obj } from './objects.js';
import type { Part } from './transactions.js';

interface Watch {
  device: Obj;
  /** intent → top-level paths it owns on the device. */
  intents: Map<string, Set<string>>;
  paths: string;
  /** Bumped per subscription, so a cancelled one does not restart itself. */
  generation: number;
  cancel?: () => void;
  retry?: NodeJS.Timeout;
}

/** The top-level node of a path, without keys or module: `/interface[name=ethernet-1/2]/…` → `/interface`. */
const top = (path: string) => `/${unqualify(parsePath(path)[0]?.name ?? '')}`;

export class DriftWatcher {
  private readonly watches = new Map<string, Watch>();
  private stopped = false;

  constructor(
    private readonly conns: DeviceConnections,
    private readonly enqueue: (intent: string) => void,
    private readonly onError: (device: string, e: unknown) => void = () => undefined,
  ) {}

  track(intent: string, parts: Part[]) {
    for (const p of parts) {
      if (p.device.spec?.protocol !== 'gnmi') continue;
      const key = objKey(p.device);
      let w = this.watches.get(key);
      if (!w) this.watches.set(key, (w = { device: p.device, intents: new Map(), paths: '', generation: 0 }));
      w.device = p.device;
      w.intents.set(intent, new Set(p.fragments.flatMap((f) => f.updates.map((u) => top(pathString(u.path))))));
      this.resubscribe(key, w);
    }
  }

  untrack(intent: string) {
    for (const [key, w] of this.watches) if (w.intents.delete(intent)) this.resubscribe(key, w);
  }

  private resubscribe(key: string, w: Watch, force = false) {
    const paths = [...new Set([...w.intents.values()].flatMap((s) => [...s]))].sort();
    if (!force && paths.join(' ') === w.paths) return;
    w.paths = paths.join(' ');
    w.cancel?.();
    w.cancel = undefined;
    clearTimeout(w.retry);
    if (!paths.length || this.stopped) {
      if (!paths.length) this.watches.delete(key);
      return;
    }
    const generation = ++w.generation;
    const again = () => {
      if (this.stopped || this.watches.get(key) !== w || w.generation !== generation) return;
      w.retry = setTimeout(() => this.resubscribe(key, w, true), 2000);
    };
    this.conns
      .get(w.device)
      .then((c) => {
        if (w.generation !== generation) return;
        const sub = (c.driver as GnmiDriver).watch(paths, (changed) => {
          const tops = new Set(changed.map(top));
          for (const [intent, owned] of w.intents) if ([...owned].some((t) => tops.has(t))) this.enqueue(intent);
        });
        w.cancel = sub.cancel;
        sub.done.then(again, (e: unknown) => (this.onError(key, e), again()));
      })
      .catch((e: unknown) => (this.onError(key, e), again()));
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
