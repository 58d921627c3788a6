// Allocations persisted in ConfigMaps against the real API server: durable across
// restarts, one winner when two controllers race for the same value, three-way merges of
// non-clashing concurrent writes, releases, and grouped flushes.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { CoreV1Api, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { AllocationConflict, AllocationStore, configMapName, SHARD_SIZE } from '../../controllers/allocations.js';
import { freshNamespace, testKubeConfig } from './kube.js';

let kc: KubeConfig;
let core: CoreV1Api;

const SERVICE_IDS = { min: 1000, max: 65535 };
const SMALL = { min: 1, max: 65535 };
const SVC = 'service-id/ns/pe1';
const RD = 'rd/65000';

beforeAll(() => {
  kc = testKubeConfig();
  core = kc.makeApiClient(CoreV1Api);
});

const readPool = (namespace: string, pool: string, shard = 0): Promise<V1ConfigMap> => core.readNamespacedConfigMap({ name: configMapName(pool, shard), namespace });
const shardsOf = (values: number[]) => [...new Set(values.map((v) => Math.floor(v / SHARD_SIZE)))];
/** Every shard of `pool`, merged (readPool throws when shard 0 is missing, as it did when a pool had one ConfigMap). */
const poolData = async (namespace: string, pool: string): Promise<Record<string, string>> => {
  await readPool(namespace, pool).catch((e: unknown) => {
    if ((e as { code?: number }).code !== 404) throw e;
  });
  const list = await core.listNamespacedConfigMap({ namespace, labelSelector: 'netintent.dev/allocations=pool' });
  return Object.assign({}, ...list.items.filter((cm) => cm.metadata!.annotations?.['netintent.dev/pool'] === pool).map((cm) => cm.data ?? {}));
};

/** A store that has read what the namespace holds, as a controller does when it starts leading. */
async function loaded(namespace: string): Promise<AllocationStore> {
  const s = new AllocationStore(kc, namespace);
  await s.load();
  return s;
}

