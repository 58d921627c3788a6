// What one intent wants on its devices: the resolver run over just the objects the intent
// needs (every NetworkDevice, the intent, and for a VRF the L3VPNs it belongs to with their
// VRFs), with the controller's persistent allocator, keeping only the intent's fragments.
import type { Allocator } from '../adapters/render/allocator.js';
import type { Plan } from '../adapters/render/render.js';
import { resolve, type RenderError, type ResolveOptions } from '../adapters/render/resolve.js';
import { loadPlatformSchema } from '../adapters/yang/schema-index.js';
import type { Fragment } from '../adapters/yang/tree.js';
import { display, isDeleting, keyOf, objKey, type Obj } from '../apis/objects.js';
import type { Part } from '../devices/transactions.js';
import { egressHeld } from './egress.js';
import { deviceKeysOf } from './nearby.js';

export interface Desired {
  parts: Part[];
  plans: Plan[];
  /** Errors about this intent (or, for a VRF, an L3VPN it belongs to). */
  errors: RenderError[];
}

export interface Cache {
  get(kind: string, namespace: string, name: string): Obj | undefined;
  list(kind: string): readonly Obj[];
}

/**
 * L3VPNs that list the VRF, leaving out those being deleted, unless their cluster egress is
 * still to be withdrawn: the PE side goes only after the cluster side.
 */
export function l3vpnsOf(vrf: Obj, cache: Cache): Obj[] {
  const ns = vrf.metadata.namespace ?? 'default';
  return cache
    .list('L3VPN')
    .filter((v) => (v.metadata.namespace ?? 'default') === ns && (!isDeleting(v) || egressHeld(v)))
    .filter((v) => ((v.spec?.vrfs as { name: string }[] | undefined) ?? []).some((m) => m.name === vrf.metadata.name));
}

function related(o: Obj, cache: Cache): Obj[] {
  const ns = o.metadata.namespace ?? 'default';
  const vrfsOf = (vpn: Obj) =>
    ((vpn.spec?.vrfs as { name: string }[] | undefined) ?? []).map((m) => cache.get('VRF', ns, m.name)).filter((v): v is Obj => v !== undefined);
  if (o.kind === 'L3VPN') return vrfsOf(o);
  if (o.kind === 'VRF') return l3vpnsOf(o, cache).flatMap((vpn) => [vpn, ...vrfsOf(vpn)]);
  return [];
}

/** `field: message; …` for conditions and Events. */
export const describeErrors = (errors: { field?: string; message: string }[]) => errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');

/**
 * The YANG schema an ENC object is checked against (its platform's; loaded once per process),
 * for desiredFor. Other kinds need none. Throws when the models cannot be loaded: the work
 * queue retries, and nothing unchecked reaches a device.
 */
export async function schemasFor(o: Obj): Promise<ResolveOptions['schemas']> {
  if (o.kind === 'SROSConfig') return { sros: await loadPlatformSchema('sros') };
  if (o.kind === 'SRLinuxConfig') return { srlinux: await loadPlatformSchema('srlinux') };
  return {};
}

/**
 * The NetworkDevices the resolver needs for `objs`: those their endpoints name; all of them
 * for the kinds that look devices up by address or across the namespace (an ENC switchID,
 * an SRv6 policy's domain). Resolving every device for every intent was the controller's
 * cost growing with devices × intents (issue 14).
 */
function devicesFor(objs: Obj[], cache: Cache): Obj[] {
  if (objs.some((x) => !['VRF', 'VPLS', 'L3VPN'].includes(x.kind))) return [...cache.list('NetworkDevice')];
  return objs.flatMap(deviceKeysOf).flatMap((k) => {
    const [ns, name] = k.split('/') as [string, string];
    return cache.get('NetworkDevice', ns, name) ?? [];
  });
}

export function desiredFor(o: Obj, cache: Cache, allocator: Allocator, schemas?: ResolveOptions['schemas']): Desired {
  const me = objKey(o);
  const seen = new Set<string>();
  const others = related(o, cache);
  const sources = [o, ...others, ...(o.kind === 'NetworkDevice' ? [] : devicesFor([o, ...others], cache))]
    .filter((x) => !seen.has(objKey(x)) && seen.add(objKey(x)))
    .map((object) => ({ object, origin: objKey(object) }));
  const r = resolve(sources, allocator, { schemas });
  const vpns = o.kind === 'VRF' ? new Set(l3vpnsOf(o, cache).map((v) => display(objKey(v)))) : new Set<string>();
  const errors = r.errors
    .filter((e) => e.object === display(me) || vpns.has(e.object))
    .map((e) => (e.object === display(me) ? e : { ...e, message: `${e.object} is invalid${e.field ? ` (${e.field})` : ''}: ${e.message}`, field: undefined }));
  const parts: Part[] = [];
  for (const d of r.devices) {
    const fragments: Fragment[] = d.fragments.filter((f) => keyOf(f.owner.kind, f.owner.namespace, f.owner.name) === me).map((f) => f.fragment);
    const device = cache.get('NetworkDevice', d.device.namespace, d.device.name) ?? (o.kind === 'NetworkDevice' ? o : undefined);
    if (fragments.length && device) parts.push({ device, fragments });
  }
  return { parts, plans: r.plans.filter((p) => keyOf(p.kind, p.namespace, p.name) === me || o.kind === 'L3VPN'), errors };
}
