// Allocations that outlive the controller: ConfigMaps (value → owner) in the controller's
// namespace, one per pool shard of SHARD_SIZE values, written with optimistic concurrency. A
// whole RT pool (65,535 values of ~40 bytes) would not fit one object (a ConfigMap holds
// 1 MiB), and every new VRF would rewrite all of it; a shard of 8,192 values stays under
// 400 KB, and a burst writes at most 8 shards of a pool. Writes are grouped: callers
// wait for a flush that started after their change, so a burst of reconciles costs one write
// per changed shard, not one per intent. On a conflict the shard is merged three-way (our
// changes since the last write onto the server's latest); a value taken by someone else
// meanwhile is an AllocationConflict and the in-memory allocator reloads from the server.
import { createHash } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, RestClient } from '../adapters/k8s/rest.js';
import { Allocator, type AllocationRecord } from '../adapters/render/allocator.js';

export class AllocationConflict extends Error {}

const LABEL = 'netintent.dev/allocations';
const POOL_ANNOTATION = 'netintent.dev/pool';
const SHARD_ANNOTATION = 'netintent.dev/shard';
/** Values per ConfigMap. */
export const SHARD_SIZE = 8192;
const shardOf = (value: number) => Math.floor(value / SHARD_SIZE);
/** Shard 0 keeps the pool's own name (and so the name a pool had before shards). */
const shardKey = (pool: string, shard: number) => (shard === 0 ? pool : `${pool}#${shard}`);

interface ConfigMap {
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

type PoolData = Map<number, string>;

/** The ConfigMap holding `pool`'s values of `shard`. */
export function configMapName(pool: string, shard = 0): string {
  pool = shardKey(pool, shard);
  const slug = pool.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `alloc-${slug}-${createHash('sha256').update(pool).digest('hex').slice(0, 10)}`;
}

const toData = (p: PoolData) => Object.fromEntries([...p].sort(([a], [b]) => a - b).map(([v, o]) => [String(v), o]));
const fromData = (d: Record<string, string> = {}): PoolData => new Map(Object.entries(d).map(([v, o]) => [Number(v), o]));
const samePool = (a: PoolData | undefined, b: PoolData | undefined) =>
  (a?.size ?? 0) === (b?.size ?? 0) && [...(a ?? [])].every(([v, o]) => b?.get(v) === o);

function shards(p: PoolData): Map<number, PoolData> {
  const out = new Map<number, PoolData>();
  for (const [v, o] of p) {
    const n = shardOf(v);
    if (!out.has(n)) out.set(n, new Map());
    out.get(n)!.set(v, o);
  }
  return out;
}

interface Persisted {
  pool: string;
  shard: number;
  data: PoolData;
  resourceVersion?: string;
}

export class AllocationStore {
  readonly allocator = new Allocator();
  private readonly rest: RestClient;
  private readonly base: string;
  /** What the server held after our last read or write, per pool shard (shardKey), with its resourceVersion. */
  private persisted = new Map<string, Persisted>();
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
      // Without a shard annotation: a pool written before shards, all in one ConfigMap (named
      // as shard 0 is). Its values move to their shards with the next write.
      const shard = Number(cm.metadata.annotations?.[SHARD_ANNOTATION] ?? 0);
      const data = fromData(cm.data);
      this.persisted.set(shardKey(pool, shard), { pool, shard, data, resourceVersion: cm.metadata.resourceVersion });
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
      const writes: { pool: string; shard: number; want: PoolData }[] = [];
      for (const pool of this.unsaved) {
        const want = shards(this.allocator.poolValues(pool));
        const known = [...this.persisted.values()].filter((x) => x.pool === pool).map((x) => x.shard);
        for (const shard of new Set([...want.keys(), ...known])) {
          const w = want.get(shard) ?? new Map<number, string>();
          if (!samePool(w, this.persisted.get(shardKey(pool, shard))?.data)) writes.push({ pool, shard, want: w });
        }
      }
      this.unsaved.clear();
      const results = await Promise.allSettled(writes.map((w) => this.writePool(w.pool, w.shard, w.want)));
      // A shard not written is still to be written next time.
      results.forEach((r, i) => r.status === 'rejected' && this.unsaved.add(writes[i]!.pool));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        if (failed.reason instanceof AllocationConflict) await this.load();
        throw failed.reason;
      }
    } while (this.again);
  }

  private async writePool(pool: string, shard: number, want: PoolData, attempt = 1): Promise<void> {
    const key = shardKey(pool, shard);
    const name = configMapName(pool, shard);
    const prev = this.persisted.get(key);
    const body: ConfigMap = {
      metadata: {
        name,
        namespace: this.namespace,
        labels: { [LABEL]: 'pool', 'app.kubernetes.io/managed-by': 'netintent' },
        annotations: { [POOL_ANNOTATION]: pool, [SHARD_ANNOTATION]: String(shard) },
        ...(prev?.resourceVersion ? { resourceVersion: prev.resourceVersion } : {}),
      },
      data: toData(want),
    };
    try {
      const res = prev?.resourceVersion
        ? await this.rest.request<ConfigMap>('PUT', `${this.base}/${name}`, body)
        : await this.rest.request<ConfigMap>('POST', this.base, body);
      this.writes++;
      this.persisted.set(key, { pool, shard, data: want, resourceVersion: res.metadata.resourceVersion });
    } catch (e) {
      if (!(e instanceof ApiError && (e.code === 409 || e.code === 404)) || attempt > 5) throw e;
      // Someone else wrote the shard: apply our changes since the last write onto theirs.
      const latest = await this.rest.request<ConfigMap>('GET', `${this.base}/${name}`).catch((err: unknown) => {
        if (err instanceof ApiError && err.code === 404) return undefined;
        throw err;
      });
      const theirs = shards(fromData(latest?.data)).get(shard) ?? new Map<number, string>();
      const base = shards(prev?.data ?? new Map()).get(shard) ?? new Map<number, string>();
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
      this.persisted.set(key, { pool, shard, data: theirs, resourceVersion: latest?.metadata.resourceVersion });
      for (const [v, o] of merged) if (!want.has(v)) this.allocator.claim([pool], o, v); // learn the other writer's values
      return this.writePool(pool, shard, merged, attempt + 1);
    }
  }
}