describe('AllocationStore', () => {
  it('keeps allocations across restarts, one labelled and annotated ConfigMap per pool shard', async () => {
    const ns = await freshNamespace(kc, 'alloc-durable');
    const a = await loaded(ns);
    expect(a.allocator.records()).toEqual([]);
    const owners = ['default/vpn-a', 'default/vpn-b', 'prod/vpn-c', 'prod/vpn-c/import'];
    const svc = owners.map((o) => a.allocator.allocate([SVC], o, SERVICE_IDS));
    const rd = owners.map((o) => a.allocator.allocate([RD], o, SMALL));
    expect(new Set(svc).size).toBe(owners.length);
    expect(new Set(rd).size).toBe(owners.length);
    await a.persist();
    expect(a.writes).toBe(shardsOf(svc).length + shardsOf(rd).length); // one per pool shard

    const b = await loaded(ns);
    expect(b.allocator.records()).toEqual(a.allocator.records());
    expect(b.allocator.records()).toHaveLength(2 * owners.length);
    // Asking again after the restart gives the same values (not a fresh probe).
    owners.forEach((o, i) => {
      expect(b.allocator.allocate([SVC], o, SERVICE_IDS)).toBe(svc[i]);
      expect(b.allocator.allocate([RD], o, SMALL)).toBe(rd[i]);
    });
    // Reloading changed nothing, so there is nothing to write.
    await b.persist();
    expect(b.writes).toBe(0);

    const list = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'netintent.dev/allocations=pool' });
    const names = [...shardsOf(svc).map((n) => configMapName(SVC, n)), ...shardsOf(rd).map((n) => configMapName(RD, n))];
    expect(list.items.map((cm) => cm.metadata!.name).sort()).toEqual(names.sort());
    for (const [pool, values] of [
      [SVC, svc],
      [RD, rd],
    ] as const) {
      for (const shard of shardsOf(values)) {
        const cm = await readPool(ns, pool, shard);
        expect(cm.metadata!.labels?.['netintent.dev/allocations']).toBe('pool');
        expect(cm.metadata!.annotations).toMatchObject({ 'netintent.dev/pool': pool, 'netintent.dev/shard': String(shard) });
        const mine = owners.flatMap((o, i) => (Math.floor(values[i]! / SHARD_SIZE) === shard ? [[String(values[i]), o]] : []));
        expect(cm.data).toEqual(Object.fromEntries(mine));
      }
    }
  });

  it('writes only the shard a new value falls in, and moves a pool written before shards into its shards', async () => {
    const ns = await freshNamespace(kc, 'alloc-shards');
    // A pool as an older netintent wrote it: one ConfigMap, no shard annotation.
    const legacy = { '5': 'default/a', [String(3 * SHARD_SIZE + 7)]: 'default/b' };
    await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: configMapName(RD), labels: { 'netintent.dev/allocations': 'pool' }, annotations: { 'netintent.dev/pool': RD } }, data: legacy },
    });
    const a = await loaded(ns);
    expect(a.allocator.held(RD, 'default/b')).toBe(3 * SHARD_SIZE + 7);
    a.allocator.claim([RD], 'default/c', 9);
    await a.persist();
    expect(a.writes).toBe(2); // shard 0 (now without b's value) and shard 3 (b's, moved)
    expect((await readPool(ns, RD)).data).toEqual({ '5': 'default/a', '9': 'default/c' });
    expect((await readPool(ns, RD, 3)).data).toEqual({ [String(3 * SHARD_SIZE + 7)]: 'default/b' });
    a.allocator.claim([RD], 'default/d', 3 * SHARD_SIZE + 8);
    await a.persist();
    expect(a.writes).toBe(3); // shard 3 alone
    const b = await loaded(ns);
    expect(b.allocator.records()).toEqual(a.allocator.records());
  });

  describe('two controllers racing for the same value', () => {
    const pool = SVC;
    const race = async (ns: string) => {
      const a = await loaded(ns);
      const b = await loaded(ns);
      expect(a.allocator.claim([pool], 'default/x', 4242)).toBe(4242);
      expect(b.allocator.claim([pool], 'default/y', 4242)).toBe(4242);
      const [ra, rb] = await Promise.allSettled([a.persist(), b.persist()]);
      const outcomes = [ra, rb].map((r) => r.status);
      expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
      const [winner, loser, winnerOwner, lost] =
        ra.status === 'fulfilled' ? [a, b, 'default/x', rb as PromiseRejectedResult] : [b, a, 'default/y', ra as PromiseRejectedResult];
      const loserOwner = winnerOwner === 'default/x' ? 'default/y' : 'default/x';
      expect(lost.reason).toBeInstanceOf(AllocationConflict);
      expect((lost.reason as Error).message).toContain(`4242 was taken by ${winnerOwner}`);
      // The loser reloaded: it now sees the winner's value and has forgotten its own claim.
      expect(loser.allocator.records().filter((r) => r.pool === pool && r.value === 4242)).toEqual([{ pool, value: 4242, owner: winnerOwner }]);
      expect(loser.allocator.held(pool, loserOwner)).toBeUndefined();
      expect(winner.allocator.held(pool, winnerOwner)).toBe(4242);
      const data = await poolData(ns, pool);
      expect(data['4242']).toBe(winnerOwner);
      expect(Object.values(data).filter((o) => o === loserOwner)).toEqual([]);
      // The loser's next reconcile gets another value and persists it on the winner's data.
      expect(() => loser.allocator.claim([pool], loserOwner, 4242)).toThrow(/already used by/);
      const other = loser.allocator.allocate([pool], loserOwner, SERVICE_IDS);
      expect(other).not.toBe(4242);
      await loser.persist();
      expect(await poolData(ns, pool)).toMatchObject({ '4242': winnerOwner, [String(other)]: loserOwner });
      return { winner, loser };
    };

    it('on a pool neither has written yet (both create): one wins, the other gets AllocationConflict and reloads', async () => {
      const ns = await freshNamespace(kc, 'alloc-race-new');
      await race(ns);
    });

    it('on an existing pool (both update from the same resourceVersion): one wins, the other gets AllocationConflict', async () => {
      const ns = await freshNamespace(kc, 'alloc-race-old');
      const seed = await loaded(ns);
      seed.allocator.claim([pool], 'default/seed', 1000);
      await seed.persist();
      await race(ns);
      expect((await poolData(ns, pool))['1000']).toBe('default/seed');
    });
  });

  it('merges concurrent non-clashing writes to the same pool three-way; neither throws', async () => {
    const ns = await freshNamespace(kc, 'alloc-merge');
    const seed = await loaded(ns);
    seed.allocator.claim([SVC], 'default/base', 1000);
    await seed.persist();

    const a = await loaded(ns);
    const b = await loaded(ns);
    a.allocator.claim([SVC], 'default/a', 2001);
    b.allocator.claim([SVC], 'default/b', 2002);
    // A second pool only A writes to, and one only B creates: each written once, no clash.
    a.allocator.claim([RD], 'default/a', 7);
    await expect(Promise.all([a.persist(), b.persist()])).resolves.toEqual([undefined, undefined]);

    expect(await poolData(ns, SVC)).toEqual({ '1000': 'default/base', '2001': 'default/a', '2002': 'default/b' });
    expect(await poolData(ns, RD)).toEqual({ '7': 'default/a' });
    // The one that merged learnt the other's value; the one that won does not know it yet.
    const all = [a, b].map((s) => s.allocator.records().filter((r) => r.pool === SVC).length);
    expect(all.sort()).toEqual([2, 3]);
    // Both stay usable: further writes from either keep everything.
    a.allocator.claim([SVC], 'default/a2', 2003);
    b.allocator.claim([SVC], 'default/b2', 2004);
    await Promise.all([a.persist(), b.persist()]);
    expect(await poolData(ns, SVC)).toEqual({
      '1000': 'default/base',
      '2001': 'default/a',
      '2002': 'default/b',
      '2003': 'default/a2',
      '2004': 'default/b2',
    });
    const fresh = await loaded(ns);
    expect(fresh.allocator.records().filter((r) => r.pool === SVC)).toHaveLength(5);
  });

  it('applies a release made concurrently with another writer (three-way merge keeps both)', async () => {
    const ns = await freshNamespace(kc, 'alloc-merge-rel');
    const seed = await loaded(ns);
    seed.allocator.claim([SVC], 'default/gone', 1500);
    seed.allocator.claim([SVC], 'default/stay', 1600);
    await seed.persist();

    const a = await loaded(ns);
    const b = await loaded(ns);
    b.allocator.claim([SVC], 'default/new', 1700);
    await b.persist(); // A's resourceVersion is now stale
    a.allocator.releaseAll('default/gone');
    await a.persist(); // 409, merged: B's addition kept, A's release applied
    expect(await poolData(ns, SVC)).toEqual({ '1600': 'default/stay', '1700': 'default/new' });
    expect(a.allocator.held(SVC, 'default/new')).toBe(1700);
  });

  it('removes released values from the ConfigMap, for the owner and its sub-owners only', async () => {
    const ns = await freshNamespace(kc, 'alloc-release');
    const s = await loaded(ns);
    const keep = s.allocator.allocate([SVC], 'default/keep', SERVICE_IDS);
    const drop = s.allocator.allocate([SVC], 'default/drop', SERVICE_IDS);
    const dropImport = s.allocator.allocate([RD], 'default/drop/import', SMALL);
    const dropRd = s.allocator.allocate([RD], 'default/drop', SMALL);
    const lookalike = s.allocator.allocate([RD], 'default/dropped', SMALL); // not a sub-owner
    await s.persist();
    expect(await poolData(ns, SVC)).toEqual({ [String(keep)]: 'default/keep', [String(drop)]: 'default/drop' });

    s.allocator.releaseAll('default/drop');
    await s.persist();
    expect(await poolData(ns, SVC)).toEqual({ [String(keep)]: 'default/keep' });
    const rd = await poolData(ns, RD);
    expect(rd).toEqual({ [String(lookalike)]: 'default/dropped' });
    expect(Object.keys(rd)).not.toContain(String(dropImport));
    expect(Object.keys(rd)).not.toContain(String(dropRd));

    // Releasing the last owner of a pool leaves an empty pool that reloads as empty.
    s.allocator.releaseAll('default/keep');
    await s.persist();
    expect(await poolData(ns, SVC)).toEqual({});
    const b = await loaded(ns);
    expect(b.allocator.records()).toEqual([{ pool: RD, value: lookalike, owner: 'default/dropped' }]);
  });

  describe('grouped flushes', () => {
    const owners = Array.from({ length: 50 }, (_, i) => `default/intent-${i}`);

    it('50 allocations then 50 concurrent persist() calls cost one write per changed pool shard', async () => {
      const ns = await freshNamespace(kc, 'alloc-group');
      const s = await loaded(ns);
      const values = owners.map((o) => s.allocator.allocate([SVC], o, SERVICE_IDS));
      await Promise.all(owners.map(() => s.persist()));
      expect(s.writes).toBe(shardsOf(values).length); // every change made before the first flush started
      expect(await poolData(ns, SVC)).toEqual(Object.fromEntries(owners.map((o, i) => [String(values[i]), o])));
    });

    it('50 reconciles each allocating and persisting without waiting cost a handful of writes, all durable', async () => {
      const ns = await freshNamespace(kc, 'alloc-group2');
      const s = await loaded(ns);
      const values: number[] = [];
      const done = owners.map((o, i) => {
        values.push(s.allocator.allocate([i % 2 ? SVC : RD], o, i % 2 ? SERVICE_IDS : SMALL));
        return s.persist();
      });
      await Promise.all(done);
      // Two pools: the first flush, then one round for the rest; at most each shard twice.
      const shards = shardsOf(values.filter((_, i) => i % 2)).length + shardsOf(values.filter((_, i) => !(i % 2))).length;
      expect(s.writes).toBeLessThanOrEqual(2 * shards);
      expect(s.writes).toBeGreaterThanOrEqual(2);
      const expected = (pool: string) => Object.fromEntries(owners.flatMap((o, i) => ((i % 2 ? SVC : RD) === pool ? [[String(values[i]), o]] : [])));
      expect(await poolData(ns, SVC)).toEqual(expected(SVC));
      expect(await poolData(ns, RD)).toEqual(expected(RD));
    });

    it('a persist() called while a flush is running waits for a flush that includes its change', async () => {
      const ns = await freshNamespace(kc, 'alloc-group3');
      const s = await loaded(ns);
      s.allocator.claim([SVC], 'default/first', 1001);
      const first = s.persist(); // flush starts with only 1001
      s.allocator.claim([SVC], 'default/second', 1002);
      await s.persist();
      expect(await poolData(ns, SVC)).toEqual({ '1001': 'default/first', '1002': 'default/second' });
      await first;
      expect(s.writes).toBe(2);
    });
  });
  describe('after a conflict', () => {
    // The merge on 409 learns the other writer's releases too, so the next flush does not
    // write a released value back.
    it('a value released by another writer is not resurrected by our next flush', async () => {
      const ns = await freshNamespace(kc, 'alloc-bug-resurrect');
      const seed = await loaded(ns);
      seed.allocator.claim([SVC], 'default/x', 1100);
      seed.allocator.claim([SVC], 'default/y', 1200);
      await seed.persist();
      const a = await loaded(ns);
      const b = await loaded(ns);
      b.allocator.releaseAll('default/x');
      await b.persist();
      a.allocator.claim([SVC], 'default/z', 1300);
      await a.persist(); // 409, merged: the ConfigMap is right ({1200, 1300})...
      a.allocator.claim([SVC], 'default/w', 1400);
      await a.persist(); // ...but this write puts 1100 → default/x back
      expect(await poolData(ns, SVC)).toEqual({ '1200': 'default/y', '1300': 'default/z', '1400': 'default/w' });
      expect(a.allocator.held(SVC, 'default/x')).toBeUndefined();
    });

    // A flush that ends in AllocationConflict reloads the allocator, discarding allocations
    // other callers made meanwhile: their persist() must not resolve as if they were saved.
    it('persist() does not resolve for an allocation that a conflict reload discarded', async () => {
      const ns = await freshNamespace(kc, 'alloc-bug-dropped');
      const a = await loaded(ns);
      const b = await loaded(ns);
      b.allocator.claim([SVC], 'default/y', 4242);
      await b.persist();
      a.allocator.claim([SVC], 'default/p', 4242); // will conflict
      const p = a.persist();
      a.allocator.claim([SVC], 'default/q', 1500); // a different reconcile, no clash
      const q = a.persist();
      const [rp, rq] = await Promise.allSettled([p, q]);
      expect(rp.status).toBe('rejected');
      // Either q's caller hears about it, or its value made it to the server.
      if (rq.status === 'fulfilled') expect((await poolData(ns, SVC))['1500']).toBe('default/q');
    });
  });
});
