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

  constructor(records: Iterable<AllocationRecord> = []) {
    for (const r of records) this.take(r.pool, r.value, r.owner);
  }

  private pool(name: string): Map<number, string> {
    let p = this.pools.get(name);
    if (!p) this.pools.set(name, (p = new Map()));
    return p;
  }

  private take(pool: string, value: number, owner: string) {
    const holder = this.pool(pool).get(value);
    if (holder !== undefined && holder !== owner) {
      throw new AllocationError(`${pool}: ${value} is already used by ${holder}`);
    }
    this.pool(pool).set(value, owner);
    let mine = this.owners.get(owner);
    if (!mine) this.owners.set(owner, (mine = new Map()));
    mine.set(pool, value);
  }

  /** What `owner` holds in `pool`, if anything. */
  held(pool: string, owner: string): number | undefined {
    return this.owners.get(owner)?.get(pool);
  }

  /** Records an operator-chosen value; fails when another owner has it. */
  claim(pools: string[], owner: string, value: number): number {
    for (const p of pools) {
      const holder = this.pool(p).get(value);
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
    const mine = pools.map((p) => this.held(p, owner));
    if (mine[0] !== undefined && mine.every((v) => v === mine[0])) return mine[0];
    const size = range.max - range.min + 1;
    const start = hash(owner) % size;
    for (let i = 0; i < size; i++) {
      const v = range.min + ((start + i) % size);
      if (pools.every((p) => (this.pool(p).get(v) ?? owner) === owner)) return this.claim(pools, owner, v);
    }
    throw new AllocationError(`${pools.join(', ')}: no free value in ${range.min}..${range.max} for ${owner}`);
  }

  release(owner: string) {
    for (const [pool, value] of this.owners.get(owner) ?? []) this.pools.get(pool)?.delete(value);
    this.owners.delete(owner);
  }

  /** Frees one value of one pool (another writer released it). */
  drop(pool: string, value: number) {
    const owner = this.pools.get(pool)?.get(value);
    if (owner === undefined) return;
    this.pools.get(pool)!.delete(value);
    this.owners.get(owner)?.delete(pool);
  }

  /** Releases `owner` and every sub-owner (`owner/import`, `owner/dt2u`, ...). */
  releaseAll(owner: string) {
    for (const o of [...this.owners.keys()]) if (o === owner || o.startsWith(`${owner}/`)) this.release(o);
  }

  /** Replaces everything with `records` (e.g. after another writer won a race). */
  reset(records: Iterable<AllocationRecord>) {
    this.pools.clear();
    this.owners.clear();
    for (const r of records) this.take(r.pool, r.value, r.owner);
  }

  /** Everything held by `owner` and its sub-owners. */
  heldBy(owner: string): AllocationRecord[] {
    const out: AllocationRecord[] = [];
    for (const [o, pools] of this.owners) if (o === owner || o.startsWith(`${owner}/`)) for (const [pool, value] of pools) out.push({ pool, value, owner: o });
    return out;
  }

  records(): AllocationRecord[] {
    const out: AllocationRecord[] = [];
    for (const [pool, p] of this.pools) for (const [value, owner] of p) out.push({ pool, value, owner });
    return out.sort((a, b) => a.pool.localeCompare(b.pool) || a.value - b.value);
  }
}
