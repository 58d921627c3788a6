// What an object waits for: explicit references (netintent.dev/depends-on and the seed's
// nwi.enc.nokia.com/depends_on) plus the implicit ones its spec implies. The reverse index
// answers "who waits for X" so that X turning Ready re-queues them at once.
import { parseDependencies } from '../apis/index.js';
import { keyOf, type Obj } from '../apis/objects.js';

/** A key standing for "the NetworkDevice whose address is A", for ENC manifests' switchID. */
export const addressKey = (address: string) => `address:${address}`;

export type Dependencies = { ok: true; keys: string[] } | { ok: false; error: string };

type Lookup = { byAddress(address: string): Obj[] };

export function dependenciesOf(o: Obj, store: Lookup): Dependencies {
  const ns = o.metadata.namespace ?? 'default';
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const keys = new Set<string>();
  const device = (name: unknown) => typeof name === 'string' && keys.add(keyOf('NetworkDevice', ns, name));
  switch (o.kind) {
    case 'VRF':
    case 'VPLS':
      for (const e of (spec.endpoints as { device?: string }[] | undefined) ?? []) device(e.device);
      break;
    case 'L3VPN':
      for (const v of (spec.vrfs as { name?: string }[] | undefined) ?? []) if (v.name) keys.add(keyOf('VRF', ns, v.name));
      break;
    case 'SRv6Policy':
      device(spec.headEnd);
      for (const l of (spec.segmentLists as { segments?: { device?: string }[] }[] | undefined) ?? []) for (const s of l.segments ?? []) device(s.device);
      break;
    case 'SROSConfig':
    case 'SRLinuxConfig': {
      const at = store.byAddress(String(spec.switchID ?? ''));
      if (at.length) at.forEach((d) => keys.add(keyOf('NetworkDevice', d.metadata.namespace ?? 'default', d.metadata.name)));
      else keys.add(addressKey(String(spec.switchID ?? '')));
      break;
    }
  }
  const explicit = parseDependencies(o.metadata.annotations, ns);
  if (!explicit.ok) return { ok: false, error: explicit.error };
  for (const r of explicit.refs) keys.add(keyOf(r.kind, r.namespace, r.name));
  return { ok: true, keys: [...keys] };
}

/** The first cycle through `start`, as the list of keys walked (start … start), if any. */
export function findCycle(start: string, depsOf: (key: string) => string[]): string[] | undefined {
  const seen = new Set<string>();
  const walk = (key: string, path: string[]): string[] | undefined => {
    for (const d of depsOf(key)) {
      if (d === start) return [...path, d];
      if (seen.has(d)) continue;
      seen.add(d);
      const found = walk(d, [...path, d]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, [start]);
}

/** key → the keys that depend on it. */
export class ReverseIndex {
  private readonly forward = new Map<string, string[]>();
  private readonly reverse = new Map<string, Set<string>>();

  set(key: string, deps: string[]) {
    this.delete(key);
    this.forward.set(key, deps);
    for (const d of deps) {
      if (!this.reverse.has(d)) this.reverse.set(d, new Set());
      this.reverse.get(d)!.add(key);
    }
  }

  delete(key: string) {
    for (const d of this.forward.get(key) ?? []) this.reverse.get(d)?.delete(key);
    this.forward.delete(key);
  }

  depsOf(key: string): string[] {
    return this.forward.get(key) ?? [];
  }

  dependents(key: string): string[] {
    return [...(this.reverse.get(key) ?? [])];
  }
}
