// Allocations that outlive the controller: one ConfigMap per pool (value → owner) in the
// controller's namespace, written with optimistic concurrency. Writes are grouped: callers
// wait for a flush that started after their change, so a burst of reconciles costs one write
// per changed pool, not one per intent. On a conflict the pool is merged three-way (our
// changes since the last write onto the server's latest); a value taken by someone else
// meanwhile is an AllocationConflict and the in-memory allocator reloads from the server.
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, RestClient } from '../adapters/k8s/rest.js';
import { Allocator, type AllocationRecord } from '../adapters/render/allocator.js';

export class AllocationConflict extends Error {}

const LABEL = 'netintent.dev/allocations';
const POOL_ANNOTATION = 'netintent.dev/pool';

interface ConfigMap {
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

type PoolData = Map<number, string>;

export function configMapName(pool: string): string {
  const slug = pool.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `alloc-${slug}-${createHash('sha256').update(pool).digest('hex').slice(0, 10)}`;
}

const toData = (p: PoolData) => Object.fromEntries([...p].sort(([a], [b]) => a - b).map(([v, o]) => [String(v), o]));
const fromData = (d: Record<string, string> = {}): PoolData => new Map(Object.entries(d).map(([v, o]) => [Number(v), o]));
const samePool = (a: PoolData | undefined, b: PoolData | undefined) =>
  (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every(([v, o]) => b?.get(v) === o);

export class AllocationStore {
  readonly allocator = new Allocator();
  private readonly rest: RestClient;
  private readonly base: string;
  /** What the server held after our last read or write, per pool, with its resourceVersion. */
  private persisted = new Map<string, { data: PoolData; resourceVersion?: string }>();
  /** Pools the allocator changed that are not written yet. */
  private unsaved = new Set<string>();
  private flushing?: Promise<void>;
  /** Bumped by every load: what was allocated before it and not yet written is gone. */
  private epoch = 0;
  private again = false;
  writes = 0;

  constructor(kc: KubeConfig, readonly namespace: string) {
    this.rest = new RestClient(kc);
    this.base = `/api/v1/namespaces/${namespace}/configmaps`;
  }

  async load(): Promise<void> {
    const list = await this.rest.request<{ items: ConfigMap[] }>('GET', `${this.base}?labelSelector=${encodeURIComponent(`${LABEL}=pool`)}`);
    this.persisted = new Map();
    const records: AllocationRecord[] = [];
    for (const cm of list.items) {
      const pool = cm.metadata.annotations?.[POOL_ANNOTATION];
      if (!pool) continue;
      const data = fromData(cm.data);
      this.persisted.set(pool, { data, resourceVersion: cm.metadata.resourceVersion });
      for (const [value, owner] of data) records.push({ pool, value, owner });
    }
    this.allocator.reset(records);
    this.unsaved.clear();
    this.epoch++;
  }

  /**
   * Resolves when every allocation made before the call is durable; rejects with
   * AllocationConflict when they were dropped by a reload after a conflict (re-resolve then).
   */
  async persist(): Promise<void> {
    const epoch = this.epoch;
    await this.flush();
    if (this.epoch !== epoch) throw new AllocationConflict('allocations were reloaded after a conflicting write; resolve again');
  }

  private async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      // Wait for the running flush, then for the one that includes our change.
      await this.flushing.catch(() => undefined);
      if (this.flushing) return this.flushing;
    }
    this.flushing = this.flushLoop().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async flushLoop(): Promise<void> {
    do {
      this.again = false;
      for (const p of this.allocator.drainChanged()) this.unsaved.add(p);
      const want = new Map([...this.unsaved].map((p) => [p, this.allocator.poolValues(p)]));
      const changed = [...want.keys()].filter((p) => !samePool(want.get(p), this.persisted.get(p)?.data));
      for (const p of want.keys()) if (!changed.includes(p)) this.unsaved.delete(p);
      const results = await Promise.allSettled(
        changed.map(async (p) => {
          await this.writePool(p, want.get(p)!);
          this.unsaved.delete(p);
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        if (failed.reason instanceof AllocationConflict) await this.load();
        throw failed.reason;
      }
    } while (this.again);
  }

  private async writePool(pool: string, want: PoolData, attempt = 1): Promise<void> {
    const name = configMapName(pool);
    const prev = this.persisted.get(pool);
    const body: ConfigMap = {
      metadata: {
        name,
        namespace: this.namespace,
        labels: { [LABEL]: 'pool', 'app.kubernetes.io/managed-by': 'netintent' },
        annotations: { [POOL_ANNOTATION]: pool },
        ...(prev?.resourceVersion ? { resourceVersion: prev.resourceVersion } : {}),
      },
      data: toData(want),
    };
    try {
      const res = prev?.resourceVersion
        ? await this.rest.request<ConfigMap>('PUT', `${this.base}/${name}`, body)
        : await this.rest.request<ConfigMap>('POST', this.base, body);
      this.writes++;
      this.persisted.set(pool, { data: want, resourceVersion: res.metadata.resourceVersion });
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 409 || e.code === 404)) || attempt > 5) throw e;
      // Someone else wrote the pool: apply our changes since the last write onto theirs.
      const latest = await this.rest.request<ConfigMap>('GET', `${this.base}/${name}`).catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 404) return undefined;
        throw err;
      });
      const theirs = fromData(latest?.data);
      const base = prev?.data ?? new Map<number, string>();
      const merged = new Map(theirs);
      for (const [v, o] of base) {
        if (want.get(v) !== o && theirs.get(v) === o) merged.delete(v); // we released it
        if (want.get(v) === o && !theirs.has(v)) this.allocator.drop(pool, v); // they released it
      }
      for (const [v, o] of want) {
        if (base.get(v) === o) continue;
        const holder = theirs.get(v);
        if (holder !== undefined && holder !== o) throw new AllocationConflict(`${pool}: ${v} was taken by ${holder} meanwhile`);
        merged.set(v, o);
      }
      this.persisted.set(pool, { data: theirs, resourceVersion: latest?.metadata.resourceVersion });
      for (const [v, o] of merged) if (!want.has(v)) this.allocator.claim([pool], o, v); // learn the other writer's values
      return this.writePool(pool, merged, attempt + 1);
    }
  }
}
