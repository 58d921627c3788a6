// An informer that keeps going: @kubernetes/client-node's 1.x informer stops on any
// watch or list error but 410 Gone, so this one restarts it with capped backoff, and
// replays every cached object on a resync period (level-triggered reconcilers want that).
import { makeInformer, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';

export type EventType = 'add' | 'update' | 'delete' | 'resync';

export interface InformerOptions {
  resyncMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  onError?: (e: unknown, restartInMs: number) => void;
}

/**
 * Drops the field sets of managedFields, in place, from the object the informer caches
 * (controller-runtime's TransformStripManagedFields): they are most of a small object's size
 * and no reconcile reads them (issue 14: controller memory at 10,000 intents). Who changed
 * what stays answerable: each entry keeps its manager, operation, time and subresource, and
 * the top-level fields it owns (`f:spec`, `f:metadata`), with their contents emptied.
 */
export function trimManagedFields<T extends KubernetesObject>(obj: T): T {
  for (const m of obj.metadata?.managedFields ?? []) {
    const fields = m.fieldsV1 as Record<string, unknown> | undefined;
    if (fields) m.fieldsV1 = Object.fromEntries(Object.keys(fields).map((k) => [k, {}]));
  }
  return obj;
}

export class ResilientInformer<T extends KubernetesObject> {
  private readonly informer: ReturnType<typeof makeInformer<T>>;
  private backoff: number;
  private resync?: NodeJS.Timeout;
  private restart?: NodeJS.Timeout;
  private stopped = false;
  restarts = 0;

  constructor(
    kc: KubeConfig,
    path: string,
    list: () => Promise<KubernetesListObject<T>>,
    private readonly handler: (type: EventType, obj: T) => void,
    private readonly o: InformerOptions = {},
  ) {
    this.backoff = o.initialBackoffMs ?? 200;
    this.informer = makeInformer<T>(kc, path, list);
    for (const type of ['add', 'update', 'delete'] as const) {
      this.informer.on(type, (obj) => {
        this.backoff = o.initialBackoffMs ?? 200; // events flow again: the next failure starts afresh
        this.handler(type, trimManagedFields(obj));
      });
    }
    this.informer.on('error', (e) => this.scheduleRestart(e));
  }

  private scheduleRestart(e: unknown) {
    if (this.stopped || this.restart) return;
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.o.maxBackoffMs ?? 30_000);
    this.o.onError?.(e, delay);
    this.restart = setTimeout(() => {
      this.restart = undefined;
      this.restarts++;
      this.informer.start().catch((err: unknown) => this.scheduleRestart(err));
    }, delay);
  }

  /** Resolves once the first list is in the cache (or the first attempt failed and a restart is scheduled). */
  async start() {
    await this.informer.start().catch((e: unknown) => this.scheduleRestart(e));
    if (this.o.resyncMs) this.resync = setInterval(() => this.list().forEach((obj) => this.handler('resync', obj)), this.o.resyncMs);
  }

  get(name: string, namespace?: string): T | undefined {
    return this.informer.get(name, namespace);
  }

  /** The objects seen so far (the informer's cache). */
  list(): readonly T[] {
    return this.informer.list();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.resync);
    clearTimeout(this.restart);
    await this.informer.stop();
  }
}
