// Deterministic allocation of numbers from named pools (service ids per device, RD/RT
// values per ASN, EVIs, VNIs, SRv6 function values per locator). Pure and in memory: the
// reconcilers persist `records()` and hand them back to the next allocator.
//   - an owner asking again gets what it already holds (stable);
//   - a fresh owner starts probing at a hash of its name, so allocations do not depend on
//     the order intents are seen in, and never collide within a pool;
//   - release(owner) frees everything it held.

export interface AllocationRecord {
  pool: string;
  value: number;
  owner: string;
}

export interface Range {
  min: number;
  max: number;
}

export class AllocationError extends Error {}

/** FNV-1a: a stable, well-spread start for an owner's probe. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Allocator {
  private readonly pools = new Map<string, Map<number, string>>();
  /** owner → pool → value: what each owner holds, without scanning pools. */
  private readonly owners = new Map<string, Map<string, number>>();
  /** The range each pool allocates from, as its last allocate() gave it (the pool's capacity). */
  private readonly ranges = new Map<string, Range>();
  /** Pools written since the last drainChanged(). */
  private readonly changed = new Set<string>();

  /** `base`: see fork(). */
  constructor(records: Iterable<AllocationRecord> = [], private readonly base?: Allocator) {
    for (const r of records) this.take(r.pool, r.value, r.owner);
  }

  /**
   * A scratch copy that reads through to this allocator and copies a pool or an owner only
   * when it first changes it: checking an intent against the others renders them with a copy,
   * and copying every record for each check made that quadratic in intents (issue 14). Use it
   * at once and drop it: it sees later changes of this allocator in what it has not copied.
   */
  fork(): Allocator {
    return new Allocator([], this);
  }

  private root(): Allocator {
    return this.base?.root() ?? this;
  }

  private poolView(name: string): ReadonlyMap<number, string> | undefined {
    return this.pools.get(name) ?? this.base?.poolView(name);
  }

  private ownerView(owner: string): ReadonlyMap<string, number> | undefined {
    return this.owners.get(owner) ?? this.base?.ownerView(owner);
  }

  private pool(name: string): Map<number, string> {
    this.changed.add(name);
    let p = this.pools.get(name);
    if (!p) this.pools.set(name, (p = new Map(this.base?.poolView(name))));
    return p;
  }

  private owned(owner: string): Map<string, number> {
    let m = this.owners.get(owner);
    if (!m) this.owners.set(owner, (m = new Map(this.base?.ownerView(owner))));
    return m;
  }

  private holder(pool: string, value: number): string | undefined {
    return this.poolView(pool)?.get(value);
  }

  private take(pool: string, value: number, owner: string) {
    const holder = this.holder(pool, value);
    if (holder !== undefined && holder !== owner) {
      throw new AllocationError(`${pool}: ${value} is already used by ${holder}`);
    }
    this.pool(pool).set(value, owner);
    this.owned(owner).set(pool, value);
  }

  /** What `owner` holds in `pool`, if anything. */
  held(pool: string, owner: string): number | undefined {
    return this.ownerView(owner)?.get(pool);
  }

  /** Records an operator-chosen value; fails when another owner has it. */
  claim(pools: string[], owner: string, value: number): number {
    for (const p of pools) {
      const holder = this.holder(p, value);
      if (holder !== undefined && holder !== owner) throw new AllocationError(`${p}: ${value} is already used by ${holder}`);
    }
    for (const p of pools) {
      const old = this.held(p, owner);
      if (old !== undefined && old !== value) this.pool(p).delete(old);
      this.take(p, value, owner);
    }
    return value;
  }

  /** One value free in every pool given (e.g. a service id free on each PE of a VRF). */
  allocate(pools: string[], owner: string, range: Range): number {
    for (const p of pools) this.root().ranges.set(p, range);
    const mine = pools.map((p) => this.held(p, owner));
    if (mine[0] !== undefined && mine.every((v) => v === mine[0])) return mine[0];
    const views = pools.map((p) => this.poolView(p));
    const size = range.max - range.min + 1;
    const start = hash(owner) % size;
    for (let i = 0; i < size; i++) {
      const v = range.min + ((start + i) % size);
      if (views.every((p) => (p?.get(v) ?? owner) === owner)) return this.claim(pools, owner, v);
    }
    throw new AllocationError(`${pools.join(', ')}: no free value in ${range.min}..${range.max} for ${owner}`);
  }

  release(owner: string) {
    for (const [pool, value] of this.ownerView(owner) ?? []) this.pool(pool).delete(value);
    if (this.base) this.owned(owner).clear(); // hides the base's entry
    else this.owners.delete(owner);
  }

  /** Frees one value of one pool (another writer released it). */
  drop(pool: string, value: number) {
    const owner = this.holder(pool, value);
    if (owner === undefined) return;
    this.pool(pool).delete(value);
    this.owned(owner).delete(pool);
  }

  /** Names of every owner, this allocator's and its base's. */
  private ownerNames(): Set<string> {
    return new Set([...(this.base?.ownerNames() ?? []), ...this.owners.keys()]);
  }

  private poolNames(): Set<string> {
    return new Set([...(this.base?.poolNames() ?? []), ...this.pools.keys()]);
  }

  /** Releases `owner` and every sub-owner (`owner/import`, `owner/dt2u`, ...). */
  releaseAll(owner: string) {
    for (const o of this.ownerNames()) if (o === owner || o.startsWith(`${owner}/`)) this.release(o);
  }

  /** Replaces everything with `records` (e.g. after another writer won a race). */
  reset(records: Iterable<AllocationRecord>) {
    if (this.base) throw new Error('a forked allocator is not reset');
    this.pools.clear();
    this.owners.clear();
    for (const r of records) this.take(r.pool, r.value, r.owner);
    this.changed.clear();
  }

  /**
   * The pools changed since the last call: what a store must write, found without comparing
   * every record (a flush per burst of reconciles over 10,000 intents).
   */
  drainChanged(): string[] {
    const out = [...this.changed];
    this.changed.clear();
    return out;
  }

  /** One pool's values, value → owner. */
  poolValues(name: string): Map<number, string> {
    return new Map(this.poolView(name));
  }

  /** Everything held by `owner` and its sub-owners. */
  heldBy(owner: string): AllocationRecord[] {
    const out: AllocationRecord[] = [];
    for (const o of this.ownerNames()) {
      if (o === owner || o.startsWith(`${owner}/`)) for (const [pool, value] of this.ownerView(o) ?? []) out.push({ pool, value, owner: o });
    }
    return out;
  }

  /** Per pool, the values held and (once an allocation named its range) how many it can hold. */
  usage(): { pool: string; used: number; capacity?: number }[] {
    return [...this.poolNames()].sort().map((pool) => {
      const range = this.root().ranges.get(pool);
      return { pool, used: this.poolView(pool)?.size ?? 0, ...(range ? { capacity: range.max - range.min + 1 } : {}) };
    });
  }

  records(): AllocationRecord[] {
    const out: AllocationRecord[] = [];
    for (const pool of this.poolNames()) for (const [value, owner] of this.poolView(pool) ?? []) out.push({ pool, value, owner });
    return out.sort((a, b) => a.pool.localeCompare(b.pool) || a.value - b.value);
  }
}
